/// Appends decided events inside the writer's transaction and keeps the log's counters.
///
/// Guarantees: positions are assigned `last + 1` in order, so they are gapless and in commit order;
/// every event of a batch gets the same `recordedAt`, never earlier than the previous batch's;
/// stream revisions and event ids are checked before anything is written, so a refused command
/// leaves no trace. Lives on the writer thread only.
struct EventAppender {
    let tables: LogTables
    let projections: [any InlineProjection]
    /// The last position written (committed, or written earlier in this batch).
    var lastPosition: Position
    /// The time stamped on the events of the current batch.
    var batchTime: Timestamp

    /// Starts a batch: the batch's time is now, or the last batch's time if the clock went back.
    mutating func beginBatch() {
        batchTime = max(Timestamp.now(), batchTime)
    }

    /// The log's refusal of `proposed`, or `nil` when every expected revision and id is fine.
    func check(_ proposed: [ProposedEvent], in transaction: borrowing WriteTransaction) throws -> AppendRejection? {
        var revisions: [StreamID: UInt64] = [:]
        var ids: Set<EventID> = []
        for event in proposed {
            let current = try revisions[event.stream] ?? streamState(event.stream, transaction.reader).revision
            guard event.expectedRevision.isSatisfied(byCurrent: current) else {
                return .wrongExpectedRevision(stream: event.stream, expected: event.expectedRevision, actual: current)
            }
            revisions[event.stream] = current + 1
            if let existing = try transaction.reader.withValue(tables.eventIDs, key: event.id.bytes, { LogTables.readUInt64($0) }) {
                return .duplicateEventID(event.id, existingPosition: Position(existing))
            }
            guard ids.insert(event.id).inserted else { return .duplicateEventID(event.id, existingPosition: .start) }
        }
        return nil
    }

    /// Writes `proposed` (already checked) and applies the inline projections to each event.
    mutating func append(
        _ proposed: [ProposedEvent], metadata: CommandMetadata, in transaction: borrowing WriteTransaction
    ) throws -> [RecordedEvent] {
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(proposed.count)
        for event in proposed {
            let streamKey = LogTables.streamKey(event.stream)
            let revision = try streamState(key: streamKey, transaction.reader).revision + 1
            let position = lastPosition.next
            let record = RecordedEvent(
                position: position, id: event.id, type: event.type, schemaVersion: event.schemaVersion,
                stream: event.stream, revision: revision, recordedAt: batchTime, actor: metadata.actor,
                requestID: metadata.requestID, correlationID: metadata.correlationID, payload: event.payload)
            try EnvelopeCodec.encode(record).withUnsafeBytes { envelope in
                try tables.write(envelope: envelope, at: position, streamKey: streamKey, revision: revision, id: event.id, in: transaction)
            }
            lastPosition = position
            for projection in projections { try projection.apply(record, in: transaction) }
            recorded.append(record)
        }
        return recorded
    }

    private func streamState(_ stream: StreamID, _ reader: borrowing TransactionReader) throws -> StreamState {
        try streamState(key: LogTables.streamKey(stream), reader)
    }

    private func streamState(key: [UInt8], _ reader: borrowing TransactionReader) throws -> StreamState {
        try reader.withValue(tables.streams, key: key) { value in
            StreamState(revision: LogTables.readUInt64(value), lastPosition: Position(LogTables.readUInt64(value, at: 8)))
        } ?? .empty
    }
}
