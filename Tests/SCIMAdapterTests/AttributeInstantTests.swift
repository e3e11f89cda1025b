import SCIMAdapter
import Testing

@Suite struct AttributeInstantTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0), Int64(0)),
        ("2018-03-27T19:59:26.000Z", 1_522_180_766, 0),
        ("2018-03-27T12:59:26-07:00", 1_522_180_766, 0),
        ("2018-03-28T01:29:26+05:30", 1_522_180_766, 0),
        ("2015-10-10T14:38:21.8617979-07:00", 1_444_513_101, 861_797_900_000_000_000),
        ("2000-02-29T00:00:00Z", 951_782_400, 0),
        ("1969-12-31T23:59:59.5Z", -1, 500_000_000_000_000_000),
        ("2011-05-13T04:42:34", 1_305_261_754, 0),
        ("2011-05-12T24:00:00Z", 1_305_244_800, 0),
        ("0001-01-03T00:00:00.0000000Z", -62_135_424_000, 0),
        ("2011-05-13t04:42:34z", 1_305_261_754, 0),
    ])
    func parses(_ text: String, _ seconds: Int64, _ attoseconds: Int64) throws {
        let instant = try #require(AttributeInstant(parsing: text))
        #expect(instant.secondsSinceEpoch == seconds)
        #expect(instant.attoseconds == attoseconds)
    }

    @Test(arguments: [
        "", "yesterday", "2018-03-27", "2018-3-27T19:59:26Z", "2018-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2018-13-01T00:00:00Z", "2018-00-01T00:00:00Z", "2018-04-31T00:00:00Z", "2018-03-27T25:00:00Z",
        "2018-03-27T24:00:01Z", "2018-03-27T19:60:00Z", "2018-03-27T19:59:61Z", "2018-03-27T19:59:26.Z",
        "2018-03-27T19:59:26+0700", "2018-03-27T19:59:26+15:00", "2018-03-27 19:59:26Z", "2018-03-27T19:59:26Zjunk",
        "018-03-27T19:59:26Z",
    ])
    func rejects(_ text: String) {
        #expect(AttributeInstant(parsing: text) == nil)
    }

    @Test func ordersChronologically() throws {
        let a = try #require(AttributeInstant(parsing: "2018-03-27T19:59:26.1Z"))
        let b = try #require(AttributeInstant(parsing: "2018-03-27T19:59:26.10000000000000000001Z"))
        let c = try #require(AttributeInstant(parsing: "2018-03-27T12:59:27-07:00"))
        #expect(a == b)
        #expect(a < c)
        #expect(!(c < a))
    }
}
