import EventLog

/// Reads the binary form of ``JSONValue`` (format version 1, see `JSONValue+Binary.swift`).
///
/// Guarantees: reads only `base[offset..<end]`; every length is checked against the bytes left
/// before use, and every count too (each element takes at least one byte, each member two), so
/// `reserveCapacity` is never larger than the input; strings and keys must be valid UTF-8, number
/// literals must match the RFC 8259 grammar, object keys must be unique, nesting is bounded by
/// `maximumDepth`. Anything else throws ``BinaryDecodingError`` at the offending byte; no path traps.
struct JSONBinaryDecoder {
    let base: UnsafePointer<UInt8>
    var offset: Int
    let end: Int
    let maximumDepth: Int
    var depth: Int = 0

    init(base: UnsafePointer<UInt8>, offset: Int, end: Int, maximumDepth: Int) {
        self.base = base
        self.offset = offset
        self.end = end
        self.maximumDepth = maximumDepth
    }

    mutating func decodeValue() throws(BinaryDecodingError) -> JSONValue {
        guard offset < end else { throw .truncated(at: offset) }
        let tag = base[offset]
        offset += 1
        switch tag {
        case JSONBinaryTag.null:
            return .null
        case JSONBinaryTag.false:
            return .bool(false)
        case JSONBinaryTag.true:
            return .bool(true)
        case JSONBinaryTag.integer:
            let raw = try readVarint()
            let integer = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
            return .number(JSONNumber(validatedLiteral: String(integer)))
        case JSONBinaryTag.number:
            let literalOffset = offset
            let count = try readLength()
            let literal = UnsafeBufferPointer(start: base + offset, count: count)
            guard JSONNumber.isValidLiteral(literal) else {
                throw .malformed("number literal is not a valid JSON number", at: literalOffset)
            }
            let text = makeASCIIString(count: count)
            return .number(JSONNumber(validatedLiteral: text))
        case JSONBinaryTag.string:
            return .string(try readString())
        case JSONBinaryTag.array:
            return .array(try decodeArray(tagOffset: offset - 1))
        case JSONBinaryTag.object:
            return .object(try decodeObject(tagOffset: offset - 1))
        default:
            throw .malformed("unknown JSON value tag 0x\(JSONParseError.hex(tag, digits: 2))", at: offset - 1)
        }
    }

    private mutating func enterContainer(tagOffset: Int) throws(BinaryDecodingError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw .malformed("JSON value nests deeper than \(maximumDepth) levels", at: tagOffset)
        }
    }

    private mutating func decodeArray(tagOffset: Int) throws(BinaryDecodingError) -> [JSONValue] {
        try enterContainer(tagOffset: tagOffset)
        let countOffset = offset
        let count = try readVarint()
        // Every element takes at least its tag byte.
        guard count <= UInt64(end - offset) else { throw .truncated(at: countOffset) }
        var elements: [JSONValue] = []
        elements.reserveCapacity(Int(count))
        for _ in 0..<Int(count) {
            elements.append(try decodeValue())
        }
        depth -= 1
        return elements
    }

    private mutating func decodeObject(tagOffset: Int) throws(BinaryDecodingError) -> JSONObject {
        try enterContainer(tagOffset: tagOffset)
        let countOffset = offset
        let count = try readVarint()
        // Every member takes at least a key length byte and a tag byte.
        guard count <= UInt64(end - offset) / 2 else { throw .truncated(at: countOffset) }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(Int(count))
        var keys = JSONKeySet()
        for _ in 0..<Int(count) {
            let keyOffset = offset
            var isASCII = false
            let key = try readString(isASCII: &isASCII)
            guard keys.insert(key, isASCII: isASCII, existing: members) else {
                throw .malformed("duplicate object key \(JSONParseError.quote(key))", at: keyOffset)
            }
            members.append(JSONObject.Member(key: key, value: try decodeValue()))
        }
        depth -= 1
        return JSONObject(uniqueMembers: members)
    }

    // MARK: - Primitives

    @inline(__always)
    private mutating func readVarint() throws(BinaryDecodingError) -> UInt64 {
        // One-byte fast path: counts, lengths and small integers.
        if offset < end, base[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(base[offset])
        }
        return try readVarintSlowPath()
    }

    private mutating func readVarintSlowPath() throws(BinaryDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw .truncated(at: offset) }
            let byte = base[offset]
            offset += 1
            if shift == 63, byte > 1 { throw .malformed("varint overflows 64 bits", at: offset - 1) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformed("varint longer than 10 bytes", at: offset - 1) }
        }
    }

    /// A varint byte count that must fit in the bytes left; leaves `offset` at the first byte.
    @inline(__always)
    private mutating func readLength() throws(BinaryDecodingError) -> Int {
        let lengthOffset = offset
        let length = try readVarint()
        guard length <= UInt64(end - offset) else { throw .truncated(at: lengthOffset) }
        return Int(length)
    }

    /// A length-prefixed UTF-8 string; invalid UTF-8 is an error, never repaired.
    @inline(__always)
    private mutating func readString() throws(BinaryDecodingError) -> String {
        var isASCII = false
        return try readString(isASCII: &isASCII)
    }

    /// A length-prefixed UTF-8 string, reporting whether it was all ASCII.
    @inline(__always)
    private mutating func readString(isASCII: inout Bool) throws(BinaryDecodingError) -> String {
        let count = try readLength()
        let start = base + offset
        isASCII = JSONUTF8.isASCII(start, count: count)
        guard isASCII || JSONUTF8.isValid(start, count: count) else {
            throw .malformed("string is not valid UTF-8", at: offset)
        }
        offset += count
        return JSONUTF8.makeString(start, count: count)
    }

    /// Copies `count` ASCII bytes at `offset` into a new string and moves past them.
    @inline(__always)
    private mutating func makeASCIIString(count: Int) -> String {
        let start = base + offset
        offset += count
        return JSONUTF8.makeString(start, count: count)
    }
}
