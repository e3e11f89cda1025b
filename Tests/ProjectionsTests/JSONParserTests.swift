import Projections
import Testing

@Suite struct JSONParserTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let expected: JSONValue
        var testDescription: String { text }
    }

    static func number(_ literal: String) -> JSONValue {
        .number(JSONNumber(literal: literal) ?? JSONNumber(0))
    }

    static let validDocuments: [Valid] = [
        Valid(text: "null", expected: .null),
        Valid(text: "true", expected: true),
        Valid(text: " false ", expected: false),
        Valid(text: "0", expected: number("0")),
        Valid(text: "-0", expected: number("-0")),
        Valid(text: "1e308", expected: number("1e308")),
        Valid(text: "0.1", expected: number("0.1")),
        Valid(text: "1E+2", expected: number("1E+2")),
        Valid(text: "-1.5e-10", expected: number("-1.5e-10")),
        Valid(text: "1.0", expected: number("1.0")),
        Valid(text: "123456789012345678901234567890", expected: number("123456789012345678901234567890")),
        Valid(text: "\"\"", expected: ""),
        Valid(text: "\"plain ascii\"", expected: "plain ascii"),
        Valid(text: #""\"\\\/\b\f\n\r\t""#, expected: .string("\"\\/\u{08}\u{0C}\n\r\t")),
        Valid(text: #""\u00e9\u00C9""#, expected: "éÉ"),
        Valid(text: #""\u0000""#, expected: .string("\u{0}")),
        Valid(text: #""\ud83d\ude00""#, expected: "😀"),
        Valid(text: #""a\uD834\uDD1Eb""#, expected: "a𝄞b"),
        Valid(text: #""\u20ac\u2028""#, expected: "€\u{2028}"),
        Valid(text: "\"日本語 𝄞 ü\"", expected: "日本語 𝄞 ü"),
        Valid(text: "\"tab\\tand raw \u{7F}\"", expected: .string("tab\tand raw \u{7F}")),
        Valid(text: "[]", expected: []),
        Valid(text: "{}", expected: [:]),
        Valid(text: "[[]]", expected: [[]]),
        Valid(text: " \t\r\n[ 1 , \"two\" ,null ]\n", expected: [1, "two", nil]),
        Valid(text: #"{"a":{"b":[null,true]},"c":-7}"#, expected: ["a": ["b": [nil, true]], "c": -7]),
        Valid(text: "\u{FEFF}{\"bom\":true}", expected: ["bom": true]),
        Valid(text: #"[{"a":1},{"a":2}]"#, expected: [["a": 1], ["a": 2]]),
    ]

    @Test(arguments: validDocuments)
    func parsesValidDocument(_ document: Valid) throws {
        let value = try JSONValue(parsing: document.text)
        #expect(value == document.expected)
        // Number literals are kept exactly as written.
        if case .number(let number) = value {
            #expect(number.literal == document.text.trimmingJSONWhitespace)
        }
    }

    @Test func objectMemberOrderIsKept() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":2,"m":{"y":0,"b":1}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value.objectValue?["m"]?.objectValue?.keys == ["y", "b"])
    }

    @Test func everyEntryPointAgrees() throws {
        let text = SCIMSampleBodies.entraUser
        let bytes = Array(text.utf8)
        let expected = try JSONValue(parsing: text)
        #expect(try JSONValue(parsing: bytes) == expected)
        #expect(try bytes.withUnsafeBytes { raw throws(JSONParseError) in try JSONValue(parsing: raw) } == expected)
        #expect(try JSONValue(parsing: bytes[...]) == expected)
        #expect(try JSONValue(parsing: bytes.lazy.map { $0 }) == expected)
        #expect(try JSONParser().parse(text) == expected)
    }

    @Test func theDocumentedExampleMessageIsExact() {
        let text = "{\n  \"schemas\": [],\n  \"userName\" \"bjensen\"\n}"
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.description == #"expected ':' after object key "userName" at line 3, column 14"#
                && error.offset == 32
        }
    }

    @Test func sampleBodiesParse() throws {
        for body in SCIMSampleBodies.all {
            let value = try JSONValue(parsing: body)
            #expect(value.objectValue?["schemas"]?.arrayValue?.isEmpty == false)
        }
        let user = try JSONValue(parsing: SCIMSampleBodies.internationalUser).objectValue
        #expect(user?["displayName"] == "Zoë Ångström 🚀")
        #expect(user?["nickName"] == "Zöë")
        #expect(user?["name"]?.objectValue?["formatted"] == "Zoë \"Z\" Ångström\t(she/her)")
        #expect(user?["x-big"]?.numberValue?.literal == "123456789012345678901234567890")
        #expect(user?["x-score"]?.numberValue?.literal == "-0.5e-3")
        #expect(user?["name"]?.objectValue?["honorificPrefix"] == .null)
    }

    @Test func nestingIsLimitedToSixtyFourByDefault() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue(parsing: ok) }
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = parseError(deep)
        #expect(error?.reason == "nesting is deeper than the limit of 64 levels")
        #expect(error?.offset == 64)
        let deepObject = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(parseError(deepObject)?.reason.contains("nesting is deeper") == true)
    }

    @Test func nestingLimitIsConfigurableAndClamped() throws {
        #expect(try JSONValue(parsing: "[[1]]", maximumDepth: 2) == [[1]])
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[[[1]]]", maximumDepth: 2) }
        // Limits below 1 are raised to 1.
        #expect(try JSONValue(parsing: "[1]", maximumDepth: 0) == [1])
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[[1]]", maximumDepth: -5) }
        #expect(JSONParser(maximumDepth: 1_000_000).maximumDepth == JSONParser.maximumSupportedDepth)
        let limit = JSONParser.maximumSupportedDepth
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONValue(parsing: atLimit, maximumDepth: .max) }
        // Hostile input far beyond any limit fails cleanly instead of overflowing the stack.
        let hostile = String(repeating: "[", count: 1_000_000)
        #expect(parseError(hostile, maximumDepth: .max)?.reason.contains("nesting is deeper") == true)
    }

    @Test func wideObjectsStillRejectDuplicates() throws {
        let keys = (0..<40).map { "\"k\($0)\":\($0)" }
        let unique = "{" + keys.joined(separator: ",") + "}"
        #expect(try JSONValue(parsing: unique).objectValue?.count == 40)
        let duplicated = "{" + keys.joined(separator: ",") + ",\"k17\":0}"
        let error = parseError(duplicated)
        #expect(error?.reason == #"duplicate key "k17" in object"#)
        #expect(error?.offset == duplicated.utf8.count - 8)
        // The same key in sibling or nested objects is fine.
        #expect(throws: Never.self) { try JSONValue(parsing: #"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#) }
    }

    @Test func keysCompareTheWayJSONObjectDoes() {
        // An escaped spelling of the same key is the same key.
        #expect(parseError(#"{"a":1,"\u0061":2}"#)?.reason == #"duplicate key "a" in object"#)
        // `String ==` folds canonical equivalents (KELVIN SIGN is "K"); JSONObject lookups could
        // not tell such keys apart, so they count as duplicates.
        #expect(parseError(#"{"K":1,"\u212A":2}"#)?.offset == 7)
        #expect(parseError("{\"é\":1,\"e\u{301}\":2}")?.reason.hasPrefix("duplicate key") == true)
        #expect(throws: Never.self) { try JSONValue(parsing: #"{"a":1,"A":2,"ab":3,"b":4}"#) }
    }

    @Test func errorsCarryTheUnicodeScalarColumn() {
        let error = parseError("{\"é\": x}")
        #expect(error?.offset == 7)
        #expect(error?.column == 7)
        #expect(error?.reason == #"unexpected 'x', expected a value for object key "é""#)
        let crlf = parseError("[\r\n1,\r\n]")
        #expect(crlf?.line == 3)
        #expect(crlf?.column == 1)
        let bom = parseError("\u{FEFF}[1,]")
        #expect(bom?.line == 1)
        #expect(bom?.column == 4)
        #expect(bom?.offset == 6)
    }

    @Test func longKeysAreShortenedInMessages() {
        let key = String(repeating: "k", count: 200)
        let error = parseError("{\"\(key)\" 1}")
        #expect(error?.reason == "expected ':' after object key \"\(String(repeating: "k", count: 64))…\"")
    }
}

func parseError(_ text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
    parseError(Array(text.utf8), maximumDepth: maximumDepth)
}

func parseError(_ bytes: [UInt8], maximumDepth: Int = JSONParser.defaultMaximumDepth) -> JSONParseError? {
    do {
        _ = try JSONValue(parsing: bytes, maximumDepth: maximumDepth)
        return nil
    } catch {
        return error
    }
}

extension String {
    var trimmingJSONWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, " \t\r\n".unicodeScalars.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, " \t\r\n".unicodeScalars.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
