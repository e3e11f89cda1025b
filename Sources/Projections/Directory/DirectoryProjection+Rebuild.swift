import EventLog
import Logging
import Synchronization

extension DirectoryProjection {
    /// The memory a rebuild's rows phase may hold before it writes a window: 2 GiB, enough to fold
    /// a directory of about a million users and a million memberships in one window.
    public static let defaultRebuildMemory = 2 << 30

    /// What a rebuild did.
    public struct RebuildReport: Sendable, Hashable {
        public var version: Int
        public var events: Int
        public var seconds: Double
        public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    }

    /// Builds the code's version of the tables from the log, then switches reads to it.
    ///
    /// Three phases, each resumable after an interruption (their progress is committed with the
    /// tables it describes):
    /// 1. Rows: the log is folded in a read transaction, outside the writer, into memory (up to
    ///    `memoryBudget` bytes per window), then written in key order, appended, in writer
    ///    transactions of at most `chunkBytes` (``foldRowsInWindows(_:store:memoryBudget:foldStep:chunkBytes:indexChunk:logger:progress:)``);
    ///    events that arrived meanwhile are then folded in batches of `batchSize` through the writer.
    ///    No index is maintained in this phase.
    /// 2. Indexes: every index entry is collected from the rows in a read transaction (outside the
    ///    writer: writes never wait for the scan and the sort), then appended in key order in
    ///    transactions of at most `indexChunk` entries. Events that arrive meanwhile wait in the log.
    /// 3. Catch-up: the events that arrived since phase 1 are applied with index maintenance; the
    ///    transaction that reaches the end of the log makes the version active.
    ///
    /// Meanwhile the active version keeps answering reads and receiving writes; once the new
    /// tables reach the end of the log they receive every new event too, and the switch is a
    /// single committed write of the active version followed by the in-memory swap. Progress
    /// (events/s, ETA) is logged. Does nothing when ``needsRebuild`` is false.
    @discardableResult
    public func rebuild(
        store: EventStore, logger: Logger, batchSize: Int = 20_000, indexChunk: Int = 100_000,
        memoryBudget: Int = DirectoryProjection.defaultRebuildMemory, chunkBytes: Int = 64 << 20
    ) async throws -> RebuildReport? {
        try await rebuild(
            store: store, logger: logger, batchSize: batchSize, indexChunk: indexChunk, memoryBudget: memoryBudget, chunkBytes: chunkBytes,
            foldStep: 50_000)
    }

    /// ``rebuild(store:logger:batchSize:indexChunk:memoryBudget:chunkBytes:)``, checking the memory
    /// budget every `foldStep` events (tests make windows small with a small step).
    func rebuild(
        store: EventStore, logger: Logger, batchSize: Int, indexChunk: Int, memoryBudget: Int, chunkBytes: Int, foldStep: Int
    ) async throws -> RebuildReport? {
        guard let building = state.withLock({ $0.building }) else { return nil }
        let start = Timestamp.now()
        let startCheckpoint = try store.read { try ProjectionMeta.checkpoint(Self.name, building.version, meta: meta, $0) }
        let target = max(store.lastPosition.rawValue, startCheckpoint.rawValue)
        logger.info("rebuilding the directory projection", metadata: [
            "version": "\(building.version)", "from": "\(startCheckpoint)", "events": "\(target - startCheckpoint.rawValue)",
        ])
        var lastLog = start
        func logProgress(_ position: Position) {
            let now = Timestamp.now()
            guard now.microseconds - lastLog.microseconds > 2_000_000 else { return }
            lastLog = now
            let seconds = Double(now.microseconds - start.microseconds) / 1e6
            let rate = seconds > 0 ? max(0, Double(position.rawValue) - Double(startCheckpoint.rawValue)) / seconds : 0
            let remaining = Double(target) - Double(position.rawValue)
            logger.info("rebuild progress", metadata: [
                "position": "\(position)", "of": "\(target)", "events/s": "\(Int(rate))",
                "eta_s": "\(rate > 0 ? Int(max(0, remaining) / rate) : 0)",
            ])
        }
        try await foldRowsInWindows(
            building, store: store, memoryBudget: memoryBudget, foldStep: foldStep, chunkBytes: chunkBytes, indexChunk: indexChunk, logger: logger,
            progress: logProgress)
        while true {
            let step = try await store.execute(
                RebuildStep(projection: self, tables: building, events: store.tables.events, upcasters: store.configuration.upcasters, batchSize: batchSize))
            let done = step.checkpoint.rawValue - startCheckpoint.rawValue
            logProgress(step.checkpoint)
            if step.switched {
                promote(building)
                let seconds = Double(Timestamp.now().microseconds - start.microseconds) / 1e6
                let report = RebuildReport(version: building.version, events: Int(done), seconds: seconds)
                logger.info("directory projection rebuilt and active", metadata: [
                    "version": "\(building.version)", "events": "\(report.events)", "events/s": "\(Int(report.eventsPerSecond))",
                ])
                return report
            }
            if step.needsIndexes {
                try await buildIndexes(building, store: store, chunk: indexChunk, logger: logger)
            }
        }
    }

