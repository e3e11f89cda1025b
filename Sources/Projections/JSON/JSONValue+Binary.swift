import EventLog

/// The stored binary form of ``JSONValue``: compact, fast, self-delimiting.
///
/// **Format version 1** (``JSONValue/binaryFormatVersion``). This is a stored format: records
/// written today must decode forever. Never change the meaning of an existing tag or layout; a
/// change needs a new tag (old decoders reject unknown tags) or a new format version recorded by the
/// enclosing record, plus a decoder that still reads version 1.
///
/// A value is one tag byte followed by its payload. `varint` is unsigned LEB128 (7 bits a byte, low
/// bits first), as ``BinaryWriter/write(varint:)`` writes it.
///
/// | tag    | value   | payload                                                                   |
/// |--------|---------|---------------------------------------------------------------------------|
/// | `0x00` | null    | none                                                                      |
/// | `0x01` | false   | none                                                                      |
/// | `0x02` | true    | none                                                                      |
/// | `0x03` | integer | zig-zag varint of an `Int64` `n`; the literal is `String(n)`              |
/// | `0x04` | number  | varint byte count, then the literal's ASCII bytes (RFC 8259 grammar)      |
/// | `0x05` | string  | varint byte count, then UTF-8 bytes                                       |
/// | `0x06` | array   | varint element count, then that many values                               |
/// | `0x07` | object  | varint member count, then per member: varint key byte count, UTF-8 key, value |
///
/// Tags `0x08`–`0xFF` are reserved. The encoder writes tag `0x03` exactly when the literal is the
/// canonical decimal form of an `Int64` (`"42"`, `"-7"`, `"0"`; not `"-0"`, `"1.0"`, `"1e2"` or
/// out-of-range integers, which use `0x04`), so the literal always round-trips byte for byte.
/// Member order is kept. Example: `{"a":[1,"x"]}` is
/// `07 01 01 61 06 02 03 02 05 01 78`.
///
/// Guarantees of the decoder: it validates everything: tags, varints (at most 10 bytes, 64 bits),
/// lengths and counts against the bytes that remain (so a corrupt count never makes it reserve
/// absurd capacity), UTF-8 of strings and keys, number literal grammar, key uniqueness within an
/// object, and nesting depth (at most ``JSONParser/maximumSupportedDepth`` by default). Any
/// violation throws ``BinaryDecodingError`` with the byte offset; it never traps and never reads
/// outside its buffer.
extension JSONValue {
    /// The version of the binary layout documented above, for records that store it.
    public static let binaryFormatVersion: UInt8 = 1

    /// Appends the binary form of this value to `writer`.
    public func encodeBinary(into writer: inout BinaryWriter) {
        switch self {
        case .null:
            writer.write(JSONBinaryTag.null)
        case .bool(let flag):
            writer.write(flag ? JSONBinaryTag.true : JSONBinaryTag.false)
        case .number(let number):
            if let integer = JSONBinaryTag.canonicalInteger(number.literal) {
                writer.write(JSONBinaryTag.integer)
                writer.write(zigzag: integer)
            } else {
                writer.write(JSONBinaryTag.number)
                writer.write(string: number.literal)
            }
        case .string(let string):
            writer.write(JSONBinaryTag.string)
            writer.write(string: string)
        case .array(let elements):
            writer.write(JSONBinaryTag.array)
            writer.write(varint: UInt64(elements.count))
            for element in elements { element.encodeBinary(into: &writer) }
        case .object(let object):
            object.encodeBinaryMembers(into: &writer)
        }
    }

    /// The binary form of this value.
    public func binaryEncoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: 512)
        encodeBinary(into: &writer)
        return writer.bytes
    }

    /// Decodes one value at the reader's position and moves the reader past it.
    ///
    /// `maximumDepth` (clamped to `1...JSONParser.maximumSupportedDepth`) bounds container nesting.
    /// On error the reader is left where it was.
    public init(
        binary reader: inout BinaryReader,
        maximumDepth: Int = JSONParser.maximumSupportedDepth
    ) throws(BinaryDecodingError) {
        let start = reader.offset
        guard let base = reader.buffer.baseAddress, start < reader.buffer.count else {
            throw .truncated(at: start)
        }
        var decoder = JSONBinaryDecoder(
            base: base.assumingMemoryBound(to: UInt8.self),
            offset: start,
            end: reader.buffer.count,
            maximumDepth: min(max(maximumDepth, 1), JSONParser.maximumSupportedDepth)
        )
        let value = try decoder.decodeValue()
        _ = try reader.readRaw(count: decoder.offset - start)
        self = value
    }

    /// Decodes a buffer that holds exactly one value (trailing bytes are an error).
    public init(
        binary bytes: UnsafeRawBufferPointer,
        maximumDepth: Int = JSONParser.maximumSupportedDepth
    ) throws(BinaryDecodingError) {
        var reader = BinaryReader(bytes)
        let value = try JSONValue(binary: &reader, maximumDepth: maximumDepth)
        guard reader.isAtEnd else {
            throw .malformed("\(reader.remaining) trailing byte(s) after the JSON value", at: reader.offset)
        }
        self = value
    }

    /// Decodes a byte array that holds exactly one value (trailing bytes are an error).
    public init(
        binary bytes: [UInt8],
        maximumDepth: Int = JSONParser.maximumSupportedDepth
    ) throws(BinaryDecodingError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BinaryDecodingError) -> JSONValue in
                try JSONValue(binary: raw, maximumDepth: maximumDepth)
            }
        }
        self = try result.get()
    }
}

extension JSONObject {
    /// Appends the binary form of this object (as a ``JSONValue/object(_:)``) to `writer`.
    public func encodeBinary(into writer: inout BinaryWriter) {
        encodeBinaryMembers(into: &writer)
    }

    fileprivate func encodeBinaryMembers(into writer: inout BinaryWriter) {
        writer.write(JSONBinaryTag.object)
        writer.write(varint: UInt64(members.count))
        for member in members {
            writer.write(string: member.key)
            member.value.encodeBinary(into: &writer)
        }
    }
}

/// Tag bytes of the binary format (see `JSONValue+Binary.swift`); their values are stored on disk.
enum JSONBinaryTag {
    static let null: UInt8 = 0x00
    static let `false`: UInt8 = 0x01
    static let `true`: UInt8 = 0x02
    static let integer: UInt8 = 0x03
    static let number: UInt8 = 0x04
    static let string: UInt8 = 0x05
    static let array: UInt8 = 0x06
    static let object: UInt8 = 0x07

    /// The integer whose `String(_:)` is exactly `literal`, or `nil` (fractions, exponents, `-0`,
    /// values outside `Int64`).
    static func canonicalInteger(_ literal: String) -> Int64? {
        let utf8 = literal.utf8
        guard !utf8.isEmpty, utf8.count <= 20 else { return nil }
        var iterator = utf8.makeIterator()
        guard var byte = iterator.next() else { return nil }
        let negative = byte == UInt8(ascii: "-")
        if negative {
            guard let next = iterator.next() else { return nil }
            byte = next
        }
        if byte == UInt8(ascii: "0") {
            // "0" is canonical; "-0" and anything longer starting with 0 is not.
            return !negative && utf8.count == 1 ? 0 : nil
        }
        var magnitude: UInt64 = 0
        while true {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            guard let next = iterator.next() else { break }
            byte = next
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
