import EventLog
import Logging
import Projections

/// The storage behind the SCIM endpoint: one LMDB environment with the event log, the inline
/// directory and tenancy projections, and the request journal.
///
/// Guarantees: opening creates what is missing; both projections are registered with the store
/// before the writer starts, so every append updates them in the same transaction (a token works,
/// or stops working, the moment the call that issued or revoked it returns); the journal shares
/// the environment, so a journaled write is exactly as durable as its events.
/// ``shutdown()`` commits everything already queued and stops the writer; reads keep working.
public final class SCIMDirectory: Sendable {
    public let environment: LMDBEnvironment
    public let projection: DirectoryProjection
    public let journal: RequestJournal
    public let store: EventStore
    /// Tenants and their bearer tokens (see ``TenancyService``).
    public let tenancy: TenancyService

    /// Opens (creating if needed) the data directory at `path`, which must exist.
    ///
    /// When the projection's stored version differs from this code's, the directory still opens:
    /// the old version answers until ``prepareProjection(logger:)`` has rebuilt the new one.
    /// - Throws: ``LMDBError`` for storage problems.
    /// - Parameter clock: the time the tenancy service computes token expiries from (tests inject one).
    public init(
        path: String, configuration: LMDBEnvironment.Configuration = .init(),
        clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) throws {
        let environment = try LMDBEnvironment(path: path, configuration: configuration)
        let projection = try DirectoryProjection(environment: environment)
        // Opened before the store: a changed version is folded from the log before the writer runs.
        let tenancyProjection = try TenancyProjection(environment: environment)
        self.environment = environment
        self.projection = projection
        self.journal = try RequestJournal(environment: environment)
        let store = try EventStore(environment: environment, projections: [projection, tenancyProjection])
        self.store = store
        self.tenancy = TenancyService(store: store, projection: tenancyProjection, clock: clock)
    }

    /// Brings the projection to this code's version: rebuilds it from the log when the version
    /// changed (reads are answered by the old version meanwhile, writes keep flowing), then drops
    /// the tables of versions no longer used. Run it in the background at start. A rebuild folds
    /// up to `rebuildMemory` bytes of rows in memory before writing them (see `docs/PROJECTIONS.md`).
    public func prepareProjection(logger: Logger, rebuildMemory: Int = DirectoryProjection.defaultRebuildMemory) async throws {
        if projection.needsRebuild {
            logger.notice("the directory projection's version changed; rebuilding it from the log while the old version serves", metadata: [
                "active": "\(projection.activeVersion.map(String.init) ?? "none")", "building": "\(projection.codeVersion)",
            ])
            try await projection.rebuild(store: store, logger: logger, memoryBudget: rebuildMemory)
        }
        let dropped = try await projection.dropInactiveVersions(store: store)
        if !dropped.isEmpty { logger.info("dropped the tables of old projection versions", metadata: ["tables": "\(dropped.count)"]) }
    }

    /// How many events the log holds (its last position).
    public var eventCount: UInt64 { store.lastPosition.rawValue }

    /// Stops accepting writes after committing everything queued.
    public func shutdown() {
        store.shutdown()
    }
}
