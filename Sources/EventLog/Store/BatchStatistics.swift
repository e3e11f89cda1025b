import Synchronization

/// Counts commits and the commands in them, for metrics and the benchmark.
///
/// Guarantees: every commit of the writer is counted once, with its number of commands, in the
/// totals and in exactly one bucket of ``sizeBounds`` (the first bound at least its size).
public final class BatchStatistics: Sendable {
    /// Upper bounds of the batch-size buckets: powers of two up to the writer's largest batch.
    public static let sizeBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

    /// Totals since the store opened.
    public struct Snapshot: Sendable, Hashable {
        public var commits: Int
        public var commands: Int
        public var largestBatch: Int
        /// Commits per bucket: `commitsBySize[i]` counts the commits whose size is at most
        /// `sizeBounds[i]` and more than the bound before; the last element counts larger ones.
        public var commitsBySize = [Int](repeating: 0, count: BatchStatistics.sizeBounds.count + 1)

        /// The mean number of commands per commit.
        public var averageBatchSize: Double { commits == 0 ? 0 : Double(commands) / Double(commits) }
    }

    private let totals = Mutex(Snapshot(commits: 0, commands: 0, largestBatch: 0))

    func record(_ batchSize: Int) {
        totals.withLock {
            $0.commits += 1
            $0.commands += batchSize
            $0.largestBatch = max($0.largestBatch, batchSize)
            $0.commitsBySize[Self.sizeBounds.firstIndex { batchSize <= $0 } ?? Self.sizeBounds.count] += 1
        }
    }

    func snapshot() -> Snapshot { totals.withLock { $0 } }
}
