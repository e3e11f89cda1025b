import EventLog
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
    ///
    /// - Throws: ``LMDBError`` for storage problems, ``DirectoryNotReady`` when the projection's
    ///   stored version differs from this code's and must first be rebuilt from the log.
    public init(path: String, configuration: LMDBEnvironment.Configuration = .init()) throws {
        let environment = try LMDBEnvironment(path: path, configuration: configuration)
        let projection = try DirectoryProjection(environment: environment)
        guard !projection.needsRebuild else {
            throw DirectoryNotReady(
                reason: "the directory projection in \(path) is at version \(projection.activeVersion.map(String.init) ?? "none"), "
                    + "this server builds version \(projection.codeVersion); rebuild it from the log first")
        }
        self.environment = environment
        self.projection = projection
        self.journal = try RequestJournal(environment: environment)
        self.store = try EventStore(environment: environment, projections: [projection])
    }

    /// How many events the log holds (its last position).
    public var eventCount: UInt64 { store.lastPosition.rawValue }

    /// Stops accepting writes after committing everything queued.
    public func shutdown() {
        store.shutdown()
    }
}

/// The data directory cannot serve yet.
public struct DirectoryNotReady: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the directory cannot serve: \(reason)" }
}
