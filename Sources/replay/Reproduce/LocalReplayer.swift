import EventLog
import Projections
import SCIMAdapter

/// Re-executes recorded requests, in order, through today's ``SCIMService`` over a ``ScratchServer``,
/// and judges each outcome against the recording.
///
/// Guarantees: each request is sent as recorded (method, path with query, replayable headers,
/// body), authenticated directly as the recorded tenant and actor (no token is needed or checked),
/// with recorded ids of resources created in the window replaced by the replay's ids. After each
/// write, the resource's state in the replay is compared with its state in the recording: the fold
/// of the source log up to the last event the recorded request produced (``ScratchFold``, the
/// projection's own code).
final class LocalReplayer {
    let server: ScratchServer
    let store: EventStore
    let tenant: String
    private let recorded: ScratchFold
    private(set) var ids = IDMap()

    /// - Parameters:
    ///   - server: the replay's directory, as of `start`.
    ///   - store: the source log, for the recorded states.
    init(server: ScratchServer, store: EventStore, tenant: String, start: Position) throws {
        self.server = server
        self.store = store
        self.tenant = tenant
        recorded = try ScratchFold(tenant: tenant)
        let progress = Progress("folding the recorded states", total: start.rawValue)
        defer { progress.finish() }
        try recorded.advance(to: start, from: store, progress: progress, buildIndexes: false)
    }

    func replay(_ request: RecordedRequest) async throws -> ReplayedRequest {
        if let reason = request.skipReason {
            return ReplayedRequest(request: request, status: nil, differences: [], skipped: reason)
        }
        let target = ids.toReplay(request.path)
        let route = SCIMRoute(path: String(target.prefix { $0 != "?" }))
        let exchange = SCIMExchange(
            requestID: request.requestID, clientRequestID: request.clientRequestID, method: request.method, target: target,
            headers: request.headers, body: Array(ids.toReplay(request.body ?? "").utf8),
            client: AuthenticatedClient(tenant: request.tenant, actor: request.actor), baseURL: route.basePath, basePath: route.basePath)
        let response = await server.service.handle(route.endpoint, exchange)
        ids.learn(from: request, replayedStatus: response.status, replayedBody: response.body, location: response.header("Location"))
        var differences = ResponseComparison.compare(request, status: response.status, body: response.body, ids: ids)
        if request.isWrite, let difference = try stateDifference(request, route: route, response: response) {
            differences.append(difference)
        }
        return ReplayedRequest(request: request, status: response.status, differences: differences, skipped: nil)
    }

    /// The state of the written resource after the request: recorded fold against the replay.
    private func stateDifference(_ request: RecordedRequest, route: SCIMRoute, response: SCIMResponse) throws -> Difference? {
        let kind: ResourceKind
        var recordedID: String?
        var replayedID: String?
        switch route.endpoint {
        case .resource(let resourceKind, let id):
            kind = resourceKind
            replayedID = id
            recordedID = ids.toRecorded(id)
        case .resources(let resourceKind) where request.method == "POST":
            kind = resourceKind
            recordedID = request.status < 300 ? request.resourceID : nil
            if response.status < 300 {
                replayedID = (try? JSONValue(parsing: response.body))?.objectValue?["id"]?.stringValue
            }
        default:
            return nil
        }
        if let last = request.positions.max(), last > recorded.position {
            try recorded.advance(to: last, from: store, buildIndexes: false)
        }
        let tenant = request.tenant
        let old = try recordedID.flatMap { id in
            try recorded.read { reader in try ResourceState.read(reader, kind, tenant: tenant, id: id) }
        }
        let new = try replayedID.flatMap { id in
            try server.read { reader in try ResourceState.read(reader, kind, tenant: tenant, id: id) }
        }
        return ResourceState.difference(recorded: old, replayed: new?.mapped(ids))
    }
}
