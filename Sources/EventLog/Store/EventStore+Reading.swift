extension EventStore {
    /// The event at `position`, upcast to its current version, or `nil` past the end.
    public func event(at position: Position) throws -> RecordedEvent? {
        try read { reader in try event(at: position, reader) }
    }

    /// The event at `position` within an existing transaction.
    public func event(at position: Position, _ reader: borrowing TransactionReader) throws -> RecordedEvent? {
        guard var event = try reader.withValue(tables.events, key: LogTables.positionKey(position), { value in
            try EnvelopeCodec.decode(value, position: position)
        }) else { return nil }
        try configuration.upcasters.upcast(&event)
        return event
    }

    /// What the log knows about `stream` (revision 0 when it has no events).
    public func streamState(_ stream: StreamID) throws -> StreamState {
        try read { reader in try streamState(stream, reader) }
    }

    /// What the log knows about `stream`, within an existing transaction.
    public func streamState(_ stream: StreamID, _ reader: borrowing TransactionReader) throws -> StreamState {
        try reader.withValue(tables.streams, key: LogTables.streamKey(stream)) { value in
            StreamState(revision: LogTables.readUInt64(value), lastPosition: Position(LogTables.readUInt64(value, at: 8)))
        } ?? .empty
    }

    /// The events of `stream` from revision `fromRevision` on, in order.
    public func events(in stream: StreamID, fromRevision: UInt64 = 1) throws -> [RecordedEvent] {
        try read { reader in
            let prefix = LogTables.streamKey(stream)
            var positions: [Position] = []
            try reader.scan(tables.streamEvents, prefix: prefix, from: LogTables.streamEventKey(prefix, revision: fromRevision)) { _, value in
                positions.append(Position(LogTables.readUInt64(value)))
                return true
            }
            return try positions.compactMap { try event(at: $0, reader) }
        }
    }

    /// Reads up to `limit` events after `position` (exclusive) in one read transaction.
    ///
    /// This is the building block of scans and catch-up consumers: a batch is read in one short
    /// transaction, so a long scan never pins old pages of the map.
    public func events(after position: Position, limit: Int) throws -> [RecordedEvent] {
        try read { reader in
            var batch: [RecordedEvent] = []
            batch.reserveCapacity(min(limit, 4096))
            try reader.scan(tables.events, from: LogTables.positionKey(position.next)) { key, value in
                var event = try EnvelopeCodec.decode(value, position: Position(LogTables.readUInt64(key)))
                try configuration.upcasters.upcast(&event)
                batch.append(event)
                return batch.count < limit
            }
            return batch
        }
    }

    /// Every committed event after `position`, read in batches, ending at the end of the log as it
    /// is when the scan reaches it.
    public func events(after position: Position = .start, batchSize: Int = 1024) -> EventScan {
        EventScan(store: self, after: position, batchSize: batchSize, live: false)
    }

    /// Every event after `position`, then every event committed from then on, for as long as the
    /// consumer iterates (a catch-up subscription). Ends when the store shuts down.
    public func tail(after position: Position = .start, batchSize: Int = 1024) -> EventScan {
        EventScan(store: self, after: position, batchSize: batchSize, live: true)
    }

    /// The position of the first event recorded at or after `time`, or `nil` if none was.
    /// Timestamps never decrease along the log, so this is a binary search.
    public func firstPosition(atOrAfter time: Timestamp) throws -> Position? {
        try read { reader in
            guard let last = try reader.withLast(tables.events, { key, _ in LogTables.readUInt64(key) }) else { return nil }
            var low: UInt64 = 1
            var high = last + 1
            while low < high {
                let middle = low + (high - low) / 2
                let stamp = try reader.withValue(tables.events, key: LogTables.positionKey(Position(middle))) { value in
                    try EnvelopeCodec.decode(value, position: Position(middle)).recordedAt
                }
                if let stamp, stamp >= time { high = middle } else { low = middle + 1 }
            }
            return low <= last ? Position(low) : nil
        }
    }
}

/// An asynchronous sequence of recorded events, read in batches of short read transactions.
///
/// A scan (`live == false`) ends at the end of the log; a tail (`live == true`) then waits for
/// new commits and yields them as they come, until the store shuts down or the task is cancelled.
public struct EventScan: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let store: EventStore
    let after: Position
    let batchSize: Int
    let live: Bool

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, position: after, batchSize: batchSize, commits: live ? store.notifierStream().makeAsyncIterator() : nil)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let store: EventStore
        var position: Position
        let batchSize: Int
        var commits: AsyncStream<Position>.Iterator?
        var buffer: [RecordedEvent] = []
        var index = 0

        public mutating func next() async throws -> RecordedEvent? {
            while index == buffer.count {
                try Task.checkCancellation()
                buffer = try store.events(after: position, limit: batchSize)
                index = 0
                if buffer.isEmpty {
                    guard commits != nil else { return nil }
                    // Wait until something after `position` is committed.
                    while true {
                        guard let committed = await commits?.next() else { return nil }
                        if committed > position { break }
                    }
                }
            }
            defer { index += 1 }
            let event = buffer[index]
            position = event.position
            return event
        }
    }
}
