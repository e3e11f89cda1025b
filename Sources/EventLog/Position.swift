/// A place in the log: the 1-based, gapless, commit-ordered number of an event.
///
/// Guarantees: positions are assigned by the single writer inside the committing transaction, so
/// position `n + 1` is committed in the same or a later transaction than `n`, and no position is
/// ever skipped or reused. Stored as a big-endian `UInt64` so that LMDB's byte order is numeric order.
public struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The raw value; `0` means "before the first event".
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// The position before the first event of any log.
    public static let start = Position(0)

    /// The position after this one.
    public var next: Position { Position(rawValue + 1) }

    public static func < (lhs: Position, rhs: Position) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}
