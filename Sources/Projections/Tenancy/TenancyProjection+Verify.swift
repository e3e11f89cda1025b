import EventLog

extension TenancyProjection {
    /// Folds the log's tenancy events into fresh tables in `scratchDirectory` (an empty directory,
    /// deleted by the caller afterwards) and compares them, row by row and byte for byte, with the
    /// live tables. `tenancy.last_used` is not compared: it is not derived from the log.
    ///
    /// Both sides are read at the same log position (one read transaction of the live
    /// environment), so a server writing meanwhile causes no false report.
    public func verify(
        upcasters: UpcasterChain? = nil, scratchDirectory: String, maximumDifferences: Int = 1_000
    ) throws -> VerificationReport {
        guard let live = tables else { throw ProjectionUnavailable(name: Self.name) }
        let events = try environment.openDatabase("events", create: false)
        let scratch = try LMDBEnvironment(path: scratchDirectory, configuration: .init(mapSize: 1 << 30, maxMapSize: nil, durability: .deferred))
        let folded = try TenancyTables(environment: scratch, version: live.version)
        return try environment.withReadTransaction { liveTxn in
            let position = try liveTxn.withLast(events) { key, _ in Position(LogTables.readUInt64(key)) } ?? .start
            let txn = try scratch.beginWrite()
            try TenancyFold.apply(from: liveTxn, events: events, until: position, upcasters: upcasters ?? self.upcasters, into: folded, txn)
            try txn.commit()
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
