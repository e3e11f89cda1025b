/// A write request the log's writer thread executes inside its batch transaction.
///
/// The writer runs commands in arrival order, each in two steps:
/// 1. ``decide(_:)`` reads the current state (as left by the commands before it in the batch) and
///    returns the events to append, possibly none. It must not write and must be pure: the writer
///    may run it again when it retries a batch. Throwing rejects this command alone; nothing it
///    decided is written and the rest of the batch still commits.
/// 2. The writer checks each event's expected revision and id, appends the events, applies the
///    inline projections, and then calls ``finish(_:_:)`` with the outcome, so the command can
///    record side facts (the request journal) and read back what it needs for its reply. An error
///    thrown from `finish` is a storage fault: it aborts the batch.
///
/// The caller is resumed with `finish`'s output only after the batch is durably committed.
public protocol WriteCommand: Sendable {
    associatedtype Output: Sendable

    /// Who asked, and in which request; recorded in every event's envelope.
    var metadata: CommandMetadata { get }

    /// The events to append, decided from the state inside the write transaction.
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent]

    /// Records side facts and produces the caller's output, inside the same transaction.
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> Output
}

/// What became of a command's decision.
public enum CommandOutcome: Sendable {
    /// The events were appended (none when the decision found nothing to change).
    case appended([RecordedEvent])
    /// The decision, or the log's revision or id check, refused the command.
    case rejected(any Error)

    /// The appended events, or `nil` when rejected.
    public var events: [RecordedEvent]? {
        if case .appended(let events) = self { return events }
        return nil
    }
}

/// A projection applied inside the append transaction, so it is always exactly as current as the log.
///
/// Guarantees asked of conformers: `apply` is deterministic (a rebuild from the log gives the same
/// tables) and throws only for storage faults or corrupt data, never to reject an event: decisions
/// reject, projections record.
public protocol InlineProjection: Sendable {
    func apply(_ event: RecordedEvent, in transaction: borrowing WriteTransaction) throws
}

/// Why the log refused to append a decided event.
public enum AppendRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream was not at the revision the event expected (optimistic concurrency).
    case wrongExpectedRevision(stream: StreamID, expected: ExpectedRevision, actual: UInt64)
    /// An event with this id is already in the log (a retried append).
    case duplicateEventID(EventID, existingPosition: Position)

    public var description: String {
        switch self {
        case .wrongExpectedRevision(let stream, let expected, let actual):
            "stream \(stream) is at revision \(actual), expected \(expected)"
        case .duplicateEventID(let id, let position):
            "event \(id) is already in the log at position \(position)"
        }
    }
}

/// The log is shut down, or cannot accept writes.
public struct LogUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the event log does not accept writes: \(reason)" }
}
