import EventLog
import Logging

extension DirectoryProjection {
    /// Phase 1 of a rebuild: folds the log into the building tables in windows.
    ///
    /// Each window is folded in a read transaction, outside the writer, into a ``DirectoryOverlay``
    /// until the log's end or `memoryBudget` bytes; then its writes go to the tables in key order
    /// (``OverlayFlush``), in writer transactions of at most `chunkBytes`. With the whole log in one
    /// window every row, membership and timeline entry is appended once; later windows rewrite only
    /// the pages their keys land on, once per window.
    ///
    /// A window's progress is committed with its last chunk. A rebuild interrupted in the middle of
    /// a window (some of its rows written, the checkpoint not yet moved) starts over from the first
    /// event: it cannot tell old rows from new ones. Returns once a window reached the end of the log
    /// as it was when that window began, or at once when the rows phase is already over (the indexes
    /// are built, so the rebuild is catching up).
    func foldRowsInWindows(
        _ building: DirectoryTables, store: EventStore, memoryBudget: Int, foldStep: Int = 50_000, chunkBytes: Int, indexChunk: Int, logger: Logger,
        progress: (Position) -> Void
    ) async throws {
        let name = Self.name
        let (indexed, interrupted) = try environment.withReadTransaction { reader in
            (
                try ProjectionMeta.indexesBuilt(name, building.version, meta: meta, reader),
                try ProjectionMeta.windowOpen(name, building.version, meta: meta, reader)
            )
        }
        if indexed { return }
        if interrupted {
            logger.warning("rebuild: an earlier rebuild stopped while writing rows; starting over from the first event", metadata: [
                "version": "\(building.version)"
            ])
            try await store.execute(RestartRows(projection: self, tables: building))
        }
        let upcasters = store.configuration.upcasters
        // Until the rows are written (and, from a single window, the indexes), new events wait in the
        // log: applied to half-written tables they could be overwritten by the rest of a window.
        setBuildingFollowsLog(false)
        defer { setBuildingFollowsLog(true) }
        while true {
            let window = try environment.withReadTransaction { reader in
                try RowsWindow.fold(
                    building, meta: meta, log: reader, events: store.tables.events, upcasters: upcasters, memoryBudget: memoryBudget, step: foldStep)
            }
            guard let window else { return }
            let folded = Timestamp.now()
            // A window that holds every row also gives every index entry: gathered from memory on
            // another thread while the writer writes the rows.
            let indexes = window.start == .start && window.reachedEnd
                ? Task.detached { [flush = window.flush] in try DirectoryIndexBuild.collect(flush, building) } : nil
            let chunks = window.flush.chunks(maximumBytes: chunkBytes)
            for (index, chunk) in chunks.enumerated() {
                try await store.execute(
                    RowsWindowStep(
                        projection: self, tables: building, window: window, chunk: chunk, isFirst: index == 0,
                        isLast: index == chunks.count - 1))
            }
            let written = Timestamp.now()
            if let indexes {
                let entries = try await indexes.value
                let chunks = entries.chunks(maximumEntries: indexChunk)
                for (index, chunk) in chunks.enumerated() {
                    try await store.execute(
                        IndexChunkStep(projection: self, tables: building, entries: entries, chunk: chunk, isLast: index == chunks.count - 1))
                }
            }
            logger.info("rebuild: rows window written", metadata: [
                "events": "\(window.end.rawValue - window.start.rawValue)", "entries": "\(window.flush.count)",
                "fold_s": "\(window.seconds)", "rows_s": "\(seconds(folded, written))",
                "indexes_s": "\(indexes == nil ? "later" : "\(seconds(written, .now()))")", "transactions": "\(chunks.count)",
            ])
            progress(window.end)
            if window.reachedEnd { return }
        }
    }

    private func seconds(_ from: Timestamp, _ to: Timestamp) -> Double {
        Double(to.microseconds - from.microseconds) / 1e6
    }
}

/// One window of a rebuild's rows phase: the events after `start` up to `end`, folded in memory
/// and sorted for writing.
struct RowsWindow: Sendable {
    var start: Position
    var end: Position
    /// Whether `end` was the last event of the log in the fold's snapshot.
    var reachedEnd: Bool
    var flush: OverlayFlush
    /// How long folding and sorting took.
    var seconds: Double

