import EventLog

/// Answers tenancy lookups from one consistent snapshot (one read transaction, or the writer's
/// transaction inside a decision).
///
/// Guarantees: every lookup is a point get or a prefix scan; ``tokens(tenant:)`` only ever
/// returns the tokens of that tenant. Valid only while the lending transaction is.
public struct TenancyReader: ~Copyable {
    let tables: TenancyTables
    let lastUsedTable: Database?
    let txn: TransactionReader

    init(tables: TenancyTables, lastUsed: Database?, txn: borrowing TransactionReader) {
        self.tables = tables
        self.lastUsedTable = lastUsed
        self.txn = txn.lend()
    }

    /// The tenant `id` in any state (deleted tenants included), or `nil`.
    public func tenant(_ id: String) throws -> TenantRecord? {
        try txn.withValue(tables.tenants, key: TenancyKey.string(id)) { try TenantRecord(id: id, row: $0) }
    }

    /// Every tenant ever created, deleted ones included, ordered by id.
    public func tenants() throws -> [TenantRecord] {
        var tenants: [TenantRecord] = []
        try txn.scan(tables.tenants) { key, value in
            tenants.append(try TenantRecord(id: try TenancyKey.leadingString(key).0, row: value))
            return true
        }
        // Keys are length-prefixed, so the table's order is by length first.
        return tenants.sorted { $0.id < $1.id }
    }

    /// `true` when no tenant was ever created.
    public func hasNoTenants() throws -> Bool { try txn.count(tables.tenants) == 0 }

    /// The token `id`, or `nil`.
    public func token(_ id: String) throws -> TokenRecord? {
        try txn.withValue(tables.tokens, key: TenancyKey.string(id)) { try TokenRecord(id: id, row: $0) }
    }

    /// The tokens of `tenant` (revoked and expired ones included), ordered by id.
    public func tokens(tenant: String) throws -> [TokenRecord] {
        let prefix = TenancyKey.string(tenant)
        var ids: [String] = []
        try txn.scan(tables.tokensByTenant, prefix: prefix) { key, _ in
            ids.append(try TenancyKey.trailingString(key, after: prefix.count))
            return true
        }
        return try ids.compactMap { try token($0) }
    }

    /// When token `id` last authenticated a request (as recorded by ``RecordTokenUse``).
    public func lastUsed(token id: String) throws -> Timestamp? {
        guard let lastUsedTable else { return nil }
        return try txn.withValue(lastUsedTable, key: Array(id.utf8)) { Timestamp(microsecondsSince1970: Int64(bitPattern: LogTables.readUInt64($0))) }
    }
}
