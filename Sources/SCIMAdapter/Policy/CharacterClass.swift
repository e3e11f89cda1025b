/// A set of allowed characters written like a regular-expression class body: `a-zA-Z0-9._-`.
///
/// Guarantees: ranges are inclusive and compare Unicode scalars; a `-` first or last is literal;
/// `\` escapes the next character. ``spec`` is the text it was parsed from, for error details.
public struct CharacterClass: Sendable, Hashable {
    public let spec: String
    private let ranges: [ClosedRange<UInt32>]

    /// Parses `spec`; nil when it is empty or has a reversed range (`z-a`).
    public init?(spec: String) {
        var ranges: [ClosedRange<UInt32>] = []
        var scalars = Array(spec.unicodeScalars)[...]
        while let first = scalars.popFirst() {
            var low = first
            if low == "\\" {
                guard let escaped = scalars.popFirst() else { return nil }
                low = escaped
            }
            if scalars.count >= 2, scalars.first == "-" {
                scalars.removeFirst()
                var high = scalars.removeFirst()
                if high == "\\" {
                    guard let escaped = scalars.popFirst() else { return nil }
                    high = escaped
                }
                guard low.value <= high.value else { return nil }
                ranges.append(low.value...high.value)
            } else {
                ranges.append(low.value...low.value)
            }
        }
        guard !ranges.isEmpty else { return nil }
        self.spec = spec
        self.ranges = ranges
    }

    /// The first character of `text` outside the class, or nil when every character is allowed.
    public func firstDisallowed(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in !ranges.contains { $0.contains(scalar.value) } }
    }
}
