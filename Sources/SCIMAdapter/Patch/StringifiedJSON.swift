import Projections

/// Decodes JSON that Entra embeds in a string value, such as the roles it PATCHes without
/// `aadOptscim062020`: `"value": "{\"id\":\"…\",\"value\":\"25\",\"displayName\":\"Role1234\"}"`.
///
/// Guarantees: only objects and arrays are decoded (a string that is merely a name, number or
/// `true` is left alone); strict RFC 8259 syntax; at most ``maximumDepth`` levels of nesting and
/// ``maximumLength`` bytes, so hostile values cannot exhaust the stack; `nil` for anything else.
/// Number literals are kept as written. This is a deliberately small decoder for embedded values;
/// request bodies are decoded elsewhere.
enum StringifiedJSON {
    static let maximumDepth = 16
    static let maximumLength = 65_536

    /// The object or array `text` encodes, or `nil`.
    static func decode(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength else { return nil }
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        guard let first = reader.peek, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        guard let value = reader.readValue(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.atEnd ? value : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
        }

        mutating func consume(_ literal: String) -> Bool {
            let utf8 = Array(literal.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
            index += utf8.count
            return true
        }

        mutating func readValue(depth: Int) -> JSONValue? {
            guard depth < StringifiedJSON.maximumDepth else { return nil }
            skipWhitespace()
            guard let b = peek else { return nil }
            switch b {
            case UInt8(ascii: "{"): return readObject(depth: depth)
            case UInt8(ascii: "["): return readArray(depth: depth)
            case UInt8(ascii: "\""): return readString().map(JSONValue.string)
            case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return consume("null") ? .null : nil
            default: return readNumber()
            }
        }

        mutating func readObject(depth: Int) -> JSONValue? {
            index += 1
            var members: [JSONObject.Member] = []
            skipWhitespace()
            if consume("}") { return .object(JSONObject(members)) }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\""), let key = readString() else { return nil }
                skipWhitespace()
                guard consume(":"), let value = readValue(depth: depth + 1) else { return nil }
                guard !members.contains(where: { $0.key == key }) else { return nil }
                members.append(JSONObject.Member(key: key, value: value))
                skipWhitespace()
                if consume(",") { continue }
                guard consume("}") else { return nil }
                return .object(JSONObject(members))
            }
        }

        mutating func readArray(depth: Int) -> JSONValue? {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if consume("]") { return .array(elements) }
            while true {
                guard let value = readValue(depth: depth + 1) else { return nil }
                elements.append(value)
                skipWhitespace()
                if consume(",") { continue }
                guard consume("]") else { return nil }
                return .array(elements)
            }
        }

        mutating func readNumber() -> JSONValue? {
            let start = index
            while let b = peek, (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            {
                index += 1
            }
            let literal = String(decoding: bytes[start..<index], as: UTF8.self)
            return JSONNumber(literal: literal).map(JSONValue.number)
        }

        mutating func readString() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var pendingHigh: UInt32?
            while let b = peek {
                if b == UInt8(ascii: "\"") {
                    index += 1
                    return pendingHigh == nil ? String(scalars) : nil
                }
                guard b >= 0x20 else { return nil }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard let e = peek else { return nil }
                    index += 1
                    if e == UInt8(ascii: "u") {
                        guard index + 4 <= bytes.count,
                            let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                        else { return nil }
                        index += 4
                        if let high = pendingHigh {
                            guard (0xDC00...0xDFFF).contains(code),
                                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))
                            else { return nil }
                            scalars.append(scalar)
                            pendingHigh = nil
                        } else if (0xD800...0xDBFF).contains(code) {
                            pendingHigh = code
                        } else {
                            guard let scalar = Unicode.Scalar(code) else { return nil }
                            scalars.append(scalar)
                        }
                        continue
                    }
                    guard pendingHigh == nil else { return nil }
                    switch e {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    default: return nil
                    }
                    continue
                }
                guard pendingHigh == nil else { return nil }
                // Copy one UTF-8 encoded scalar.
                let length = b < 0x80 ? 1 : (b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2))
                guard index + length <= bytes.count else { return nil }
                scalars.append(contentsOf: String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars)
                index += length
            }
            return nil
        }
    }
}
