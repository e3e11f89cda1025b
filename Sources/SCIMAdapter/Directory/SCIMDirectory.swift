import EventLog
import Logging
import Projections

/// The storage behind the SCIM endpoint: one LMDB environment with the event log, the inline
/// directory projection and the request journal.
///
/// Guarantees: opening creates what is missing; the projection is registered with the store
/// before the writer starts, so every append updates it in the same transaction; the journal
/// shares the environment, so a journaled write is exactly as durable as its events.
/// ``shutdown()`` commits everything already queued and stops the writer; reads keep working.
public final class SCIMDirectory: Sendable {
    public let environment: LMDBEnvironment
    public let projection: DirectoryProjection
    public let journal: RequestJournal
    public let store: EventStore

    /// Opens (creating if needed) the data directory at `path`, which must exist.
    /// - Throws: ``LMDBError`` for storage problems.
    public init(path: String, configuration: LMDBEnvironment.Configuration = .init()) throws {
        let environment = try LMDBEnvironment(path: path, configuration: configuration)
        let projection = try DirectoryProjection(environment: environment)
        self.environment = environment
        self.projection = projection
        self.journal = try RequestJournal(environment: environment)
        self.store = try EventStore(environment: environment, projections: [projection])
    }

    /// Rebuilds the directory projection from the log when this code builds another version than
    /// the stored one (after an upgrade); does nothing otherwise. Run it before serving.
    public func rebuildIfNeeded(logger: Logger) async throws {
        try await projection.rebuild(store: store, logger: logger)
    }

    /// How many events the log holds (its last position).
    public var eventCount: UInt64 { store.lastPosition.rawValue }

    /// Stops accepting writes after committing everything queued.
    public func shutdown() {
        store.shutdown()
    }
}
