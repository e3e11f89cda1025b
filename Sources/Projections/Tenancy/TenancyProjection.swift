import EventLog

/// The tenancy projection: tenants, bearer tokens (hashes only) and tokens by tenant, applied
/// inline in every append transaction; it answers "which tenant and actor does this bearer token
/// belong to?".
///
/// Guarantees:
/// - Always exactly as current as the log (applied in the transaction that appends the events),
///   so a token works from the moment `issueToken` returns, and stops the moment `revokeToken` or
///   `disableTenant` returns.
/// - Its tables equal the fold of the log's tenancy events; ``verify(upcasters:scratchDirectory:)`` checks it.
/// - Versioned: tables are named `tenancy.v<N>.*`, the active version is kept in
///   `projection_meta` (`active:tenancy`). When the code's version differs from the stored one,
///   `init` folds the whole log into the new tables, switches the active version and drops the old
///   tables, all in one write transaction before the store's writer starts. Tenancy events are a
///   tiny share of the log and other events are skipped by type without decoding, so this is one
///   fast scan; there is no background rebuild.
/// - Never holds a token secret (see ``TokenSecret``).
public final class TenancyProjection: InlineProjection, Sendable {
    /// The version this code builds. Bump it whenever the tables' layout or the fold changes.
    public static let currentVersion = 1

    /// The name under which the active version is kept in `projection_meta`.
    static let name = "tenancy"

    let environment: LMDBEnvironment
    /// `nil` in a read-only environment whose tables are missing or of another version.
    let tables: TenancyTables?
    /// `tenancy.last_used`: token id → microseconds (8 BE). Written by ``RecordTokenUse`` only.
    let lastUsedTable: Database?
    let upcasters: UpcasterChain

    /// Opens the projection's tables in `environment`, folding the log into them first when they
    /// are missing or of an older version. Call before the store opens (its writer must not run yet).
    ///
    /// - Parameter upcasters: the same chain the store reads with (used by the fold).
    public init(environment: LMDBEnvironment, codeVersion: Int = TenancyProjection.currentVersion, upcasters: UpcasterChain = UpcasterChain()) throws {
        self.environment = environment
        self.upcasters = upcasters
        let readOnly = environment.configuration.readOnly
        guard !readOnly else {
            let meta = try environment.openDatabaseIfPresent("projection_meta")
            let stored = try meta.flatMap { meta in try environment.withReadTransaction { try ProjectionMeta.activeVersion(Self.name, meta: meta, $0) } }
            tables = stored == codeVersion ? try TenancyTables(environment: environment, version: codeVersion) : nil
            lastUsedTable = try environment.openDatabaseIfPresent("tenancy.last_used")
            return
        }
        let meta = try environment.openDatabase("projection_meta")
        lastUsedTable = try environment.openDatabase("tenancy.last_used")
        let tables = try TenancyTables(environment: environment, version: codeVersion)
        self.tables = tables
        let stored = try environment.withReadTransaction { try ProjectionMeta.activeVersion(Self.name, meta: meta, $0) }
        guard stored != codeVersion else { return }
        // Open everything before the transaction: opening a database inside one would wait for it.
        let current = TenancyTables.prefix(version: codeVersion)
        let obsolete = try environment.databaseNames()
            .filter { $0.hasPrefix("tenancy.v") && !$0.hasPrefix(current) }
            .map { try environment.openDatabase($0, create: false) }
        let events = try environment.openDatabase("events")
        let txn = try environment.beginWrite()
        for table in tables.all { try txn.clear(table) }
        try TenancyFold.apply(from: txn.reader, events: events, upcasters: upcasters, into: tables, txn)
        try ProjectionMeta.setActiveVersion(Self.name, codeVersion, meta: meta, txn)
        for table in obsolete { try txn.drop(table) }
        try txn.commit()
    }

    /// The version whose tables answer reads, or `nil` when none can (read-only, not built).
    public var activeVersion: Int? { tables?.version }

    public func apply(_ event: RecordedEvent, in transaction: borrowing WriteTransaction) throws {
        guard let tables, TenancyEvent.allTypes.contains(event.type) else { return }
        try TenancyProjector(tables: tables).apply(event, in: transaction)
    }

    /// Runs `body` with a reader of the tables in a fresh read transaction.
    public func read<R>(_ body: (borrowing TenancyReader) throws -> R) throws -> R {
        guard let tables else { throw ProjectionUnavailable(name: Self.name) }
        return try environment.withReadTransaction { txn in try body(TenancyReader(tables: tables, lastUsed: lastUsedTable, txn: txn)) }
    }

    /// A reader of the tables inside an existing transaction (a decision's, for example).
    public func reader(_ txn: borrowing TransactionReader) throws -> TenancyReader {
        guard let tables else { throw ProjectionUnavailable(name: Self.name) }
        return TenancyReader(tables: tables, lastUsed: lastUsedTable, txn: txn)
    }
}
