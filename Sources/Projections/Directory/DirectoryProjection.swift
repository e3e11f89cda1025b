import EventLog
import Logging
import Synchronization

/// The directory projection: users, groups, their indexes, membership and the tenant timeline,
/// applied inline in every append transaction, versioned and rebuildable.
///
/// Guarantees:
/// - Always exactly as current as the log: it is applied in the transaction that appends the
///   events, so a client reads its own writes.
/// - Its tables equal the fold of the log (``DirectoryProjector``); `verify` checks it.
/// - Versioned: tables are named `directory.v<N>.*`. When the code's version differs from the
///   active one stored in the environment, ``needsRebuild`` is true and ``rebuild(store:logger:)``
///   fills the new version's tables from the log while the old ones keep serving reads and
///   receiving writes; once the new tables have caught up they receive every new event too, and the
///   switch is one committed meta write followed by an in-memory swap. No read ever sees a
///   half-built table.
public final class DirectoryProjection: InlineProjection, Sendable {
    /// The version this code builds. Bump it whenever the tables' layout or the fold changes.
    public static let currentVersion = 1

    /// The name under which versions and checkpoints are kept.
    static let name = "directory"

    struct State: Sendable {
        var active: DirectoryTables?
        var building: DirectoryTables?
        /// False while a rebuild appends the building version's indexes in chunks: nothing else may
        /// write to them then, so new events wait in the log for the rebuild's catch-up.
        var buildingFollowsLog = true
    }

    let environment: LMDBEnvironment
    let meta: Database
    let state: Mutex<State>
    /// The version this instance builds (``currentVersion`` except in tests of version changes).
    public let codeVersion: Int

    /// Opens the projection's tables in `environment` (before the store opens, so the writer sees them).
    public init(environment: LMDBEnvironment, codeVersion: Int = DirectoryProjection.currentVersion) throws {
        self.environment = environment
        self.codeVersion = codeVersion
        let meta = try environment.openDatabase("projection_meta", create: !environment.configuration.readOnly)
        self.meta = meta
        let storedVersion = try environment.withReadTransaction { reader in
            try ProjectionMeta.activeVersion(Self.name, meta: meta, reader)
        }
        let events = try environment.openDatabaseIfPresent("events")
        let logIsEmpty = try environment.withReadTransaction { reader in
            try events.map { try reader.count($0) == 0 } ?? true
        }
        switch storedVersion {
        case codeVersion?:
            state = Mutex(State(active: try DirectoryTables(environment: environment, version: codeVersion), building: nil))
        case nil where logIsEmpty && !environment.configuration.readOnly:
            // A new data directory: the code's version is active from the first event on.
            let tables = try DirectoryTables(environment: environment, version: codeVersion)
            let txn = try environment.beginWrite()
            try ProjectionMeta.setActiveVersion(Self.name, codeVersion, meta: meta, txn)
            try txn.commit()
            state = Mutex(State(active: tables, building: nil))
        case let stored:
            let active = try stored.map { try DirectoryTables(environment: environment, version: $0) }
            let building = environment.configuration.readOnly ? nil : try DirectoryTables(environment: environment, version: codeVersion)
            state = Mutex(State(active: active, building: building))
        }
    }

    /// The environment the projection's tables live in.
    public var tablesEnvironment: LMDBEnvironment { environment }

    /// `true` when the code's version is not the active one and ``rebuild(store:logger:)`` must run.
    public var needsRebuild: Bool { state.withLock { $0.building != nil } }

    /// The version whose tables answer reads (nil before the first rebuild of a directory that has none).
    public var activeVersion: Int? { state.withLock { $0.active?.version } }

    /// The tables that answer reads now.
    public var activeTables: DirectoryTables? { state.withLock { $0.active } }

    public func apply(_ event: RecordedEvent, in transaction: borrowing WriteTransaction) throws {
        guard let kind = StoredEventKind(type: event.type) else { return }
        let facts = EventFacts(event)
        let (active, building) = state.withLock { ($0.active, $0.buildingFollowsLog ? $0.building : nil) }
        if let active {
            try event.payload.withUnsafeBytes { try DirectoryProjector(tables: active).apply(kind: kind, payload: $0, facts, in: transaction) }
        }
        if let building {
            // The building version follows new events once its rebuild has reached them.
            let checkpoint = try ProjectionMeta.checkpoint(Self.name, building.version, meta: meta, transaction.reader)
            if checkpoint.rawValue + 1 == event.position.rawValue {
                try event.payload.withUnsafeBytes { try DirectoryProjector(tables: building).apply(kind: kind, payload: $0, facts, in: transaction) }
                try ProjectionMeta.setCheckpoint(Self.name, building.version, event.position, meta: meta, transaction)
            }
        }
    }

    /// Runs `body` with a reader of the active tables in a fresh read transaction.
    public func read<R>(_ body: (borrowing DirectoryReader) throws -> R) throws -> R {
        guard let tables = activeTables else { throw ProjectionUnavailable(name: Self.name) }
        return try environment.withReadTransaction { txn in try body(DirectoryReader(tables: tables, txn: txn)) }
    }

    /// A reader of the active tables inside an existing transaction (a decision's, for example).
    public func reader(_ txn: borrowing TransactionReader) throws -> DirectoryReader {
        guard let tables = activeTables else { throw ProjectionUnavailable(name: Self.name) }
        return DirectoryReader(tables: tables, txn: txn)
    }

    /// Called by the rebuild once the new version is active in the environment: serve from it.
    func promote(_ tables: DirectoryTables) {
        state.withLock { state in
            state.active = tables
            state.building = nil
            state.buildingFollowsLog = true
        }
    }
}

/// The projection's tables are not built yet (a directory whose first rebuild has not finished).
public struct ProjectionUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public init(name: String) { self.name = name }
    public var description: String { "the \(name) projection is being built for the first time; try again shortly" }
}
