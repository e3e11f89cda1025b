extension LogTables {
    /// Writes one event's envelope at `position` and the entries that index it: the stream's state
    /// (revision, last position), its revision → position entry and its id → position entry.
    /// The one definition of how an event is laid out in the log's tables.
    func write(
        envelope: UnsafeRawBufferPointer, at position: Position, streamKey: [UInt8], revision: UInt64, id: EventID,
        in transaction: borrowing WriteTransaction
    ) throws {
        let positionKey = Self.positionKey(position)
        try positionKey.withUnsafeBytes { key in try transaction.put(events, key: key, value: envelope, options: .append) }
        var state = BinaryWriter(capacity: 16)
        state.write(bigEndian: revision)
        state.write(bigEndian: position.rawValue)
        try transaction.put(streams, key: streamKey, value: state.bytes)
        try transaction.put(streamEvents, key: Self.streamEventKey(streamKey, revision: revision), value: positionKey, options: .noOverwrite)
        try transaction.put(eventIDs, key: id.bytes, value: positionKey, options: .noOverwrite)
    }

    /// Appends a stored event of another log, byte for byte, at its own position, with its index
    /// entries: for copies of a log's prefix (`replay reproduce`'s scratch directory). Events must
    /// be copied in position order into a log that holds only earlier ones.
    public func appendCopy(of view: borrowing EventView, envelope: UnsafeRawBufferPointer, in transaction: borrowing WriteTransaction) throws {
        try write(
            envelope: envelope, at: view.position, streamKey: Self.streamKey(view.stream), revision: view.revision, id: view.id,
            in: transaction)
    }
}