    /// Phase 2 of ``rebuild(store:logger:batchSize:indexChunk:)``; the building version does not
    /// follow the log from the step that reported `needsIndexes` until the last chunk commits.
    private func buildIndexes(_ building: DirectoryTables, store: EventStore, chunk: Int, logger: Logger) async throws {
        let started = Timestamp.now()
        let entries = try environment.withReadTransaction { try DirectoryIndexBuild.collect(building, from: $0) }
        let chunks = entries.chunks(maximumEntries: chunk)
        for (index, chunk) in chunks.enumerated() {
            try await store.execute(IndexChunkStep(projection: self, tables: building, entries: entries, chunk: chunk, isLast: index == chunks.count - 1))
        }
        logger.info("rebuild: indexes built", metadata: [
            "entries": "\(entries.count)", "transactions": "\(chunks.count)",
            "seconds": "\(Double(Timestamp.now().microseconds - started.microseconds) / 1e6)",
        ])
    }

    /// Stops or resumes the building version's following of new events (see ``State``).
    func setBuildingFollowsLog(_ follows: Bool) {
        state.withLock { $0.buildingFollowsLog = follows }
    }

    /// Deletes the tables of every version other than the active one (left by earlier rebuilds).
    /// Run it at start, before anything reads old tables.
    public func dropInactiveVersions(store: EventStore) async throws -> [String] {
        guard let active = activeVersion, !needsRebuild else { return [] }
        let keep = "directory.v\(active)."
        let doomed = try environment.databaseNames().filter { $0.hasPrefix("directory.v") && !$0.hasPrefix(keep) }
        guard !doomed.isEmpty else { return [] }
        let databases = try doomed.map { try environment.openDatabase($0, create: false) }
        _ = try await store.execute(DropTables(databases: databases))
        return doomed
    }
}

/// One batch of a rebuild, run by the writer: folds the next events into the building tables and,
/// at the end of the log, either asks for the indexes to be built (rows phase) or makes the
/// building version the active one (catch-up phase).
struct RebuildStep: WriteCommand {
    struct Progress: Sendable {
        var checkpoint: Position
        var needsIndexes: Bool
        var switched: Bool
    }

    let projection: DirectoryProjection
    let tables: DirectoryTables
    /// The log's table, opened by the store (never open a database inside a write transaction).
    let events: Database
    let upcasters: UpcasterChain
    let batchSize: Int

    var metadata: CommandMetadata { CommandMetadata(actor: "system:rebuild", requestID: "rebuild") }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> Progress {
        let name = DirectoryProjection.name
        let checkpoint = try ProjectionMeta.checkpoint(name, tables.version, meta: projection.meta, txn.reader)
        if checkpoint == .start {
            for table in tables.all { try txn.clear(table) }
            try ProjectionMeta.setIndexesBuilt(name, tables.version, false, meta: projection.meta, txn)
        }
        let indexed = try ProjectionMeta.indexesBuilt(name, tables.version, meta: projection.meta, txn.reader)
        let (last, reachedEnd) = try DirectoryFold.apply(
            from: txn.reader, events: events, after: checkpoint, limit: batchSize, upcasters: upcasters, into: tables,
            maintainsIndexes: indexed, txn)
        try ProjectionMeta.setCheckpoint(name, tables.version, last, meta: projection.meta, txn)
        guard reachedEnd else { return Progress(checkpoint: last, needsIndexes: false, switched: false) }
        if indexed {
            // Same transaction: no event can slip in between the last fold step and the switch.
            try ProjectionMeta.setActiveVersion(name, tables.version, meta: projection.meta, txn)
            return Progress(checkpoint: last, needsIndexes: false, switched: true)
        }
        // Later events of this very transaction must not touch the tables the index build clears.
        projection.setBuildingFollowsLog(false)
        return Progress(checkpoint: last, needsIndexes: true, switched: false)
    }
}

/// Appends one chunk of a rebuild's index entries, in the writer; the last chunk records that the
/// indexes are built and lets the building version follow the log again.
struct IndexChunkStep: WriteCommand {
    let projection: DirectoryProjection
    let tables: DirectoryTables
    let entries: IndexEntries
    let chunk: IndexEntries.Chunk
    let isLast: Bool

    var metadata: CommandMetadata { CommandMetadata(actor: "system:rebuild", requestID: "rebuild-indexes") }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        try DirectoryIndexBuild.write(chunk, of: entries, into: tables, txn)
        if isLast {
            try ProjectionMeta.setIndexesBuilt(DirectoryProjection.name, tables.version, true, meta: projection.meta, txn)
            projection.setBuildingFollowsLog(true)
        }
    }
}

/// Deletes tables in the writer.
struct DropTables: WriteCommand {
    let databases: [Database]
    var metadata: CommandMetadata { CommandMetadata(actor: "system:rebuild", requestID: "drop-tables") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        for database in databases { try txn.drop(database) }
    }
}
