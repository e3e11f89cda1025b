import EventLog
import Logging
import Projections
import SCIMAdapter
import ServiceLifecycle

/// Prunes request-journal entries older than the retention period, at start and then at every
/// interval, until the server shuts down. Only the journal: the event log is never pruned.
///
/// Guarantees: each pass deletes in writer batches of at most ``batchSize`` entries (one short
/// write transaction each, so SCIM writes keep flowing between them) until no entry is older
/// than the cutoff; a failed pass is logged and retried at the next interval; shutdown stops it
/// between batches.
public struct JournalRetention: Service {
    public let directory: SCIMDirectory
    public let days: Int
    public let interval: Duration
    public let batchSize: Int
    public let metrics: ServerMetrics?
    public let logger: Logger

    public init(
        directory: SCIMDirectory, days: Int, interval: Duration = .seconds(3600), batchSize: Int = 5_000, metrics: ServerMetrics? = nil,
        logger: Logger
    ) {
        self.directory = directory
        self.days = days
        self.interval = interval
        self.batchSize = batchSize
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try await prune(now: .now())
                if removed > 0 { logger.info("pruned the request journal", metadata: ["entries": "\(removed)", "retention_days": "\(days)"]) }
            } catch {
                logger.error("pruning the request journal failed; retrying at the next interval", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Deletes every entry received more than ``days`` days before `now`; returns how many.
    public func prune(now: Timestamp) async throws -> Int {
        let cutoff = Timestamp(microsecondsSince1970: now.microseconds - Int64(days) * 86_400_000_000)
        var total = 0
        while !Task.isShuttingDownGracefully {
            let removed = try await directory.store.execute(PruneJournal(journal: directory.journal, cutoff: cutoff, limit: batchSize))
            total += removed
            metrics?.recordPruned(removed)
            if removed < batchSize { break }
        }
        return total
    }
}

/// Deletes up to `limit` journal entries received before `cutoff`, in the writer's transaction.
struct PruneJournal: WriteCommand {
    let journal: RequestJournal
    let cutoff: Timestamp
    let limit: Int

    var metadata: CommandMetadata { CommandMetadata(actor: "journal-retention", requestID: "journal-retention") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> Int {
        try journal.prune(olderThan: cutoff, limit: limit, in: transaction)
    }
}
