/// The recursive-descent core of ``JSONParser``: reads one JSON text from raw bytes.
///
/// Guarantees: never reads outside `bytes`; every failure is a thrown ``JSONParseError`` whose
/// offset points at the offending byte; recursion is bounded by `maximumDepth` (the caller clamps
/// it to ``JSONParser/maximumSupportedDepth``), so hostile nesting cannot overflow the stack.
/// Strings (see `JSONTextParser+Strings.swift`) are validated as UTF-8 and unescaped here too.
struct JSONTextParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let base: UnsafePointer<UInt8>
    let end: Int
    let maximumDepth: Int
    var index: Int = 0
    var depth: Int = 0
    /// Whether the last string ``parseString()`` returned took the plain-ASCII fast path.
    var lastStringIsASCII = false

    /// `bytes` must not be empty (an empty base address is not a valid pointer).
    init(bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.base = base
        self.end = bytes.count
        self.maximumDepth = maximumDepth
    }

    /// Parses the whole input: optional BOM, whitespace, one value, whitespace, end of input.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < end {
            throw fail("unexpected \(JSONParseError.describe(byte: base[index])) after the JSON value")
        }
        return value
    }

    // MARK: - Errors

    /// An error at the current index.
    func fail(_ reason: String) -> JSONParseError { fail(reason, at: index) }

    @inline(never)
    func fail(_ reason: String, at offset: Int) -> JSONParseError {
        JSONParseError(reason: reason, offset: offset, in: bytes)
    }

    /// `what`, or "unexpected end of input, `what`" at the end of input.
    @inline(never)
    func expected(_ what: String) -> JSONParseError {
        guard index < end else { return fail("unexpected end of input, \(what)") }
        return fail(what)
    }

    /// "unexpected end of input" or "unexpected 'x'", followed by what was expected.
    @inline(never)
    func unexpected(expected: String) -> JSONParseError {
        guard index < end else { return fail("unexpected end of input, \(expected)") }
        return fail("unexpected \(JSONParseError.describe(byte: base[index])), \(expected)")
    }

    // MARK: - Values

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// Parses the value starting at `index` (whitespace already skipped).
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < end else { throw unexpected(expected: "expected a JSON value") }
        switch base[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected(expected: "expected a JSON value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        var i = 0
        while i < count {
            guard index + i < end, base[index + i] == start[i] else {
                throw fail("invalid literal, expected '\(literal)'", at: index)
            }
            i += 1
        }
        index += count
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth {
            throw fail("nesting is deeper than the limit of \(maximumDepth) levels")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1  // '['
        skipWhitespace()
        var elements: [JSONValue] = []
        if index < end, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < end else { throw expected("expected ',' or ']' after array element") }
            let byte = base[index]
            index += 1
            if byte == UInt8(ascii: "]") { break }
            guard byte == UInt8(ascii: ",") else {
                index -= 1
                throw expected("expected ',' or ']' after array element")
            }
            skipWhitespace()
            if index < end, base[index] == UInt8(ascii: "]") {
                throw fail("trailing comma in array: expected a value after ','")
            }
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1  // '{'
        skipWhitespace()
        var members: [JSONObject.Member] = []
        if index < end, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject(uniqueMembers: members))
        }
        var keys = JSONKeySet()
        // SCIM objects mostly have a handful of members: skip the 1-2-4 growth steps.
        members.reserveCapacity(4)
        while true {
            guard index < end, base[index] == UInt8(ascii: "\"") else {
                if members.isEmpty { throw expected("expected a string key or '}' in object") }
                if index < end, base[index] == UInt8(ascii: "}") {
                    throw fail("trailing comma in object: expected a string key after ','")
                }
                throw expected("expected a string key after ',' in object")
            }
            let keyOffset = index
            let key = try parseString()
            guard keys.insert(key, isASCII: lastStringIsASCII, existing: members) else {
                throw fail("duplicate key \(JSONParseError.quote(key)) in object", at: keyOffset)
            }
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: ":") else {
                throw expected("expected ':' after object key \(JSONParseError.quote(key))")
            }
            index += 1
            skipWhitespace()
            guard index < end, Self.startsValue(base[index]) else {
                throw unexpected(expected: "expected a value for object key \(JSONParseError.quote(key))")
            }
            members.append(JSONObject.Member(key: key, value: try parseValue()))
            skipWhitespace()
            guard index < end else {
                throw expected("expected ',' or '}' after the value of object key \(JSONParseError.quote(key))")
            }
            let byte = base[index]
            index += 1
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: ",") else {
                index -= 1
                throw expected("expected ',' or '}' after the value of object key \(JSONParseError.quote(key))")
            }
            skipWhitespace()
        }
        depth -= 1
        return .object(JSONObject(uniqueMembers: members))
    }

    // MARK: - Numbers

    @inline(__always)
    func isDigit(at i: Int) -> Bool {
        i < end && base[i] &- UInt8(ascii: "0") < 10
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`, kept as its literal text.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        if base[index] == UInt8(ascii: "-") {
            index += 1
            guard isDigit(at: index) else { throw expected("expected a digit after '-' in number") }
        }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(at: index) { throw fail("leading zeros are not allowed in numbers", at: index - 1) }
        } else {
            while isDigit(at: index) { index += 1 }
        }
        if index < end, base[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(at: index) else { throw expected("expected a digit after '.' in number") }
            while isDigit(at: index) { index += 1 }
        }
        if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(at: index) else { throw expected("expected a digit in the exponent of number") }
            while isDigit(at: index) { index += 1 }
        }
        return JSONNumber(validatedLiteral: makeString(from: start, count: index - start))
    }

    /// A `String` from bytes already known to be valid UTF-8.
    @inline(__always)
    func makeString(from start: Int, count: Int) -> String {
        JSONUTF8.makeString(base + start, count: count)
    }
}
