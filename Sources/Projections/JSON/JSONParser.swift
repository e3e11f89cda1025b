/// A strict RFC 8259 JSON text parser producing ``JSONValue``s exactly as written.
///
/// Guarantees:
/// - Accepts exactly the RFC 8259 grammar: any value at the top level, surrounded only by the four
///   JSON whitespace bytes (space, tab, LF, CR). A leading UTF-8 byte-order mark is skipped; any
///   other byte before or after the value is an error ("trailing garbage" included).
/// - Strings must be valid UTF-8 and contain no raw control characters; escapes are RFC 8259's,
///   `\uXXXX` surrogate pairs are combined and a lone surrogate is an error.
/// - Numbers are checked against the grammar and kept as their literal text (``JSONNumber``).
/// - Object member order is kept; a key repeated in one object is an error (keys compare with
///   `String ==`, as ``JSONObject`` does).
/// - Containers may nest at most ``maximumDepth`` levels (default 64); deeper input is an error,
///   never a stack overflow.
/// - Any input, however malformed, yields a value or a ``JSONParseError`` with the offending byte's
///   offset, line and column; the parser never traps and never reads outside the input.
public struct JSONParser: Sendable {
    /// The default nesting limit: far more than any SCIM resource needs.
    public static let defaultMaximumDepth = 64
    /// The largest nesting limit the parser accepts; larger requests are lowered to it. The parser
    /// recurses once per level, so this bounds its stack use (and that of the recursive `==`,
    /// hashing and destruction of the values it builds).
    public static let maximumSupportedDepth = 256

    /// How many containers may nest (a top-level `[]` is depth 1).
    public let maximumDepth: Int

    /// `maximumDepth` is clamped to `1...maximumSupportedDepth`.
    public init(maximumDepth: Int = JSONParser.defaultMaximumDepth) {
        self.maximumDepth = min(max(maximumDepth, 1), JSONParser.maximumSupportedDepth)
    }

    /// Parses one JSON text from raw bytes (UTF-8, optionally starting with a BOM).
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        let utf8 = bytes.bindMemory(to: UInt8.self)
        guard let base = utf8.baseAddress, !utf8.isEmpty else {
            throw JSONParseError(offset: 0, line: 1, column: 1, reason: "unexpected end of input, expected a JSON value")
        }
        var parser = JSONTextParser(bytes: utf8, base: base, maximumDepth: maximumDepth)
        return try parser.parseDocument()
    }

    /// Parses one JSON text from a byte array.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses one JSON text from a string (its UTF-8 form).
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(utf8)) }
        }
        return try result.get()
    }

    /// Parses one JSON text from any byte collection (contiguous ones are read in place).
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let inPlace = bytes.withContiguousStorageIfAvailable { utf8 in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(utf8)) }
        }
        if let inPlace { return try inPlace.get() }
        return try parse(Array(bytes))
    }
}

extension JSONValue {
    /// Parses a JSON text from raw bytes; see ``JSONParser`` for what is accepted.
    public init(parsing bytes: UnsafeRawBufferPointer, maximumDepth: Int = JSONParser.defaultMaximumDepth) throws(JSONParseError) {
        self = try JSONParser(maximumDepth: maximumDepth).parse(bytes)
    }

    /// Parses a JSON text from a byte array; see ``JSONParser`` for what is accepted.
    public init(parsing bytes: [UInt8], maximumDepth: Int = JSONParser.defaultMaximumDepth) throws(JSONParseError) {
        self = try JSONParser(maximumDepth: maximumDepth).parse(bytes)
    }

    /// Parses a JSON text from a string; see ``JSONParser`` for what is accepted.
    public init(parsing text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) throws(JSONParseError) {
        self = try JSONParser(maximumDepth: maximumDepth).parse(text)
    }

    /// Parses a JSON text from any byte collection; see ``JSONParser`` for what is accepted.
    public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = JSONParser.defaultMaximumDepth) throws(JSONParseError) {
        self = try JSONParser(maximumDepth: maximumDepth).parse(bytes)
    }
}
