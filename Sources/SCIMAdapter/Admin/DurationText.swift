/// Token lifetimes as people write them: `10h`, `30m`, `90s`, `7d`, `1h30m`, or a number of seconds.
///
/// Guarantees: accepts one or more `<digits><unit>` parts (units `s`, `m`, `h`, `d`, `w`, lower
/// case) or bare digits (seconds); anything else, zero, and overflow are `nil`, never a trap.
public enum DurationText {
    /// The duration `text` names, or `nil`.
    public static func parse(_ text: String) -> Duration? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy(isDigit) { return seconds(Int64(text)) }
        var total: Int64 = 0
        var number: Int64?
        for byte in bytes {
            if isDigit(byte) {
                let (shifted, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                number = next
                continue
            }
            guard let value = number, let unit = unitSeconds(byte) else { return nil }
            let (part, overflow1) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            number = nil
        }
        guard number == nil else { return nil }
        return seconds(total)
    }

    /// The accepted forms, for error messages.
    public static let forms = "a number of seconds or parts like 10h, 30m, 7d, 1h30m (units s, m, h, d, w)"

    private static func seconds(_ value: Int64?) -> Duration? {
        guard let value, value > 0 else { return nil }
        return .seconds(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func unitSeconds(_ byte: UInt8) -> Int64? {
        switch byte {
        case UInt8(ascii: "s"): 1
        case UInt8(ascii: "m"): 60
        case UInt8(ascii: "h"): 3600
        case UInt8(ascii: "d"): 86_400
        case UInt8(ascii: "w"): 604_800
        default: nil
        }
    }
}
