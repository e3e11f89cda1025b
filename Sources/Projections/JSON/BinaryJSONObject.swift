import EventLog

/// A binary-encoded JSON object read in place: its members as byte ranges, without decoding values.
///
/// This is the fast path of the projection: the fold copies stored resources and splices changed
/// members instead of decoding and re-encoding whole resources. Guarantees: never reads outside the
/// buffer (corrupt input throws ``BinaryDecodingError``); ``encoded(_:)`` of unchanged members is
/// byte-identical to the input, and the splice produces exactly the bytes that decoding, editing
/// the ``JSONObject`` and encoding it again would (`BinaryJSONSpliceTests` checks this).
struct BinaryJSONObject {
    /// One member: its key bytes and its encoded value (borrowed, or new).
    struct Member {
        var key: UnsafeRawBufferPointer
        var ownedKey: [UInt8]?
        var value: Value

        enum Value {
            case borrowed(UnsafeRawBufferPointer)
            case owned([UInt8])
        }

        func keyEquals(_ other: some Collection<UInt8>) -> Bool {
            if let ownedKey { return ownedKey.elementsEqual(other) }
            return key.count == other.count && key.elementsEqual(other)
        }

        func keyEqualsIgnoringASCIICase(_ other: [UInt8]) -> Bool {
            if let ownedKey { return Self.equalIgnoringASCIICase(ownedKey, other) }
            return Self.equalIgnoringASCIICase(key, other)
        }

        private static func equalIgnoringASCIICase(_ bytes: some Collection<UInt8>, _ other: [UInt8]) -> Bool {
            guard bytes.count == other.count else { return false }
            for (a, b) in zip(bytes, other) where a != b {
                let la = a | 0x20
                guard la == b | 0x20, la >= UInt8(ascii: "a"), la <= UInt8(ascii: "z") else { return false }
            }
            return true
        }

        var valueBytes: UnsafeRawBufferPointer? {
            if case .borrowed(let bytes) = value { return bytes }
            return nil
        }
    }

    var members: [Member]

    /// Reads the object encoded in `bytes` (which must hold exactly one object value).
    init(_ bytes: UnsafeRawBufferPointer) throws(BinaryDecodingError) {
        var reader = BinaryReader(bytes)
        guard try reader.readByte() == JSONBinaryTag.object else { throw .malformed("expected an object", at: 0) }
        let count = try reader.readVarint()
        guard count <= UInt64(reader.remaining) else { throw .truncated(at: reader.offset) }
        members = []
        members.reserveCapacity(Int(count))
        for _ in 0..<count {
            let key = try reader.readRaw(count: try reader.readLength())
            let start = reader.offset
            try Self.skipValue(&reader, depth: 0)
            members.append(Member(key: key, value: .borrowed(UnsafeRawBufferPointer(rebasing: bytes[start..<reader.offset]))))
        }
        guard reader.isAtEnd else { throw .malformed("trailing bytes after the object", at: reader.offset) }
    }

    init() { members = [] }

    /// The index of the member whose key is exactly `key`.
    func index(of key: [UInt8]) -> Int? { members.firstIndex { $0.keyEquals(key) } }

    /// The encoded value of the first member whose key equals `key` ignoring ASCII case.
    func value(caseInsensitiveKey key: [UInt8]) -> UnsafeRawBufferPointer? {
        members.first { $0.keyEqualsIgnoringASCIICase(key) }?.valueBytes
    }

    /// Sets (replacing in place, or appending) or removes (`nil`) the member spelled exactly `key`,
    /// as `JSONObject`'s subscript does.
    mutating func set(_ key: [UInt8], to value: [UInt8]?) {
        if let index = index(of: key) {
            if let value { members[index].value = .owned(value) } else { members.remove(at: index) }
        } else if let value {
            members.append(Member(key: UnsafeRawBufferPointer(start: nil, count: 0), ownedKey: key, value: .owned(value)))
        }
    }

    /// The object's encoding: tag, member count, then each key and value.
    func encoded(capacity: Int = 512) -> [UInt8] {
        var writer = BinaryWriter(capacity: capacity)
        encode(into: &writer)
        return writer.bytes
    }

    func encode(into writer: inout BinaryWriter) {
        writer.write(JSONBinaryTag.object)
        writer.write(varint: UInt64(members.count))
        for member in members {
            if let owned = member.ownedKey { writer.write(lengthPrefixed: owned) } else { writer.write(lengthPrefixed: member.key) }
            switch member.value {
            case .borrowed(let bytes): writer.write(raw: bytes)
            case .owned(let bytes): writer.write(raw: bytes)
            }
        }
    }

    /// Moves `reader` past one encoded value.
    static func skipValue(_ reader: inout BinaryReader, depth: Int) throws(BinaryDecodingError) {
        guard depth < JSONParser.maximumSupportedDepth else { throw .malformed("nesting too deep", at: reader.offset) }
        switch try reader.readByte() {
        case JSONBinaryTag.null, JSONBinaryTag.false, JSONBinaryTag.true:
            return
        case JSONBinaryTag.integer:
            _ = try reader.readVarint()
        case JSONBinaryTag.number, JSONBinaryTag.string:
            _ = try reader.readRaw(count: try reader.readLength())
        case JSONBinaryTag.array:
            let count = try reader.readVarint()
            guard count <= UInt64(reader.remaining) else { throw .truncated(at: reader.offset) }
            for _ in 0..<count { try skipValue(&reader, depth: depth + 1) }
        case JSONBinaryTag.object:
            let count = try reader.readVarint()
            guard count <= UInt64(reader.remaining) else { throw .truncated(at: reader.offset) }
            for _ in 0..<count {
                _ = try reader.readRaw(count: try reader.readLength())
                try skipValue(&reader, depth: depth + 1)
            }
        default:
            throw .malformed("unknown JSON value tag", at: reader.offset - 1)
        }
    }

    /// The string an encoded value holds, as raw UTF-8 bytes, or `nil` when it is not a string.
    static func stringBytes(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var reader = BinaryReader(value)
        guard (try? reader.readByte()) == JSONBinaryTag.string, let length = try? reader.readLength(),
            let bytes = try? reader.readRaw(count: length)
        else { return nil }
        return bytes
    }

    /// The elements of an encoded array, or `nil` when it is not an array.
    static func arrayElements(_ value: UnsafeRawBufferPointer) throws(BinaryDecodingError) -> [UnsafeRawBufferPointer]? {
        var reader = BinaryReader(value)
        guard try reader.readByte() == JSONBinaryTag.array else { return nil }
        let count = try reader.readVarint()
        guard count <= UInt64(reader.remaining) else { throw .truncated(at: reader.offset) }
        var elements: [UnsafeRawBufferPointer] = []
        elements.reserveCapacity(Int(count))
        for _ in 0..<count {
            let start = reader.offset
            try skipValue(&reader, depth: 1)
            elements.append(UnsafeRawBufferPointer(rebasing: value[start..<reader.offset]))
        }
        return elements
    }

    /// `true` when the encoded value is an object.
    static func isObject(_ value: UnsafeRawBufferPointer) -> Bool { value.first == JSONBinaryTag.object }
}
