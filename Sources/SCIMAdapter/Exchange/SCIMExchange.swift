import EventLog
import Projections

/// One authenticated SCIM request as the service handles it: what was asked, by whom, under which
/// base URL, and when it arrived.
///
/// Guarantees: `body` is the raw request body (at most the configured limit); `headers` holds only
/// headers worth replaying (never `Authorization`); `baseURL` is absolute and has no trailing slash,
/// so `baseURL + "/Users/" + id` is a resource's location. Values, so they cross into the log's
/// writer thread inside commands.
public struct SCIMExchange: Sendable {
    public var requestID: String
    /// Entra's `client-request-id`, when sent.
    public var clientRequestID: String?
    public var receivedAt: Timestamp
    let started: ContinuousClock.Instant
    public var method: String
    /// The path with its query string, as received.
    public var target: String
    public var headers: [String: String]
    public var body: [UInt8]
    public var query: QueryParameters
    public var client: AuthenticatedClient
    /// For example `https://scim.example.com/scim/v2`.
    public var baseURL: String
    /// The path part of the base URL as the client used it, for example `/scim/v2`.
    public var basePath: String

    public init(
        requestID: String, clientRequestID: String? = nil, receivedAt: Timestamp = .now(), method: String, target: String,
        headers: [String: String] = [:], body: [UInt8] = [], client: AuthenticatedClient, baseURL: String,
        basePath: String = "/scim/v2"
    ) {
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.receivedAt = receivedAt
        self.started = ContinuousClock.now
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.query = QueryParameters(target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) })
        self.client = client
        self.baseURL = baseURL
        self.basePath = basePath
    }

    public var tenant: String { client.tenant }

    /// Who and which request, for the envelopes of the events it produces.
    var metadata: CommandMetadata {
        CommandMetadata(actor: client.actor, requestID: requestID, correlationID: clientRequestID)
    }

    /// A header by name, ignoring case.
    func header(_ name: String) -> String? {
        headers.first { $0.key.equalsIgnoringASCIICase(name) }?.value
    }

    /// The location of a resource.
    func location(_ kind: ResourceKind, _ id: String) -> String {
        "\(baseURL)/\(kind.endpointName)/\(id)"
    }

    /// Microseconds since the request arrived.
    var elapsedMicroseconds: Int64 {
        let elapsed = ContinuousClock.now - started
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }

    /// The journal's record of this request and its response.
    func journalEntry(
        _ response: SCIMResponse, resource: (ResourceKind, String)? = nil, resultCount: Int? = nil, returnedIDs: [String] = [],
        positions: [Position] = []
    ) -> JournalEntry {
        journalEntry(
            response, requestBody: JournalRedaction.requestBody(body), resource: resource, resultCount: resultCount, returnedIDs: returnedIDs,
            positions: positions)
    }

    /// The journal's record, with the request body already redacted (by a write, before it is
    /// queued: the log's writer thread then only encodes the entry).
    func journalEntry(
        _ response: SCIMResponse, requestBody: String?, resource: (ResourceKind, String)? = nil, resultCount: Int? = nil,
        returnedIDs: [String] = [], positions: [Position] = []
    ) -> JournalEntry {
        let error = response.status >= 400 ? Self.errorFields(response) : (nil, nil)
        return JournalEntry(
            receivedAt: receivedAt, tenant: client.tenant, actor: client.actor, requestID: requestID, clientRequestID: clientRequestID,
            method: method, path: target, headers: headers, requestBody: requestBody,
            status: response.status, scimType: error.0, detail: error.1, resourceType: resource?.0.rawValue, resourceID: resource?.1,
            resultCount: resultCount, returnedIDs: returnedIDs, responseBody: response.bodyText,
            latencyMicroseconds: elapsedMicroseconds, positions: positions)
    }

    /// Every failed response is built by ``SCIMResponse/error(_:)``, which keeps its error.
    private static func errorFields(_ response: SCIMResponse) -> (String?, String?) {
        response.error.map { ($0.scimType?.rawValue, $0.detail) } ?? (nil, nil)
    }
}
