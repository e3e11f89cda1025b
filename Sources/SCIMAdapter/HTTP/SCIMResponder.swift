import EventLog
import HTTPTypes
import Hummingbird
import NIOCore
import Projections

/// The Hummingbird responder of the SCIM endpoint: parses the path, authenticates, reads the
/// body within its limit, and hands the request to ``SCIMService``.
///
/// Guarantees:
/// - One dispatcher for both base paths (`/scim/v2/...` and `/tenants/{tenant}/scim/v2/...`),
///   trailing slashes and the SCIM-shaped 404/405 of unknown routes and methods (the router's
///   plain-text 404s would break SCIM clients).
/// - Any `Accept` and `Content-Type` is accepted (Entra sends none on Test Connection and
///   `application/scim+json; charset=utf-8` on writes); every body sent is `application/scim+json`.
/// - A missing or wrong token is a 401 with `WWW-Authenticate: Bearer` and a SCIM Error body; a
///   body over the limit is a 413 SCIM Error. Both are journaled, a refused token under its
///   tenant when the token is known (see ``AuthenticationRefusal``).
/// - With an ``AdminAPI``, `/provisioning/token` and `/admin/...` go to it (never journaled as
///   SCIM requests); with a ``QuarantineWatch``, every SCIM response is counted against its tenant.
public struct SCIMResponder<Context: RequestContext>: HTTPResponder {
    public let service: SCIMService
    public let authenticator: any RequestAuthenticator
    public let admin: AdminAPI?
    public let quarantine: QuarantineWatch?

    public init(
        service: SCIMService, authenticator: any RequestAuthenticator, admin: AdminAPI? = nil, quarantine: QuarantineWatch? = nil,
        context: Context.Type = BasicRequestContext.self
    ) {
        self.service = service
        self.authenticator = authenticator
        self.admin = admin
        self.quarantine = quarantine
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        if let admin, let route = AdminRoute(path: request.uri.path) {
            return await admin.respond(to: request, route: route)
        }
        let (exchange, response) = await answer(request)
        quarantine?.observe(exchange, response)
        return Self.response(response)
    }

    /// The SCIM answer to `request`, and the exchange it was journaled as.
    private func answer(_ request: Request) async -> (SCIMExchange, SCIMResponse) {
        let receivedAt = Timestamp.now()
        let route = SCIMRoute(path: request.uri.path)
        var exchange = SCIMExchange(
            requestID: EventID.random().description, clientRequestID: request.headers[SCIMHeaderName.clientRequestID], receivedAt: receivedAt,
            method: request.method.rawValue, target: request.uri.string, headers: Self.journaledHeaders(request.headers),
            client: AuthenticatedClient(tenant: route.tenantInPath ?? "", actor: "anonymous"),
            baseURL: baseURL(request, route), basePath: route.basePath)
        RequestTrace.current?.update { $0.requestID = exchange.requestID }
        do {
            exchange.client = try await authenticator.authenticate(
                bearerToken: Self.bearerToken(request.headers[.authorization]), tenantInPath: route.tenantInPath)
        } catch {
            if let client = error.client { exchange.client = client }
            return (exchange, service.refuse(error.error, exchange))
        }
        let limit = route.endpoint == .bulk ? service.configuration.bulkMaxPayloadBytes : service.configuration.maxRequestBodyBytes
        do {
            let buffer = try await request.body.collect(upTo: limit)
            exchange.body = Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return (exchange, service.refuse(
                SCIMError(status: 413, detail: "The request body is larger than \(limit) bytes, the most this server accepts."), exchange))
        } catch {
            return (exchange, service.refuse(SCIMError(status: 400, detail: "The request body could not be read: \(error)."), exchange))
        }
        return (exchange, await service.handle(route.endpoint, exchange))
    }

    /// The absolute base URL: the configured public origin, or the request's scheme and host.
    private func baseURL(_ request: Request, _ route: SCIMRoute) -> String {
        if let origin = service.configuration.publicOrigin {
            return Self.trimmingSlashes(origin) + route.basePath
        }
        let scheme = request.headers[SCIMHeaderName.forwardedProto].flatMap { $0.split(separator: ",").first.map(String.init) } ?? "http"
        let host = request.head.authority ?? "localhost"
        return "\(scheme.trimmingFilterWhitespace())://\(host)\(route.basePath)"
    }

    public static func response(_ response: SCIMResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        let body = response.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: response.body))
        return Response(status: HTTPResponse.Status(code: response.status), headers: fields, body: body)
    }

    /// The credential of `Authorization: Bearer <token>` (scheme compared ignoring case).
    public static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let trimmed = Substring(header).trimmingASCIIWhitespace()
        guard trimmed.count > 7, trimmed.prefix(7).equalsIgnoringASCIICase("bearer ") else { return nil }
        let token = trimmed.dropFirst(7).trimmingASCIIWhitespace()
        return token.isEmpty ? nil : String(token)
    }

    /// Headers worth keeping in the journal: never credentials.
    static func journaledHeaders(_ fields: HTTPFields) -> [String: String] {
        var headers: [String: String] = [:]
        for field in fields {
            let name = field.name.canonicalName
            switch name {
            case "content-type", "accept", "if-match", "if-none-match", "user-agent", "client-request-id", "x-forwarded-for":
                headers[name] = field.value
            default:
                continue
            }
        }
        return headers
    }

    private static func trimmingSlashes(_ text: String) -> String {
        var result = Substring(text)
        while result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}

/// Header names the responder reads.
enum SCIMHeaderName {
    static let clientRequestID = HTTPField.Name("client-request-id")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
