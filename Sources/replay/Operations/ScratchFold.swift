import EventLog
import Foundation
import Projections

/// An empty directory under `$TMPDIR` (or `/tmp`), deleted with everything in it when the value goes away.
final class TemporaryDirectory {
    let path: String

    init(prefix: String) throws {
        let base = FileManager.default.temporaryDirectory.path
        path = (base as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ReplayError(
                "cannot create a scratch directory in \(base): \(error.localizedDescription)",
                remedy: "set TMPDIR to a writable directory with room for a copy of the projection")
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A temporary LMDB environment for folds, deleted when the value goes away.
///
/// Opened with deferred durability: it never needs to survive a crash, so commits skip the fsyncs.
final class ScratchDirectory {
    let directory: TemporaryDirectory
    let environment: LMDBEnvironment

    init() throws {
        directory = try TemporaryDirectory(prefix: "replay-scratch")
        do {
            environment = try LMDBEnvironment(path: directory.path, configuration: .init(durability: .deferred))
        } catch {
            throw ReplayError(error)
        }
    }
}

/// The directory projection folded from the log into scratch tables, up to a chosen position.
///
/// Guarantees: the tables are what the server's inline projection held after the event at
/// ``position`` (the fold is the projection's own ``DirectoryProjector``, applied to the same
/// events in the same order, upcast as the server reads them); folding can continue to a later
/// position, so two instants cost one pass. Events are read with the zero-copy ``EventView`` scan
/// and written in transactions of 10,000 events; the lookup indexes are built once at the end of
/// each ``advance(to:from:progress:)`` from the rows, as rebuilds do. When folding one tenant, other tenants' events are
/// skipped (a tenant's rows depend only on its own events).
final class ScratchFold {
    let scratch: ScratchDirectory
    let tables: DirectoryTables
    /// The tenant folded, or `nil` for every tenant.
    let tenant: String?
    /// The last event folded (`.start` before any).
    private(set) var position: Position = .start

    init(tenant: String?) throws {
        scratch = try ScratchDirectory()
        tables = try DirectoryTables(environment: scratch.environment, version: DirectoryProjection.currentVersion)
        self.tenant = tenant
    }

    /// Folds every event after ``position`` up to and including `target`.
    ///
    /// - Parameter buildIndexes: build the lookup indexes afterwards (needed to find resources by
    ///   name; reading by id and members works without them, which is cheaper when folding in steps).
    func advance(to target: Position, from store: EventStore, progress: Progress? = nil, buildIndexes: Bool = true) throws {
        let upcasters = store.configuration.upcasters
        let tenantBytes = tenant.map { Array($0.utf8) }
        let start = position
        while position < target {
            let transaction = try scratch.environment.beginWrite()
            let (last, reachedEnd) = try store.read { reader in
                try DirectoryFold.apply(
                    from: reader, events: store.tables.events, after: position, until: target, limit: 10_000, upcasters: upcasters,
                    into: tables, maintainsIndexes: false, tenant: tenantBytes, transaction)
            }
            try transaction.commit()
            guard last > position else { break }
            position = last
            progress?.update(position.rawValue - start.rawValue)
            if reachedEnd { break }
        }
        // Indexes are skipped event by event and built once from the rows (DirectoryIndexBuild).
        guard buildIndexes else { return }
        let transaction = try scratch.environment.beginWrite()
        try DirectoryIndexBuild.build(tables, in: transaction)
        try transaction.commit()
    }

    /// Runs `body` with a reader of the folded tables.
    func read<R>(_ body: (borrowing DirectoryReader) throws -> R) throws -> R {
        try scratch.environment.withReadTransaction { txn in try body(DirectoryReader(tables: tables, txn: txn)) }
    }

    /// The directory event and its facts, or `nil` for an event outside the catalogue.
    static func decode(_ view: borrowing EventView, _ upcasters: UpcasterChain) throws -> (DirectoryEvent, EventFacts)? {
        let event: DirectoryEvent?
        if view.needsUpcasting(upcasters) {
            event = try DirectoryEvent(try view.materialize(upcasters: upcasters))
        } else {
            event = try DirectoryEvent(type: view.type, payload: view.payload)
        }
        guard let event else { return nil }
        let facts = EventFacts(
            tenant: view.tenant, resourceID: String(decoding: view.streamIDBytes, as: UTF8.self), revision: view.revision,
            recordedAt: view.recordedAt, position: view.position)
        return (event, facts)
    }
}
