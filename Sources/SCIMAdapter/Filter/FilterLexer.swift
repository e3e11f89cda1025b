import Projections

/// A syntax error in a filter or path: what was expected, at which character offset (0-based,
/// counted in Unicode scalars, which equals characters for the ASCII text SCIM uses).
struct FilterSyntaxError: Error {
    var offset: Int
    var message: String
}

/// One lexical token of a filter or PATCH path.
struct FilterToken {
    enum Kind: Equatable {
        /// A run of characters other than whitespace, `(`, `)`, `[`, `]` and `"`: attribute paths,
        /// operators, `and`/`or`/`not`, `true`/`false`/`null`, numbers and unquoted values.
        case word(String)
        /// A JSON string literal, unescaped.
        case string(String)
        case openParen, closeParen, openBracket, closeBracket
        case end
    }

    var kind: Kind
    /// Offset of the token's first character.
    var offset: Int
    /// Whether whitespace separates this token from the previous one.
    var followsWhitespace: Bool

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .word(let w): "'\(w)'"
        case .string(let s): "\"\(s)\""
        case .openParen: "'('"
        case .closeParen: "')'"
        case .openBracket: "'['"
        case .closeBracket: "']'"
        case .end: "the end of the text"
        }
    }

    /// The word's text when the token is a word.
    var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }

    /// Whether the token is the word `keyword`, ignoring ASCII case.
    func isKeyword(_ keyword: String) -> Bool {
        word?.equalsIgnoringASCIICase(keyword) ?? false
    }
}

/// Splits filter and path text into ``FilterToken``s.
///
/// Guarantees: the token list always ends with exactly one `.end` token; string literals follow
/// JSON (RFC 8259 §7) escapes, including surrogate pairs; a malformed literal throws a
/// ``FilterSyntaxError`` with its offset.
enum FilterLexer {
    static func tokenize(_ text: String) throws(FilterSyntaxError) -> [FilterToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [FilterToken] = []
        var i = 0
        var sawWhitespace = false
        while i < scalars.count {
            let c = scalars[i]
            if c.isFilterWhitespace {
                sawWhitespace = true
                i += 1
                continue
            }
            let start = i
            let kind: FilterToken.Kind
            switch c {
            case "(": kind = .openParen; i += 1
            case ")": kind = .closeParen; i += 1
            case "[": kind = .openBracket; i += 1
            case "]": kind = .closeBracket; i += 1
            case "\"": kind = .string(try readString(scalars, &i))
            default:
                var word = String.UnicodeScalarView()
                while i < scalars.count, !isDelimiter(scalars[i]) {
                    word.append(scalars[i])
                    i += 1
                }
                kind = .word(String(word))
            }
            tokens.append(FilterToken(kind: kind, offset: start, followsWhitespace: sawWhitespace || tokens.isEmpty))
            sawWhitespace = false
        }
        tokens.append(FilterToken(kind: .end, offset: scalars.count, followsWhitespace: sawWhitespace))
        return tokens
    }

    private static func isDelimiter(_ c: Unicode.Scalar) -> Bool {
        c.isFilterWhitespace || c == "(" || c == ")" || c == "[" || c == "]" || c == "\""
    }

    /// Reads a JSON string starting at the opening quote at `i`; leaves `i` after the closing quote.
    private static func readString(_ s: [Unicode.Scalar], _ i: inout Int) throws(FilterSyntaxError) -> String {
        let start = i
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            switch c {
            case "\"":
                i += 1
                return String(out)
            case "\\":
                guard i + 1 < s.count else {
                    throw FilterSyntaxError(offset: start, message: "unterminated string (expected a closing '\"')")
                }
                let e = s[i + 1]
                i += 2
                switch e {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    let scalar = try readUnicodeEscape(s, &i, escapeStart: i - 2)
                    out.append(scalar)
                default:
                    throw FilterSyntaxError(offset: i - 2, message: "invalid escape sequence '\\\(e)' in string")
                }
            default:
                guard c.value >= 0x20 else {
                    throw FilterSyntaxError(offset: i, message: "control character U+\(hex4(c.value)) must be escaped in a string")
                }
                out.append(c)
                i += 1
            }
        }
        throw FilterSyntaxError(offset: start, message: "unterminated string (expected a closing '\"')")
    }

    /// Reads the four hex digits after `\u` (and a following low surrogate escape when needed).
    private static func readUnicodeEscape(
        _ s: [Unicode.Scalar], _ i: inout Int, escapeStart: Int
    ) throws(FilterSyntaxError) -> Unicode.Scalar {
        let high = try readHex4(s, &i, escapeStart: escapeStart)
        if (0xD800...0xDBFF).contains(high) {
            guard i + 1 < s.count, s[i] == "\\", s[i + 1] == "u" else {
                throw FilterSyntaxError(offset: escapeStart, message: "unpaired surrogate in \\u escape")
            }
            i += 2
            let low = try readHex4(s, &i, escapeStart: i - 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw FilterSyntaxError(offset: escapeStart, message: "unpaired surrogate in \\u escape")
            }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            if let scalar = Unicode.Scalar(combined) { return scalar }
        } else if let scalar = Unicode.Scalar(high), !(0xDC00...0xDFFF).contains(high) {
            return scalar
        }
        throw FilterSyntaxError(offset: escapeStart, message: "invalid \\u escape")
    }

    private static func readHex4(_ s: [Unicode.Scalar], _ i: inout Int, escapeStart: Int) throws(FilterSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < s.count, let digit = hexValue(s[i]) else {
                throw FilterSyntaxError(offset: escapeStart, message: "expected four hex digits after \\u")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: c.value - 0x30
        case 0x41...0x46: c.value - 0x41 + 10
        case 0x61...0x66: c.value - 0x61 + 10
        default: nil
        }
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
