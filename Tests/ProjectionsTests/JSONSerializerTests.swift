import Projections
import Testing

@Suite struct JSONSerializerTests {
    @Test func compactOutputHasNoWhitespaceAndKeepsMemberOrder() throws {
        let value = try JSONValue(parsing: #" { "b" : [ 1 , "x" , null ] , "a" : { } , "c" : [ ] , "d" : true } "#)
        #expect(value.serialized() == #"{"b":[1,"x",null],"a":{},"c":[],"d":true}"#)
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        var control = ""
        for code in 0..<0x20 { control.unicodeScalars.append(Unicode.Scalar(UInt8(code))) }
        let value = JSONValue.string(control + "\"\\/\u{7F}é€😀\u{2028}")
        let expected = #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
            + "\\\"\\\\/\u{7F}é€😀\u{2028}\""
        #expect(value.serialized() == expected)
        #expect(try JSONValue(parsing: expected) == value)
    }

    @Test func keysAreEscapedToo() {
        let value: JSONValue = ["line\nbreak \"quoted\"": 1]
        #expect(value.serialized() == #"{"line\nbreak \"quoted\"":1}"#)
    }

    @Test(arguments: ["0", "-0", "1e308", "0.1", "1E+2", "-1.5e-10", "1.0", "123456789012345678901234567890"])
    func numbersAreWrittenFromTheirLiteral(_ literal: String) throws {
        let number = try #require(JSONNumber(literal: literal))
        #expect(JSONValue.number(number).serialized() == literal)
        #expect(try JSONValue(parsing: literal).serialized() == literal)
    }

    @Test func prettyOutputIndentsByTwoSpaces() throws {
        let value = try JSONValue(parsing: #"{"schemas":["urn:a","urn:b"],"name":{"givenName":"Zoë"},"emails":[],"meta":{},"n":[[1,{"x":null}]]}"#)
        let expected = """
            {
              "schemas": [
                "urn:a",
                "urn:b"
              ],
              "name": {
                "givenName": "Zoë"
              },
              "emails": [],
              "meta": {},
              "n": [
                [
                  1,
                  {
                    "x": null
                  }
                ]
              ]
            }
            """
        #expect(value.serialized(style: .pretty) == expected)
        #expect(JSONValue.string("a\tb").serialized(style: .pretty) == #""a\tb""#)
        #expect(try JSONValue(parsing: expected) == value)
    }

    @Test func objectAndValueSerialiseAlike() throws {
        let value = try JSONValue(parsing: SCIMSampleBodies.entraUser)
        let object = try #require(value.objectValue)
        #expect(object.serialized() == value.serialized())
        #expect(object.serialized(style: .pretty) == value.serialized(style: .pretty))
        var bytes: [UInt8] = Array("prefix:".utf8)
        value.serialize(into: &bytes)
        #expect(bytes == Array("prefix:".utf8) + value.serializedBytes())
    }

    @Test func sampleBodiesRoundTripTextValueText() throws {
        for body in SCIMSampleBodies.all {
            let value = try JSONValue(parsing: body)
            let compact = value.serializedBytes()
            let reparsed = try JSONValue(parsing: compact)
            #expect(reparsed == value)
            #expect(reparsed.serializedBytes() == compact, "member order and literals are kept byte for byte")
            let pretty = value.serialized(style: .pretty)
            #expect(try JSONValue(parsing: pretty).serializedBytes() == compact)
        }
        let user = try JSONValue(parsing: SCIMSampleBodies.typicalUser)
        #expect((550...650).contains(user.serializedBytes().count), "the benchmark body stays about 600 bytes")
    }

    @Test func randomValuesRoundTrip() throws {
        var random = RandomJSON(seed: 20_260_101)
        for _ in 0..<1000 {
            let value = random.value()
            let compact = value.serializedBytes()
            let reparsed = try JSONValue(parsing: compact)
            #expect(reparsed == value)
            #expect(reparsed.serializedBytes() == compact)
            #expect(try JSONValue(parsing: value.serialized(style: .pretty)).serializedBytes() == compact)
        }
    }
}
