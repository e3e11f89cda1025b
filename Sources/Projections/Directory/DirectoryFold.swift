import EventLog

/// Folds stored events into directory tables: the shared engine of rebuilds, `verify` and
/// `replay state --at`.
///
/// Guarantees: reads the log through zero-copy ``EventView``s (upcasting only events that need
/// it), skips event types the directory does not own, and applies the rest with
/// ``DirectoryProjector`` — the same code the live projection runs, so a fold equals the live
/// tables exactly when the live tables are right.
public enum DirectoryFold {
    /// Applies the events visible to `log` after `position`, up to `limit` events or `until`
    /// (inclusive), to `tables` in `txn`. Returns the last position applied and whether the end of
    /// the log (or `until`) was reached. With `tenant`, other tenants' events are passed over (they
    /// count toward `limit`): a tenant's rows depend only on its own events.
    public static func apply(
        from log: borrowing TransactionReader, events: Database, after position: Position, until: Position? = nil,
        limit: Int, upcasters: UpcasterChain, into tables: DirectoryTables, maintainsIndexes: Bool = true, tenant: [UInt8]? = nil,
        _ txn: borrowing WriteTransaction
    ) throws -> (last: Position, reachedEnd: Bool) {
        try applyEvents(
            from: log, events: events, after: position, until: until, limit: limit, upcasters: upcasters, into: tables,
            maintainsIndexes: maintainsIndexes, tenant: tenant, txn)
    }

    /// ``apply(from:events:after:until:limit:upcasters:into:maintainsIndexes:tenant:_:)`` into any
    /// ``DirectoryTableWrites``: a write transaction, or a bulk fold's ``DirectoryOverlay``.
    static func applyEvents<Target: DirectoryTableWrites & ~Copyable>(
        from log: borrowing TransactionReader, events: Database, after position: Position, until: Position? = nil,
        limit: Int, upcasters: UpcasterChain, into tables: DirectoryTables, maintainsIndexes: Bool = true, tenant: [UInt8]? = nil,
        _ txn: borrowing Target
    ) throws -> (last: Position, reachedEnd: Bool) {
        let projector = DirectoryProjector(tables: tables, maintainsIndexes: maintainsIndexes)
        var last = position
        var count = 0
        var stoppedEarly = false
        // Counts change with nearly every create: add them up and write each once.
        var counts = CountChange.Totals()
        try log.scan(events, from: LogTables.positionKey(position.next)) { key, value in
            let view = try EventView(value, position: Position(LogTables.readUInt64(key)))
            if let until, view.position > until {
                stoppedEarly = false
                return false
            }
            guard count < limit else {
                stoppedEarly = true
                return false
            }
            if tenant.map({ view.tenantBytes.elementsEqual($0) }) ?? true,
                let change = try apply(view, upcasters: upcasters, projector, deferringCountIn: txn)
            {
                counts.add(change)
            }
            last = view.position
            count += 1
            return true
        }
        for change in counts.changes {
            try projector.add(change, txn)
        }
        return (last, !stoppedEarly)
    }

    /// Applies one stored event.
    public static func apply(
        _ view: borrowing EventView, upcasters: UpcasterChain, _ projector: DirectoryProjector, _ txn: borrowing WriteTransaction
    ) throws {
        if let change = try apply(view, upcasters: upcasters, projector, deferringCountIn: txn) {
            try projector.add(change, txn)
        }
    }

    /// Applies one stored event except for its change of a resource count, which it returns.
    static func apply<Target: DirectoryTableWrites & ~Copyable>(
        _ view: borrowing EventView, upcasters: UpcasterChain, _ projector: DirectoryProjector, deferringCountIn txn: borrowing Target
    ) throws -> CountChange? {
        // Other projections' events (tenancy) are skipped before any string is made.
        guard let kind = StoredEventKind(typeBytes: view.typeBytes) else { return nil }
        let facts = EventFacts(
            tenant: view.tenant, resourceID: String(decoding: view.streamIDBytes, as: UTF8.self), revision: view.revision,
            recordedAt: view.recordedAt, position: view.position)
        if view.needsUpcasting(upcasters) {
            let event = try view.materialize(upcasters: upcasters)
            return try event.payload.withUnsafeBytes { try projector.apply(kind: kind, payload: $0, facts, deferringCountIn: txn) }
        }
        return try projector.apply(kind: kind, payload: view.payload, facts, deferringCountIn: txn)
    }

    /// Folds every event of the live environment up to `until` (or its end) into fresh tables of a
    /// scratch environment, in transactions of `batchSize` events, building the indexes once at the
    /// end, and returns those tables.
    ///
    /// `live` is a read transaction of the log's environment (its snapshot is what gets folded).
    /// The scratch environment should be opened with `.deferred` durability: it is a throw-away copy.
    public static func fold(
        _ live: borrowing TransactionReader, events: Database, until: Position? = nil, upcasters: UpcasterChain = UpcasterChain(),
        into scratch: LMDBEnvironment, version: Int, batchSize: Int = 50_000,
        progress: (Position) -> Void = { _ in }
    ) throws -> DirectoryTables {
        let tables = try DirectoryTables(environment: scratch, version: version)
        var position = Position.start
        while true {
            let txn = try scratch.beginWrite()
            let (last, reachedEnd) = try apply(
                from: live, events: events, after: position, until: until, limit: batchSize, upcasters: upcasters, into: tables,
                maintainsIndexes: false, txn)
            if reachedEnd { try DirectoryIndexBuild.build(tables, in: txn) }
            try txn.commit()
            position = last
            progress(position)
            if reachedEnd { break }
        }
        try scratch.sync()
        return tables
    }
}
