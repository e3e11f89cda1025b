/// Validation of the `xsd:dateTime` lexical form that RFC 7643 §2.3.5 requires for `dateTime` attributes.
///
/// Guarantees: accepts exactly `-?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?` with a year of four or more
/// digits (no leading zero beyond four), a day that exists in that month and year, hours 00–23 (or
/// `24:00:00` with a zero fraction), minutes and seconds 00–59, and a time-zone offset of at most 14:00.
/// The text is only checked, never reformatted (values are stored as sent).
enum XSDDateTime {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0

        func digits(_ count: Int) -> Int? {
            guard i + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[i..<(i + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            i += count
            return value
        }
        func expect(_ ascii: Unicode.Scalar) -> Bool {
            guard i < bytes.count, bytes[i] == UInt8(ascii: ascii) else { return false }
            i += 1
            return true
        }

        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let yearStart = i
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        let yearDigits = i - yearStart
        guard yearDigits >= 4, yearDigits <= 9, yearDigits == 4 || bytes[yearStart] != UInt8(ascii: "0") else { return false }
        var year = 0
        for byte in bytes[yearStart..<i] { year = year * 10 + Int(byte - 0x30) }

        guard expect("-"), let month = digits(2), (1...12).contains(month),
            expect("-"), let day = digits(2), day >= 1, day <= daysIn(month: month, year: year),
            expect("T"), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2)
        else { return false }
        guard minute <= 59, second <= 59, hour <= 24 else { return false }
        var fractionIsZero = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                if bytes[i] != UInt8(ascii: "0") { fractionIsZero = false }
                i += 1
            }
            guard i > fractionStart else { return false }
        }
        if hour == 24, minute != 0 || second != 0 || !fractionIsZero { return false }

        if i == bytes.count { return true }
        if bytes[i] == UInt8(ascii: "Z") { return i + 1 == bytes.count }
        guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let offsetHours = digits(2), expect(":"), let offsetMinutes = digits(2), i == bytes.count else { return false }
        return offsetMinutes <= 59 && (offsetHours < 14 || (offsetHours == 14 && offsetMinutes == 0))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
