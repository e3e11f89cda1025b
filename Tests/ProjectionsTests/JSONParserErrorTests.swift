import Projections
import Testing

@Suite struct JSONParserErrorTests {
    struct Invalid: Sendable, CustomTestStringConvertible {
        let bytes: [UInt8]
        let offset: Int
        let line: Int
        let column: Int
        let fragment: String

        init(_ text: String, offset: Int, line: Int = 1, column: Int? = nil, _ fragment: String) {
            self.init(bytes: Array(text.utf8), offset: offset, line: line, column: column, fragment)
        }

        init(bytes: [UInt8], offset: Int, line: Int = 1, column: Int? = nil, _ fragment: String) {
            self.bytes = bytes
            self.offset = offset
            self.line = line
            self.column = column ?? offset + 1
            self.fragment = fragment
        }

        var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
    }

    static let invalidDocuments: [Invalid] = [
        // Structure
        Invalid("", offset: 0, "unexpected end of input, expected a JSON value"),
        Invalid("   ", offset: 3, "unexpected end of input, expected a JSON value"),
        Invalid("[", offset: 1, "unexpected end of input, expected a JSON value"),
        Invalid("{", offset: 1, "unexpected end of input, expected a string key or '}' in object"),
        Invalid(#"{"a""#, offset: 4, #"unexpected end of input, expected ':' after object key "a""#),
        Invalid(#"{"a":1"#, offset: 6, #"unexpected end of input, expected ',' or '}' after the value of object key "a""#),
        Invalid(#"{"a":1,}"#, offset: 7, "trailing comma in object"),
        Invalid("[1,2,]", offset: 5, "trailing comma in array"),
        Invalid("[1 2]", offset: 3, "expected ',' or ']' after array element"),
        Invalid("[1,,2]", offset: 3, "unexpected ',', expected a JSON value"),
        Invalid(#"{"a" : }"#, offset: 7, #"unexpected '}', expected a value for object key "a""#),
        Invalid(#"{"a"::1}"#, offset: 5, #"unexpected ':', expected a value for object key "a""#),
        Invalid(#"{"a":1 "b":2}"#, offset: 7, #"expected ',' or '}' after the value of object key "a""#),
        Invalid(#"{"a":1,"a":2}"#, offset: 7, #"duplicate key "a" in object"#),
        Invalid("{1:2}", offset: 1, "expected a string key or '}' in object"),
        Invalid(#"{"a":1,2}"#, offset: 7, "expected a string key after ',' in object"),
        Invalid("'a'", offset: 0, "unexpected ''', expected a JSON value"),
        Invalid(#"{"a":1} x"#, offset: 8, "unexpected 'x' after the JSON value"),
        Invalid("[1] [2]", offset: 4, "unexpected '[' after the JSON value"),
        Invalid("1\u{0}", offset: 1, "unexpected control character U+0000 after the JSON value"),
        Invalid("1é", offset: 1, "unexpected byte 0xC3 after the JSON value"),
        Invalid("\u{0C}1", offset: 0, "unexpected control character U+000C, expected a JSON value"),
        Invalid("{\n\t\"a\": tru\n}", offset: 8, line: 2, column: 7, "invalid literal, expected 'true'"),
        // Literals
        Invalid("tru", offset: 0, "invalid literal, expected 'true'"),
        Invalid("[nul]", offset: 1, "invalid literal, expected 'null'"),
        Invalid("falsey", offset: 5, "unexpected 'y' after the JSON value"),
        Invalid("falsy", offset: 0, "invalid literal, expected 'false'"),
        Invalid("fals", offset: 0, "invalid literal, expected 'false'"),
        Invalid("True", offset: 0, "unexpected 'T', expected a JSON value"),
        Invalid("NaN", offset: 0, "unexpected 'N', expected a JSON value"),
        Invalid("[Infinity]", offset: 1, "unexpected 'I', expected a JSON value"),
        // Numbers
        Invalid("01", offset: 0, "leading zeros are not allowed in numbers"),
        Invalid("-01", offset: 1, "leading zeros are not allowed in numbers"),
        Invalid("-", offset: 1, "unexpected end of input, expected a digit after '-' in number"),
        Invalid("-a", offset: 1, "expected a digit after '-' in number"),
        Invalid("1.", offset: 2, "unexpected end of input, expected a digit after '.' in number"),
        Invalid("1.e5", offset: 2, "expected a digit after '.' in number"),
        Invalid("1e", offset: 2, "expected a digit in the exponent of number"),
        Invalid("1e+", offset: 3, "expected a digit in the exponent of number"),
        Invalid(".5", offset: 0, "unexpected '.', expected a JSON value"),
        Invalid("+1", offset: 0, "unexpected '+', expected a JSON value"),
        Invalid("0x10", offset: 1, "unexpected 'x' after the JSON value"),
        // Strings
        Invalid(#""abc"#, offset: 0, "unterminated string starting"),
        Invalid(#""\""#, offset: 0, "unterminated string starting"),
        Invalid(#""\"#, offset: 1, "input ends inside an escape"),
        Invalid(#""a\x""#, offset: 2, #"invalid escape '\x' in string"#),
        Invalid(#""a\U0041""#, offset: 2, #"invalid escape '\U' in string"#),
        Invalid(#""\ud800""#, offset: 1, #"lone high surrogate \uD800"#),
        Invalid(#""\ud800x""#, offset: 1, #"lone high surrogate \uD800"#),
        Invalid(#""\ud800\u0041""#, offset: 1, #"\u0041 is not a low surrogate"#),
        Invalid(#""\udc00""#, offset: 1, #"lone low surrogate \uDC00"#),
        Invalid(#""x\ude00\ud83d""#, offset: 2, #"lone low surrogate \uDE00"#),
        Invalid(#""\u12xy""#, offset: 1, #"\u escape needs four hex digits"#),
        Invalid(#""\u12""#, offset: 1, #"\u escape needs four hex digits"#),
        Invalid(#""\u12"#, offset: 1, #"input ends inside a \u escape"#),
        Invalid("\"a\tb\"", offset: 2, "control character U+0009 must be escaped in a string"),
        Invalid("\"a\nb\"", offset: 2, "control character U+000A must be escaped in a string"),
        Invalid("[\"é\u{1F}\"]", offset: 4, column: 4, "control character U+001F must be escaped"),
        // UTF-8
        Invalid(bytes: [0x22, 0xFF, 0x22], offset: 1, "invalid UTF-8: byte 0xFF cannot start a character"),
        Invalid(bytes: [0x22, 0x80, 0x22], offset: 1, "invalid UTF-8: byte 0x80 cannot start a character"),
        Invalid(bytes: [0x22, 0xC0, 0xAF, 0x22], offset: 1, "invalid UTF-8: byte 0xC0 cannot start a character"),
        Invalid(bytes: [0x22, 0xC3, 0x28, 0x22], offset: 1, "invalid UTF-8 sequence starting with byte 0xC3"),
        Invalid(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], offset: 1, "invalid UTF-8 sequence starting with byte 0xE0"),
        Invalid(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], offset: 1, "invalid UTF-8 sequence starting with byte 0xED"),
        Invalid(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], offset: 1, "invalid UTF-8 sequence starting with byte 0xF4"),
        Invalid(bytes: [0x22, 0xF0, 0x9F, 0x98, 0x22], offset: 1, "invalid UTF-8 sequence starting with byte 0xF0"),
        Invalid(bytes: [0x22, 0xE2, 0x82], offset: 1, "character cut off by the end of input"),
        Invalid(bytes: [0xFE, 0xFF, 0x5B, 0x5D], offset: 0, "unexpected byte 0xFE, expected a JSON value"),
        Invalid(bytes: [0xEF, 0xBB, 0xBF], offset: 3, column: 1, "unexpected end of input, expected a JSON value"),
        Invalid(bytes: [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x31], offset: 3, column: 1, "unexpected byte 0xEF"),
    ]

    @Test(arguments: invalidDocuments)
    func rejectsInvalidDocument(_ document: Invalid) {
        guard let error = parseError(document.bytes) else {
            Issue.record("accepted invalid JSON")
            return
        }
        #expect(error.reason.contains(document.fragment), "reason was: \(error.reason)")
        #expect(error.offset == document.offset, "reason was: \(error.reason)")
        #expect(error.line == document.line)
        #expect(error.column == document.column)
        #expect(error.description == "\(error.reason) at line \(error.line), column \(error.column)")
    }

    /// Mutating real bodies byte by byte must never crash the parser; whatever it accepts must
    /// serialise and parse back to the same value.
    @Test func mutatedBodiesNeverCrash() throws {
        var random = SeededGenerator(seed: 0x5C1A_2026)
        let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x22, 0x2C, 0x3A, 0x5B, 0x5C, 0x5D, 0x7B, 0x7D, 0x80, 0xC3, 0xED, 0xFF]
        var accepted = 0
        for body in SCIMSampleBodies.all {
            let original = Array(body.utf8)
            for _ in 0..<1500 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[position] = interesting.randomElement(using: &random) ?? 0
                    case 1: bytes.remove(at: position)
                    default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                    }
                }
                guard let value = try? JSONValue(parsing: bytes) else { continue }
                accepted += 1
                #expect(try JSONValue(parsing: value.serializedBytes()) == value)
            }
        }
        #expect(accepted > 0)
    }
}
