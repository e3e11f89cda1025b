import EventLog
import Projections

/// The SCIM endpoint's request handling, independent of the HTTP server: one authenticated
/// request in, the exact response out.
///
/// Guarantees:
/// - Every request is journaled exactly once: writes (including refused ones) in their write
///   transaction, reads and requests refused before a decision (bad JSON, bad filter, unknown
///   route, wrong method) with a journal-only command queued without waiting for an fsync.
/// - Requests that fail change nothing; every failure is a SCIM Error message with the status
///   and `scimType` of RFC 7644 §3.12; storage faults are 500s that reveal no internals.
/// - Reads see one consistent snapshot; writes are decided inside the log's write transaction.
/// - Never throws and never traps on client input.
public struct SCIMService: Sendable {
    public let directory: SCIMDirectory
    public let configuration: SCIMConfiguration

    public init(directory: SCIMDirectory, configuration: SCIMConfiguration = SCIMConfiguration()) {
        self.directory = directory
        self.configuration = configuration
    }

    /// Answers one request to `endpoint`.
    public func handle(_ endpoint: SCIMRoute.Endpoint, _ exchange: SCIMExchange) async -> SCIMResponse {
        switch (endpoint, exchange.method) {
        case (.resources(let kind), "GET"): return list(kind, exchange)
        case (.resources(let kind), "POST"): return await create(kind, exchange)
        case (.resource(let kind, let id), "GET"): return get(kind, id: id, exchange)
        case (.resource(let kind, let id), "PUT"): return await replace(kind, id: id, exchange)
        case (.resource(let kind, let id), "PATCH"): return await patch(kind, id: id, exchange)
        case (.resource(let kind, let id), "DELETE"): return await delete(kind, id: id, exchange)
        case (.search(let kind), "POST"): return search(kind, exchange)
        case (.serviceProviderConfig, "GET"), (.resourceTypes, "GET"), (.schemas, "GET"): return discovery(endpoint, exchange)
        case (.bulk, "POST"): return await bulk(exchange)
        case (.unknown, _):
            return refuse(.notFound("There is no SCIM endpoint at \(exchange.target.split(separator: "?").first ?? ""); "
                + "the base URL ends in /scim/v2 and serves /Users, /Groups, /Bulk, /.search, /ServiceProviderConfig, /ResourceTypes and /Schemas."), exchange)
        default:
            let allowed = Self.allowedMethods(endpoint)
            var response = refuse(
                SCIMError(status: 405, detail: "\(exchange.method) is not supported here; use \(allowed.joined(separator: ", "))."), exchange)
            response.headers.append(.init("Allow", allowed.joined(separator: ", ")))
            return response
        }
    }

    static func allowedMethods(_ endpoint: SCIMRoute.Endpoint) -> [String] {
        switch endpoint {
        case .resources: ["GET", "POST"]
        case .resource: ["GET", "PUT", "PATCH", "DELETE"]
        case .search, .bulk: ["POST"]
        case .serviceProviderConfig, .resourceTypes, .schemas: ["GET"]
        case .unknown: []
        }
    }

    // MARK: Journaling outside the write path

    /// Journals a request that needed no write transaction, without waiting for it.
    func journal(_ entry: JournalEntry) {
        directory.store.enqueue(JournalRequest(journal: directory.journal, entry: entry))
    }

    /// Answers with `error` before any decision, and journals it.
    func refuse(_ error: SCIMError, _ exchange: SCIMExchange, resource: (ResourceKind, String)? = nil) -> SCIMResponse {
        let response = SCIMResponse.error(error)
        journal(exchange.journalEntry(response, resource: resource))
        return response
    }

    /// The request body as JSON.
    /// - Throws: 400 `invalidSyntax` for a missing or malformed body, saying where it broke.
    func parseBody(_ exchange: SCIMExchange) throws(SCIMError) -> JSONValue {
        guard !exchange.body.isEmpty else {
            throw .invalidSyntax("\(exchange.method) needs a JSON body (Content-Type: application/scim+json).")
        }
        do {
            return try JSONValue(parsing: exchange.body)
        } catch {
            throw .invalidSyntax("The request body is not valid JSON: \(error).")
        }
    }

    /// The `attributes`/`excludedAttributes` parameters of the request.
    func selection(_ exchange: SCIMExchange) throws(SCIMError) -> AttributeSelection {
        try AttributeSelection(attributes: exchange.query["attributes"], excludedAttributes: exchange.query["excludedAttributes"])
    }

    func writeEnvironment(for tenant: String) -> WriteEnvironment {
        WriteEnvironment(projection: directory.projection, journal: directory.journal, policy: configuration.policies.policy(for: tenant))
    }
}
