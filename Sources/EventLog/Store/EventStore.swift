/// The append-only event log of one data directory.
///
/// Guarantees:
/// - Every acknowledged append is durable (the writer commits with full durability before it
///   resumes the caller) and survives a crash of the process at any moment.
/// - Positions are gapless and in commit order; per-stream revisions are checked inside the write
///   transaction (optimistic concurrency); an event id is never recorded twice.
/// - Appends are group-committed by one writer thread (``WriteCommand`` describes a batch's rules).
/// - Readers see committed state only, through short read transactions that never cross an `await`.
/// - Events are upcast on read: callers only ever see the current schema version of each type.
///
/// A store opened read-only (``Configuration/readOnly``) serves every read and refuses appends;
/// `replay` uses this beside a running server.
public final class EventStore: Sendable {
    /// How the store runs.
    public struct Configuration: Sendable {
        /// The most commands the writer puts into one transaction.
        public var maxBatchSize: Int
        /// Upcasters applied to old events as they are read.
        public var upcasters: UpcasterChain

        public init(maxBatchSize: Int = 1024, upcasters: UpcasterChain = UpcasterChain()) {
            self.maxBatchSize = maxBatchSize
            self.upcasters = upcasters
        }
    }

    public let environment: LMDBEnvironment
    public let tables: LogTables
    public let configuration: Configuration
    private let writer: LogWriter?
    private let notifier: CommitNotifier
    private let batchSizes: BatchStatistics

    /// Opens the log in `environment`, recovering its counters from the last committed event, and
    /// (unless the environment is read-only) starts the writer thread.
    ///
    /// - Parameter projections: applied inside every append transaction, in order. Open their
    ///   tables on `environment` before calling this.
    public init(
        environment: LMDBEnvironment, configuration: Configuration = Configuration(),
        projections: [any InlineProjection] = []
    ) throws {
        self.environment = environment
        self.configuration = configuration
        let tables = try LogTables(environment: environment)
        self.tables = tables
        let (last, lastTime) = try environment.withReadTransaction { reader in
            try reader.withLast(tables.events) { key, value in
                let position = Position(LogTables.readUInt64(key))
                let event = try EnvelopeCodec.decode(value, position: position)
                return (position, event.recordedAt)
            } ?? (Position.start, Timestamp(microsecondsSince1970: 0))
        }
        let notifier = CommitNotifier(last: last)
        let statistics = BatchStatistics()
        self.notifier = notifier
        self.batchSizes = statistics
        if environment.configuration.readOnly {
            writer = nil
        } else {
            let appender = EventAppender(tables: tables, projections: projections, lastPosition: last, batchTime: lastTime)
            let writer = LogWriter(
                environment: environment, appender: appender, maxBatchSize: configuration.maxBatchSize
            ) { position, batchSize in
                statistics.record(batchSize)
                notifier.publish(position)
            }
            writer.start()
            self.writer = writer
        }
    }

    deinit {
        writer?.stop()
        notifier.finish()
    }

    /// Runs `command` in the writer's next batch and returns its output once the batch is durable.
    public func execute<Command: WriteCommand>(_ command: Command) async throws -> Command.Output {
        guard let writer else { throw LogUnavailable(reason: "the data directory is open read-only") }
        return try await withCheckedThrowingContinuation { continuation in
            writer.submit(PendingWrite(command: command, continuation: continuation))
        }
    }

    /// Queues `command` for the writer's next batch without waiting for it (for records, such as
    /// journal entries of reads, that must not make a request wait for an fsync). A failure is lost.
    public func enqueue<Command: WriteCommand>(_ command: Command) {
        writer?.submit(PendingWrite(command: command, continuation: nil))
    }

    /// Appends `events` atomically, checking each one's expected revision.
    ///
    /// - Returns: the recorded events, with their positions and revisions.
    /// - Throws: ``AppendRejection`` when a revision or id check fails (nothing is written),
    ///   ``LMDBError`` for storage faults, ``LogUnavailable`` after ``shutdown()``.
    @discardableResult
    public func append(_ events: [ProposedEvent], metadata: CommandMetadata) async throws -> [RecordedEvent] {
        try await execute(AppendEvents(events: events, metadata: metadata)).get()
    }

    /// Stops accepting writes, commits everything already queued, and stops the writer thread.
    /// Reads keep working.
    public func shutdown() {
        writer?.stop()
        notifier.finish()
    }

    /// The position of the last committed event (`.start` for an empty log).
    public var lastPosition: Position { notifier.lastCommitted }

    /// How many commands went into each commit so far.
    public var batchStatistics: BatchStatistics.Snapshot { batchSizes.snapshot() }

    func notifierStream() -> AsyncStream<Position> { notifier.subscribe() }

    /// Runs `body` in a read transaction (see ``LMDBEnvironment/withReadTransaction(_:)``).
    public func read<R>(_ body: (borrowing TransactionReader) throws -> R) throws -> R {
        try environment.withReadTransaction(body)
    }
}

/// The command behind ``EventStore/append(_:metadata:)``: appends fixed events.
struct AppendEvents: WriteCommand {
    let events: [ProposedEvent]
    let metadata: CommandMetadata

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { events }

    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> Result<[RecordedEvent], any Error> {
        switch outcome {
        case .appended(let events): .success(events)
        case .rejected(let error): .failure(error)
        }
    }
}
