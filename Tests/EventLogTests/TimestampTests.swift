import EventLog
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-03-01T09:30:00.123456Z", Int64(1_772_357_400_123_456)),
        ("2026-03-01T10:30:00.123456+01:00", Int64(1_772_357_400_123_456)),
        ("2026-03-01", Int64(1_772_323_200_000_000)),
        ("1969-12-31T23:59:59.5Z", Int64(-500_000)),
    ])
    func parsesRFC3339(text: String, micros: Int64) {
        #expect(Timestamp(iso8601: text)?.microseconds == micros)
    }

    @Test(arguments: ["", "2026-13-01", "2026-03-01T25:00:00Z", "2026-03-01T10:00:00", "yesterday", "2026-03-01T10:00:00.Z"])
    func rejectsMalformedTimes(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func formatsAsSCIMDateTimes() {
        let time = Timestamp(microsecondsSince1970: 1_772_357_400_123_456)
        #expect(time.iso8601 == "2026-03-01T09:30:00.123Z")
        #expect(time.iso8601Microseconds == "2026-03-01T09:30:00.123456Z")
        #expect(Timestamp(iso8601: time.iso8601Microseconds) == time)
        #expect(Timestamp(microsecondsSince1970: -500_000).iso8601 == "1969-12-31T23:59:59.500Z")
    }
}
