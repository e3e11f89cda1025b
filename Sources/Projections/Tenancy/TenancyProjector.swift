import EventLog

/// Applies tenancy events to one version's tables: the one fold used by the live projection,
/// version rebuilds and `verify`.
///
/// Guarantees: deterministic (rows depend only on the event: its payload, stream, revision,
/// recorded-at and actor), so folding the log again gives the same bytes. A projection records
/// and never rejects: an event about a tenant or token the tables do not know (which decisions
/// never produce) changes nothing instead of throwing.
struct TenancyProjector {
    let tables: TenancyTables

    /// `true` when `type` belongs to the tenancy catalogue (checked before decoding anything).
    static func owns(typeBytes bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.starts(with: "tenant.".utf8) || bytes.starts(with: "token.".utf8)
    }

    func apply(_ event: RecordedEvent, in txn: borrowing WriteTransaction) throws {
        guard let decoded = try TenancyEvent(event) else { return }
        switch decoded {
        case .tenantCreated(let name, let displayName):
            let id = event.stream.id
            let record = TenantRecord(
                id: id, name: name, displayName: displayName, state: .active, createdAt: event.recordedAt, updatedAt: event.recordedAt,
                revision: event.revision)
            try txn.put(tables.tenants, key: TenancyKey.string(id), value: record.row())
        case .tenantDisabled:
            try updateTenant(event, txn) { $0.state = .disabled }
        case .tenantEnabled:
            try updateTenant(event, txn) { $0.state = .active }
        case .tenantDeleted:
            try updateTenant(event, txn) { $0.state = .deleted }
        case .tokenIssued(let issued):
            let record = TokenRecord(issued: issued, createdAt: event.recordedAt, revision: event.revision)
            try txn.put(tables.tokens, key: TenancyKey.string(issued.tokenID), value: record.row())
            try txn.put(tables.tokensByTenant, key: TenancyKey.tenantToken(issued.tenant, issued.tokenID), value: [])
        case .tokenRevoked(let tokenID, let reason):
            let key = TenancyKey.string(tokenID)
            guard var record = try txn.reader.withValue(tables.tokens, key: key, { try TokenRecord(id: tokenID, row: $0) }) else { return }
            record.revokedAt = event.recordedAt
            record.revokedBy = event.actor
            record.revocationReason = reason
            record.revision = event.revision
            try txn.put(tables.tokens, key: key, value: record.row())
        }
    }

    private func updateTenant(_ event: RecordedEvent, _ txn: borrowing WriteTransaction, _ change: (inout TenantRecord) -> Void) throws {
        let id = event.stream.id
        let key = TenancyKey.string(id)
        guard var record = try txn.reader.withValue(tables.tenants, key: key, { try TenantRecord(id: id, row: $0) }) else { return }
        change(&record)
        record.updatedAt = event.recordedAt
        record.revision = event.revision
        try txn.put(tables.tenants, key: key, value: record.row())
    }
}

/// Folds the tenancy events of a log into tables: the engine of version rebuilds and `verify`.
enum TenancyFold {
    /// Applies every tenancy event visible to `log` (up to `until`, inclusive) to `tables` in
    /// `txn`. Other events are skipped by their type bytes without being decoded. Returns the last
    /// position read.
    @discardableResult
    static func apply(
        from log: borrowing TransactionReader, events: Database, until: Position? = nil, upcasters: UpcasterChain,
        into tables: TenancyTables, _ txn: borrowing WriteTransaction
    ) throws -> Position {
        let projector = TenancyProjector(tables: tables)
        var last = Position.start
        try log.scan(events) { key, value in
            let view = try EventView(value, position: Position(LogTables.readUInt64(key)))
            if let until, view.position > until { return false }
            last = view.position
            guard TenancyProjector.owns(typeBytes: view.typeBytes) else { return true }
            try projector.apply(try view.materialize(upcasters: upcasters), in: txn)
            return true
        }
        return last
    }
}
