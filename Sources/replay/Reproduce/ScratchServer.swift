import EventLog
import Logging
import Projections
import SCIMAdapter

/// Today's SCIM service over a scratch copy of the log up to a position: the directory as it was
/// then, answering requests as this build would.
///
/// Guarantees: the copy holds the source's events up to ``position`` byte for byte (same ids,
/// times, actors, request ids, payloads and stream revisions; old schema versions are upcast on
/// read as the server does), written into the log's own tables of a fresh environment under
/// `$TMPDIR`; the directory projection is then built from it by the server's own rebuild
/// (``SCIMDirectory/prepareProjection(logger:)``), so nothing here re-implements a fold. The source
/// is only read. The scratch directory is removed when the value goes away.
final class ScratchServer {
    let scratch: TemporaryDirectory
    let directory: SCIMDirectory
    let service: SCIMService
    /// The last event copied.
    let position: Position
    /// How many events were copied.
    let copiedEvents: UInt64

    init(copying store: EventStore, upTo position: Position, configuration: SCIMConfiguration, progress: Progress? = nil) async throws {
        scratch = try TemporaryDirectory(prefix: "replay-scratch-server")
        let environmentConfiguration = LMDBEnvironment.Configuration(durability: .deferred)
        copiedEvents = try Self.copyLog(from: store, upTo: position, into: scratch.path, environmentConfiguration, progress: progress)
        self.position = position
        do {
            directory = try SCIMDirectory(path: scratch.path, configuration: environmentConfiguration)
            let quiet = Logger(label: "replay.scratch") { _ in SwiftLogNoOpLogHandler() }
            try await directory.prepareProjection(logger: quiet)
        } catch {
            throw ReplayError(error)
        }
        service = SCIMService(directory: directory, configuration: configuration)
    }

    deinit {
        directory.shutdown()
    }

    /// Runs `body` with a reader of the scratch directory's projection.
    func read<R>(_ body: (borrowing DirectoryReader) throws -> R) throws -> R {
        try directory.projection.read(body)
    }

    /// Copies events 1…`last` of `store` into a new log in `path`, with the stream and id tables
    /// the log keeps beside them (``LogTables/appendCopy(of:envelope:in:)``). Returns how many events were copied.
    private static func copyLog(
        from store: EventStore, upTo last: Position, into path: String, _ configuration: LMDBEnvironment.Configuration,
        progress: Progress?
    ) throws -> UInt64 {
        let environment = try LMDBEnvironment(path: path, configuration: configuration)
        // Opening a store creates the log's tables; its writer is stopped at once, so the copy's
        // direct writes are the only ones, and the environment closes when this function returns.
        let target = try EventStore(environment: environment)
        target.shutdown()
        let tables = target.tables
        var copied: UInt64 = 0
        var next = Position(1)
        while next <= last {
            let transaction = try environment.beginWrite()
            var count = 0
            try store.read { reader in
                try reader.scan(store.tables.events, from: LogTables.positionKey(next)) { key, value in
                    let position = Position(LogTables.readUInt64(key))
                    guard position <= last else { return false }
                    try tables.appendCopy(of: EventView(value, position: position), envelope: value, in: transaction)
                    next = position.next
                    count += 1
                    return count < 10_000
                }
            }
            try transaction.commit()
            copied += UInt64(count)
            progress?.update(copied)
            if count == 0 { break }
        }
        try environment.sync()
        return copied
    }
}

extension ScratchServer {
    /// The resource as `GET /scim/v2/Users/{id}` (or `/Groups/{id}`) answers it, with `meta.location`
    /// relative to the server's origin (`/scim/v2/Users/{id}`).
    /// - Throws: ``ReplayError`` (not found) when the service does not answer 200.
    func get(_ ref: ResourceRef) async throws -> JSONValue {
        let target = "/scim/v2/\(ref.kind.endpointName)/\(ref.id)"
        let exchange = SCIMExchange(
            requestID: EventID.random().description, method: "GET", target: target,
            client: AuthenticatedClient(tenant: ref.tenant, actor: "replay"), baseURL: "/scim/v2", basePath: "/scim/v2")
        let response = await service.handle(SCIMRoute(path: target).endpoint, exchange)
        guard response.status == 200, let body = try? JSONValue(parsing: response.body) else {
            throw ReplayError(
                "\(ref.kind.rawValue) \(ref.id) could not be read at position \(position) (status \(response.status))",
                exitCode: ExitStatus.notFound)
        }
        return body
    }
}