    /// Folds the events after the building version's checkpoint in `log`'s snapshot into an
    /// overlay of its tables, until the end or until the overlay holds `memoryBudget` bytes (checked
    /// every `step` events). Returns `nil` when there is no event to fold.
    static func fold(
        _ tables: DirectoryTables, meta: Database, log: borrowing TransactionReader, events: Database, upcasters: UpcasterChain,
        memoryBudget: Int, step: Int = 50_000
    ) throws -> RowsWindow? {
        let began = Timestamp.now()
        let start = try ProjectionMeta.checkpoint(DirectoryProjection.name, tables.version, meta: meta, log)
        // From the start, whatever rows an earlier attempt left are cleared before the window is written.
        let overlay = DirectoryOverlay(tables, baseIsEmpty: start == .start)
        let writes = OverlayWrites(overlay: overlay, base: log.lend())
        var last = start
        var reachedEnd = false
        repeat {
            (last, reachedEnd) = try DirectoryFold.applyEvents(
                from: log, events: events, after: last, limit: step, upcasters: upcasters, into: tables, maintainsIndexes: false, writes)
        } while !reachedEnd && overlay.bytes < memoryBudget
        guard last > start else { return nil }
        let flush = overlay.sortedWrites()
        let seconds = Double(Timestamp.now().microseconds - began.microseconds) / 1e6
        return RowsWindow(start: start, end: last, reachedEnd: reachedEnd, flush: flush, seconds: seconds)
    }
}

/// Writes one chunk of a rows window in the writer. The first chunk checks that the window still
/// starts at the checkpoint, clears the tables when it starts at the beginning of the log, and marks
/// the window open; the last moves the checkpoint to the window's end and closes it.
struct RowsWindowStep: WriteCommand {
    let projection: DirectoryProjection
    let tables: DirectoryTables
    let window: RowsWindow
    let chunk: OverlayFlush.Chunk
    let isFirst: Bool
    let isLast: Bool

    var metadata: CommandMetadata { CommandMetadata(actor: "system:rebuild", requestID: "rebuild-rows") }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        let name = DirectoryProjection.name
        if isFirst {
            let checkpoint = try ProjectionMeta.checkpoint(name, tables.version, meta: projection.meta, txn.reader)
            guard checkpoint == window.start else { throw RebuildConflict(version: tables.version, expected: window.start, found: checkpoint) }
            if window.start == .start {
                for table in tables.all { try txn.clear(table) }
                try ProjectionMeta.setIndexesBuilt(name, tables.version, false, meta: projection.meta, txn)
            }
            try ProjectionMeta.setWindowOpen(name, tables.version, true, meta: projection.meta, txn)
        }
        try window.flush.write(chunk, txn)
        if isLast {
            try ProjectionMeta.setCheckpoint(name, tables.version, window.end, meta: projection.meta, txn)
            try ProjectionMeta.setWindowOpen(name, tables.version, false, meta: projection.meta, txn)
        }
    }
}

/// Sends an interrupted rows phase back to the first event (its tables are cleared by the next window).
struct RestartRows: WriteCommand {
    let projection: DirectoryProjection
    let tables: DirectoryTables

    var metadata: CommandMetadata { CommandMetadata(actor: "system:rebuild", requestID: "rebuild-restart") }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        let name = DirectoryProjection.name
        try ProjectionMeta.setCheckpoint(name, tables.version, .start, meta: projection.meta, txn)
        try ProjectionMeta.setWindowOpen(name, tables.version, false, meta: projection.meta, txn)
        try ProjectionMeta.setIndexesBuilt(name, tables.version, false, meta: projection.meta, txn)
    }
}

/// The building version's checkpoint moved while a rebuild window was folded: another rebuild of
/// the same version is running against this data directory.
public struct RebuildConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public var version: Int
    public var expected: Position
    public var found: Position

    public var description: String {
        "the rebuild of directory version \(version) expected its checkpoint at \(expected) but found \(found): "
            + "another rebuild of this data directory is running; stop it and retry"
    }
}
