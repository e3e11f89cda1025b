/// A point in time parsed from an `xsd:dateTime` string (RFC 7643 §2.3.5), for chronological
/// comparison of `dateTime` attributes such as `meta.lastModified`.
///
/// Guarantees: accepts `[-]YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]` with a year of 4 to 9
/// digits, any number of fraction digits (the first 18 are significant), `24:00:00` (the start
/// of the next day) and leap second `60`; lowercase `t`/`z` are tolerated. Validates month, day
/// (including leap years), hour, minute and offset ranges. A value without a zone offset is taken
/// as UTC. Two instants compare by the moment they denote, so `2015-10-10T14:38:21-07:00` equals
/// `2015-10-10T21:38:21Z`. Needs no Foundation.
public struct AttributeInstant: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    public let secondsSinceEpoch: Int64
    /// The fraction of the second, in units of 10⁻¹⁸ s (`0..<1_000_000_000_000_000_000`).
    public let attoseconds: Int64

    public init(secondsSinceEpoch: Int64, attoseconds: Int64 = 0) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.attoseconds = attoseconds
    }

    /// Parses `text`, or returns `nil` when it is not a valid `xsd:dateTime`.
    public init?(parsing text: some StringProtocol) {
        var reader = DigitReader(Array(text.utf8))
        var sign: Int64 = 1
        if reader.consume(UInt8(ascii: "-")) { sign = -1 }
        guard let yearDigits = reader.digits(min: 4, max: 9), yearDigits.count >= 4 else { return nil }
        let year = sign * yearDigits.value
        guard reader.consume(UInt8(ascii: "-")), let month = reader.fixed(2), (1...12).contains(month),
            reader.consume(UInt8(ascii: "-")), let day = reader.fixed(2),
            day >= 1, day <= Self.daysIn(month: month, year: year),
            reader.consume(UInt8(ascii: "T")) || reader.consume(UInt8(ascii: "t")),
            let hour = reader.fixed(2), reader.consume(UInt8(ascii: ":")),
            let minute = reader.fixed(2), minute < 60, reader.consume(UInt8(ascii: ":")),
            let second = reader.fixed(2), second <= 60
        else { return nil }
        var fraction: Int64 = 0
        if reader.consume(UInt8(ascii: ".")) {
            guard let digits = reader.digits(min: 1, max: Int.max) else { return nil }
            fraction = digits.scaledFraction
        }
        guard hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction == 0) else { return nil }
        var offsetSeconds: Int64 = 0
        if reader.consume(UInt8(ascii: "Z")) || reader.consume(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if let offsetSign: Int64 = reader.consume(UInt8(ascii: "+")) ? 1 : (reader.consume(UInt8(ascii: "-")) ? -1 : nil) {
            guard let oh = reader.fixed(2), oh <= 14, reader.consume(UInt8(ascii: ":")), let om = reader.fixed(2), om < 60 else {
                return nil
            }
            offsetSeconds = offsetSign * (oh * 3600 + om * 60)
        }
        guard reader.atEnd else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.init(secondsSinceEpoch: seconds, attoseconds: fraction)
    }

    public static func < (lhs: AttributeInstant, rhs: AttributeInstant) -> Bool {
        (lhs.secondsSinceEpoch, lhs.attoseconds) < (rhs.secondsSinceEpoch, rhs.attoseconds)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A cursor over ASCII bytes that reads fixed-width and variable-width decimal numbers.
private struct DigitReader {
    struct Digits {
        var value: Int64
        var count: Int
        /// The digits read as a fraction `0.d1d2…`, in units of 10⁻¹⁸ (extra digits truncated).
        var scaledFraction: Int64
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `width` digits.
    mutating func fixed(_ width: Int) -> Int64? {
        guard let digits = digits(min: width, max: width) else { return nil }
        return digits.value
    }

    /// Between `min` and `max` digits (greedy).
    mutating func digits(min: Int, max: Int) -> Digits? {
        var value: Int64 = 0
        var fraction: Int64 = 0
        var count = 0
        var scale: Int64 = 100_000_000_000_000_000
        while index < bytes.count, count < max, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let digit = Int64(bytes[index] - 0x30)
            if count < 18 {
                value = value * 10 + digit
                fraction += digit * scale
                scale /= 10
            }
            count += 1
            index += 1
        }
        guard count >= min else { return nil }
        return Digits(value: value, count: count, scaledFraction: fraction)
    }
}
