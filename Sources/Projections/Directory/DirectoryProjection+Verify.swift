import EventLog

/// One row on which the live projection and the fold of the log disagree.
public struct ProjectionDifference: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The fold has the row; the live table does not.
        case missing
        /// The live table has a row the fold does not.
        case unexpected
        /// Both have the key, with different values.
        case different
    }

    public var table: String
    public var kind: Kind
    public var key: [UInt8]
    public var expected: [UInt8]?
    public var actual: [UInt8]?

    /// The key with printable ASCII kept and other bytes as `\xNN`.
    public var printableKey: String {
        key.map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true).leftPadded(2) }.joined()
    }

    public var description: String { "\(table): \(kind.rawValue) row \(printableKey)" }
}

/// The outcome of comparing the live projection with a fresh fold of the log.
public struct VerificationReport: Sendable, Hashable {
    /// The log position both sides were compared at.
    public var position: Position
    public var tablesCompared: Int
    public var rowsCompared: Int
    public var differences: [ProjectionDifference]
    /// `true` when more differences existed than were listed.
    public var truncated: Bool

    public var isConsistent: Bool { differences.isEmpty }
}

extension DirectoryProjection {
    /// Folds the log into scratch tables in `scratchDirectory` (an empty directory, deleted by the
    /// caller afterwards) and compares them, row by row, with the live active tables.
    ///
    /// Both sides are taken at the same log position: the fold reads the log through the same read
    /// transaction as the comparison, so a server writing meanwhile does not cause false reports.
    public func verify(
        upcasters: UpcasterChain = UpcasterChain(), scratchDirectory: String, maximumDifferences: Int = 1_000,
        progress: (Position) -> Void = { _ in }
    ) throws -> VerificationReport {
        guard let live = activeTables else { throw ProjectionUnavailable(name: Self.name) }
        let events = try environment.openDatabase("events", create: false)
        let scratch = try LMDBEnvironment(
            path: scratchDirectory, configuration: .init(mapSize: 1 << 40, maxMapSize: nil, durability: .deferred))
        // Open the scratch tables now: opening a database inside a transaction of its environment would wait forever.
        _ = try DirectoryTables(environment: scratch, version: live.version)
        return try environment.withReadTransaction { liveTxn in
            let position = try liveTxn.withLast(events) { key, _ in Position(LogTables.readUInt64(key)) } ?? .start
            let folded = try DirectoryFold.fold(
                liveTxn, events: events, until: position, upcasters: upcasters, into: scratch, version: live.version, progress: progress)
            return try scratch.withReadTransaction { foldTxn in
                var report = VerificationReport(position: position, tablesCompared: 0, rowsCompared: 0, differences: [], truncated: false)
                for (liveTable, foldTable) in zip(live.all, folded.all) {
                    try TableComparison.compare(liveTable, liveTxn, foldTable, foldTxn, into: &report, limit: maximumDifferences)
                    report.tablesCompared += 1
                }
                return report
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
