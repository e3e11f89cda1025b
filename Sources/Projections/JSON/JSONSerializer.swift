/// How ``JSONValue/serialize(into:style:)`` lays out its output.
///
/// Guarantees: both styles write the same tokens in the same order (object members in their stored
/// order) and parse back to an equal value; they differ only in whitespace.
public enum JSONTextStyle: Sendable, Hashable {
    /// No whitespace at all: `{"a":[1,2]}`. For HTTP bodies and anything a machine reads.
    case compact
    /// Two-space indentation, one member or element per line, `": "` after keys, `[]` and `{}`
    /// for empty containers, no trailing newline. For CLI output and people.
    case pretty
}

extension JSONValue {
    /// Appends the JSON text of this value to `output` as UTF-8.
    ///
    /// Strings escape `"`, `\` and the control characters U+0000–U+001F (`\b \f \n \r \t` in their
    /// short forms, the rest as `\u00XX`); `/` and non-ASCII characters are written as they are.
    /// Numbers are written from their literal. `JSONValue(parsing:)` of the output equals `self`.
    public func serialize(into output: inout [UInt8], style: JSONTextStyle = .compact) {
        switch style {
        case .compact: JSONTextWriter.writeCompact(self, into: &output)
        case .pretty: JSONTextWriter.writePretty(self, indent: 0, into: &output)
        }
    }

    /// The JSON text of this value as UTF-8 bytes.
    public func serializedBytes(style: JSONTextStyle = .compact) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        serialize(into: &output, style: style)
        return output
    }

    /// The JSON text of this value.
    public func serialized(style: JSONTextStyle = .compact) -> String {
        String(decoding: serializedBytes(style: style), as: UTF8.self)
    }
}

extension JSONObject {
    /// Appends the JSON text of this object to `output`; see ``JSONValue/serialize(into:style:)``.
    public func serialize(into output: inout [UInt8], style: JSONTextStyle = .compact) {
        switch style {
        case .compact: JSONTextWriter.writeObject(self, into: &output)
        case .pretty: JSONTextWriter.writePrettyObject(self, indent: 0, into: &output)
        }
    }

    /// The JSON text of this object.
    public func serialized(style: JSONTextStyle = .compact) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        serialize(into: &output, style: style)
        return String(decoding: output, as: UTF8.self)
    }
}

/// The writing code behind ``JSONValue/serialize(into:style:)``.
///
/// Guarantees: output is valid UTF-8 JSON text for every value (strings hold valid Unicode by
/// construction; number literals are valid by ``JSONNumber``'s invariant). Recursion follows the
/// value's nesting, which the parser and binary decoder bound.
enum JSONTextWriter {
    static func writeCompact(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: appendLiteral("null", to: &output)
        case .bool(let flag): appendLiteral(flag ? "true" : "false", to: &output)
        case .number(let number): writeNumber(number, into: &output)
        case .string(let string): writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeCompact(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object): writeObject(object, into: &output)
        }
    }

    static func writeObject(_ object: JSONObject, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        var first = true
        for member in object.members {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            writeString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            writeCompact(member.value, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    static func writePretty(_ value: JSONValue, indent: Int, into output: inout [UInt8]) {
        switch value {
        case .array(let elements):
            guard !elements.isEmpty else { return appendLiteral("[]", to: &output) }
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(indent: indent + 1, into: &output)
                writePretty(element, indent: indent + 1, into: &output)
            }
            newline(indent: indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            writePrettyObject(object, indent: indent, into: &output)
        default:
            writeCompact(value, into: &output)
        }
    }

    static func writePrettyObject(_ object: JSONObject, indent: Int, into output: inout [UInt8]) {
        guard !object.members.isEmpty else { return appendLiteral("{}", to: &output) }
        output.append(UInt8(ascii: "{"))
        var first = true
        for member in object.members {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            newline(indent: indent + 1, into: &output)
            writeString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            output.append(UInt8(ascii: " "))
            writePretty(member.value, indent: indent + 1, into: &output)
        }
        newline(indent: indent, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    private static func newline(indent: Int, into output: inout [UInt8]) {
        output.append(0x0A)
        for _ in 0..<(indent * 2) { output.append(0x20) }
    }

    @inline(__always)
    private static func appendLiteral(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    static func writeNumber(_ number: JSONNumber, into output: inout [UInt8]) {
        var literal = number.literal
        literal.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Writes `string` as a quoted JSON string, copying runs that need no escape in one go.
    static func writeString(_ string: String, into output: inout [UInt8]) {
        var string = string
        output.append(UInt8(ascii: "\""))
        string.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let count = utf8.count
            while i < count {
                let byte = utf8[i]
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    i += 1
                    continue
                }
                if runStart < i { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                appendEscape(for: byte, to: &output)
                i += 1
                runStart = i
            }
            if runStart < count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let digits: StaticString = "0123456789abcdef"
            output.append(UInt8(ascii: "u"))
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "0"))
            output.append(digits.utf8Start[Int(byte >> 4)])
            output.append(digits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
