import EventLog
import Projections
import Testing

@Suite struct JSONBinaryCodecTests {
    @Test func documentedExampleBytesAreStable() throws {
        // Format version 1 is stored on disk: these bytes must never change.
        let value = try JSONValue(parsing: #"{"a":[1,"x"]}"#)
        #expect(value.binaryEncoded() == [0x07, 0x01, 0x01, 0x61, 0x06, 0x02, 0x03, 0x02, 0x05, 0x01, 0x78])
        #expect(JSONValue.binaryFormatVersion == 1)
        #expect(JSONValue.null.binaryEncoded() == [0x00])
        #expect(JSONValue.bool(false).binaryEncoded() == [0x01])
        #expect(JSONValue.bool(true).binaryEncoded() == [0x02])
        #expect(JSONValue.string("").binaryEncoded() == [0x05, 0x00])
        #expect(JSONValue.array([]).binaryEncoded() == [0x06, 0x00])
        #expect(JSONValue.object(JSONObject()).binaryEncoded() == [0x07, 0x00])
    }

    struct NumberCase: Sendable, CustomTestStringConvertible {
        let literal: String
        let bytes: [UInt8]
        var testDescription: String { literal }
    }

    static let numberCases: [NumberCase] = [
        NumberCase(literal: "0", bytes: [0x03, 0x00]),
        NumberCase(literal: "-1", bytes: [0x03, 0x01]),
        NumberCase(literal: "1", bytes: [0x03, 0x02]),
        NumberCase(literal: "42", bytes: [0x03, 0x54]),
        NumberCase(literal: "-64", bytes: [0x03, 0x7F]),
        NumberCase(literal: "64", bytes: [0x03, 0x80, 0x01]),
        NumberCase(literal: "9223372036854775807", bytes: [0x03, 0xFE] + [UInt8](repeating: 0xFF, count: 8) + [0x01]),
        NumberCase(literal: "-9223372036854775808", bytes: [0x03] + [UInt8](repeating: 0xFF, count: 9) + [0x01]),
        NumberCase(literal: "-0", bytes: [0x04, 0x02] + Array("-0".utf8)),
        NumberCase(literal: "1.0", bytes: [0x04, 0x03] + Array("1.0".utf8)),
        NumberCase(literal: "1E+2", bytes: [0x04, 0x04] + Array("1E+2".utf8)),
        NumberCase(literal: "1e308", bytes: [0x04, 0x05] + Array("1e308".utf8)),
        NumberCase(literal: "9223372036854775808", bytes: [0x04, 0x13] + Array("9223372036854775808".utf8)),
        NumberCase(literal: "-9223372036854775809", bytes: [0x04, 0x14] + Array("-9223372036854775809".utf8)),
    ]

    @Test(arguments: numberCases)
    func numbersUseZigZagOnlyForCanonicalIntegers(_ number: NumberCase) throws {
        let value = JSONValue.number(try #require(JSONNumber(literal: number.literal)))
        let encoded = value.binaryEncoded()
        #expect(encoded == number.bytes)
        let decoded = try JSONValue(binary: encoded)
        #expect(decoded.numberValue?.literal == number.literal)
    }

    @Test func sampleBodiesRoundTripValueBinaryValue() throws {
        for body in SCIMSampleBodies.all {
            let value = try JSONValue(parsing: body)
            let encoded = value.binaryEncoded()
            let decoded = try JSONValue(binary: encoded)
            #expect(decoded == value)
            #expect(decoded.serializedBytes() == value.serializedBytes(), "member order and literals survive")
            #expect(encoded.count < value.serializedBytes().count)
        }
    }

    @Test func randomValuesRoundTrip() throws {
        var random = RandomJSON(seed: 0xB1_7A_4E)
        for _ in 0..<1000 {
            let value = random.value(maxDepth: 6)
            let decoded = try JSONValue(binary: value.binaryEncoded())
            #expect(decoded == value)
            #expect(decoded.serializedBytes() == value.serializedBytes())
        }
    }

    @Test func readerDecodesConsecutiveValuesAndStopsAfterEach() throws {
        let first = try JSONValue(parsing: SCIMSampleBodies.entraGroup)
        let second: JSONValue = ["x": [1, 2.5, "three"]]
        var writer = BinaryWriter()
        first.encodeBinary(into: &writer)
        writer.write(0xAB)
        second.objectValue?.encodeBinary(into: &writer)
        let bytes = writer.bytes
        try bytes.withUnsafeBytes { raw throws in
            var reader = BinaryReader(raw)
            #expect(try JSONValue(binary: &reader) == first)
            #expect(try reader.readByte() == 0xAB)
            #expect(try JSONValue(binary: &reader) == second)
            #expect(reader.isAtEnd)
            #expect(throws: BinaryDecodingError.truncated(at: bytes.count)) { try JSONValue(binary: &reader) }
        }
    }

    @Test func readerStaysPutOnError() throws {
        let bytes: [UInt8] = [0x06, 0x02, 0x00, 0x09]
        try bytes.withUnsafeBytes { raw throws in
            var reader = BinaryReader(raw)
            #expect(throws: BinaryDecodingError.self) { try JSONValue(binary: &reader) }
            #expect(reader.offset == 0)
        }
    }

    struct Corrupt: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let error: BinaryDecodingError
        var testDescription: String { name }
    }

    static let corruptRecords: [Corrupt] = [
        Corrupt(name: "empty", bytes: [], error: .truncated(at: 0)),
        Corrupt(name: "unknown tag", bytes: [0x08], error: .malformed("unknown JSON value tag 0x08", at: 0)),
        Corrupt(name: "trailing bytes", bytes: [0x00, 0x00], error: .malformed("1 trailing byte(s) after the JSON value", at: 1)),
        Corrupt(name: "string longer than record", bytes: [0x05, 0x05, 0x61], error: .truncated(at: 1)),
        Corrupt(name: "invalid UTF-8 string", bytes: [0x05, 0x02, 0xC3, 0x28], error: .malformed("string is not valid UTF-8", at: 2)),
        Corrupt(name: "surrogate in UTF-8", bytes: [0x05, 0x03, 0xED, 0xA0, 0x80], error: .malformed("string is not valid UTF-8", at: 2)),
        Corrupt(name: "bad number literal", bytes: [0x04, 0x02, 0x30, 0x31], error: .malformed("number literal is not a valid JSON number", at: 1)),
        Corrupt(name: "empty number literal", bytes: [0x04, 0x00], error: .malformed("number literal is not a valid JSON number", at: 1)),
        Corrupt(name: "huge array count", bytes: [0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00], error: .truncated(at: 1)),
        Corrupt(name: "huge object count", bytes: [0x07, 0x03, 0x01, 0x61, 0x00, 0x01], error: .truncated(at: 1)),
        Corrupt(name: "varint overflow", bytes: [0x03] + [UInt8](repeating: 0xFF, count: 9) + [0x02], error: .malformed("varint overflows 64 bits", at: 10)),
        Corrupt(name: "varint too long", bytes: [0x03] + [UInt8](repeating: 0x80, count: 10) + [0x00], error: .malformed("varint overflows 64 bits", at: 10)),
        Corrupt(name: "duplicate key", bytes: [0x07, 0x02, 0x01, 0x61, 0x00, 0x01, 0x61, 0x02], error: .malformed(#"duplicate object key "a""#, at: 5)),
        Corrupt(name: "array count exceeds record", bytes: [0x06, 0x02, 0x00], error: .truncated(at: 1)),
        Corrupt(name: "array ends early", bytes: [0x06, 0x02, 0x05, 0x00], error: .truncated(at: 4)),
    ]

    @Test(arguments: corruptRecords)
    func corruptRecordsThrow(_ record: Corrupt) {
        #expect(throws: record.error) { try JSONValue(binary: record.bytes) }
    }

    @Test func duplicateKeysInWideObjectsAreRejected() {
        var writer = BinaryWriter()
        writer.write(0x07)
        writer.write(varint: 41)
        for index in 0..<40 {
            writer.write(string: "key\(index)")
            writer.write(0x00)
        }
        writer.write(string: "key23")
        writer.write(0x00)
        #expect(throws: BinaryDecodingError.self) { try JSONValue(binary: writer.bytes) }
    }

    @Test func canonicallyEquivalentKeysAreDuplicates() {
        var writer = BinaryWriter()
        writer.write(0x07)
        writer.write(varint: 2)
        writer.write(string: "K")
        writer.write(0x00)
        writer.write(string: "\u{212A}")
        writer.write(0x00)
        #expect(throws: BinaryDecodingError.malformed(#"duplicate object key "\#u{212A}""#, at: 5)) {
            try JSONValue(binary: writer.bytes)
        }
    }

    @Test func hostileNestingIsBounded() throws {
        // 100,000 nested one-element arrays: must throw, not overflow the stack.
        func nested(_ depth: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            for _ in 0..<depth { bytes += [0x06, 0x01] }
            bytes.append(0x00)
            return bytes
        }
        let hostile = nested(100_000)
        #expect(throws: BinaryDecodingError.self) { try JSONValue(binary: hostile) }
        let limit = JSONParser.maximumSupportedDepth
        let atLimit = nested(limit)
        #expect(throws: Never.self) { try JSONValue(binary: atLimit) }
        #expect(throws: BinaryDecodingError.self) { try JSONValue(binary: atLimit, maximumDepth: limit - 1) }
        // A caller asking for more than the supported depth still gets the bound.
        #expect(throws: BinaryDecodingError.self) { try JSONValue(binary: hostile, maximumDepth: .max) }
    }

    /// Every truncation must throw; every single-byte corruption must throw or yield a value that
    /// is itself well-formed (re-encodes and decodes to an equal value), never crash.
    @Test func truncatingOrFlippingAnyByteNeverCrashes() throws {
        var random = SeededGenerator(seed: 42)
        for body in SCIMSampleBodies.all {
            let encoded = try JSONValue(parsing: body).binaryEncoded()
            for length in 0..<encoded.count {
                #expect(throws: BinaryDecodingError.self) { try JSONValue(binary: Array(encoded[..<length])) }
            }
            for position in encoded.indices {
                for mask in [0x01, 0x02, 0x40, 0x80, 0xFF, UInt8.random(in: 1...255, using: &random)] as [UInt8] {
                    var corrupted = encoded
                    corrupted[position] ^= mask
                    guard let value = try? JSONValue(binary: corrupted) else { continue }
                    #expect(try JSONValue(binary: value.binaryEncoded()) == value)
                    #expect(try JSONValue(parsing: value.serializedBytes()) == value)
                }
            }
        }
    }
}
