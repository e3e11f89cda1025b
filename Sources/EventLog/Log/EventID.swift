/// A 128-bit identifier: an RFC 9562 version 7 UUID (48-bit Unix milliseconds, then 74 random bits).
///
/// Guarantees: unique with overwhelming probability; the log refuses a second event with the same
/// id, so a retried append can never be recorded twice. Ids made later sort later (to the
/// millisecond), in bytes and in text, so new keys in LMDB indexes land together at the end of the
/// B-tree instead of on a random page each: a commit rewrites a few pages, not one per event.
/// Printed in the usual lower-case 8-4-4-4-12 form.
public struct EventID: Sendable, Hashable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A new random identifier.
    public static func random() -> EventID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A new identifier for the current time with random bits drawn from `generator`.
    public static func random(using generator: inout some RandomNumberGenerator) -> EventID {
        random(milliseconds: UInt64(Timestamp.now().microseconds / 1000), using: &generator)
    }

    /// A new identifier for the given Unix time in milliseconds.
    public static func random(milliseconds: UInt64, using generator: inout some RandomNumberGenerator) -> EventID {
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (generator.next() & 0x0FFF)
        let low = (generator.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return EventID(high: high, low: low)
    }

    /// Parses the 8-4-4-4-12 hexadecimal form (any case).
    public init?(_ text: some StringProtocol) {
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        for (index, byte) in text.utf8.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let value = Self.hexValue(byte) else { return nil }
            digits.append(value)
        }
        guard digits.count == 32, text.utf8.count == 36 else { return nil }
        high = digits[0..<16].reduce(0) { $0 << 4 | UInt64($1) }
        low = digits[16..<32].reduce(0) { $0 << 4 | UInt64($1) }
    }

    /// The 16 bytes, big-endian.
    public var bytes: [UInt8] {
        var writer = BinaryWriter(capacity: 16)
        writer.write(bigEndian: high)
        writer.write(bigEndian: low)
        return writer.bytes
    }

    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                let position = index * 16 + nibble
                if [8, 12, 16, 20].contains(position) { out.append(UInt8(ascii: "-")) }
                out.append(hex[Int((word >> UInt64(60 - nibble * 4)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
