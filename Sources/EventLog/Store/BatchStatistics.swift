import Synchronization

/// Counts commits and the commands in them, for metrics and the benchmark.
public final class BatchStatistics: Sendable {
    /// Totals since the store opened.
    public struct Snapshot: Sendable, Hashable {
        public var commits: Int
        public var commands: Int
        public var largestBatch: Int

        /// The mean number of commands per commit.
        public var averageBatchSize: Double { commits == 0 ? 0 : Double(commands) / Double(commits) }
    }

    private let totals = Mutex(Snapshot(commits: 0, commands: 0, largestBatch: 0))

    func record(_ batchSize: Int) {
        totals.withLock {
            $0.commits += 1
            $0.commands += batchSize
            $0.largestBatch = max($0.largestBatch, batchSize)
        }
    }

    func snapshot() -> Snapshot { totals.withLock { $0 } }
}
