/// A JSON value exactly as a client sent it.
///
/// The directory stores resources the way the client wrote them: object members keep their order,
/// numbers keep their literal text (`1.0` stays `1.0`), strings are never normalised. Equality is
/// semantic where JSON says order does not matter: two objects are equal when they have the same
/// keys (compared exactly) with equal values, whatever the order; arrays compare element by element
/// in order; numbers compare by literal text.
///
/// Attribute-name matching in SCIM is case-insensitive (RFC 7643 §2.1); use
/// ``JSONObject/firstIndex(caseInsensitiveKey:)`` and friends for that, never `==` on keys.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The object payload, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number payload, if this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// `true` for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the JSON type, for error messages ("string", "object", ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}

/// A JSON number that remembers the literal it was written as.
///
/// Guarantees: `literal` is always a valid RFC 8259 number. Two numbers are equal when their
/// literals are equal; use ``doubleValue`` or ``int64Value`` for numeric comparison (SCIM filters do).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, for example `"42"`, `"-0.5"`, `"1e3"`.
    public let literal: String

    /// Creates a number from a literal, or returns `nil` when the text is not a JSON number.
    public init?(literal: String) {
        guard JSONNumber.isValidLiteral(literal.utf8) else { return nil }
        self.literal = literal
    }

    /// Creates a number from a literal the caller has already validated (the parser does).
    package init(validatedLiteral: String) {
        self.literal = validatedLiteral
    }

    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// Creates a number from a finite `Double`. JSON has no NaN or infinity: passing one is a
    /// programming error (values from clients arrive as literals and never take this path).
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON numbers are finite; \(value) has no JSON form")
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = "\(value)"
        }
    }

    /// The value as a `Double` (always available for a valid literal).
    public var doubleValue: Double { Double(literal) ?? .nan }

    /// The value as an `Int64` when the literal is an integer that fits.
    public var int64Value: Int64? { Int64(literal) }

    /// `true` when the literal has no fraction or exponent part.
    public var isInteger: Bool { !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } }

    public var description: String { literal }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`
    static func isValidLiteral(_ bytes: some Collection<UInt8>) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if i < end, bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
        guard i < end else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i = bytes.index(after: i)
        } else if isDigit(bytes[i]) {
            while i < end, isDigit(bytes[i]) { i = bytes.index(after: i) }
        } else {
            return false
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i = bytes.index(after: i)
            guard i < end, isDigit(bytes[i]) else { return false }
            while i < end, isDigit(bytes[i]) { i = bytes.index(after: i) }
        }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = bytes.index(after: i)
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
            guard i < end, isDigit(bytes[i]) else { return false }
            while i < end, isDigit(bytes[i]) { i = bytes.index(after: i) }
        }
        return i == end
    }
}
