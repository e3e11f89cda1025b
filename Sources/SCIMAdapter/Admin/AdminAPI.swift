import EventLog
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Projections

/// The admin API: tenants, tokens and quarantine status over HTTP, for operators and scripts.
///
/// | route | does |
/// |---|---|
/// | `POST /provisioning/token` | mints a token: `{tenant, name, scopes?, expiresIn?}` → 201 with the secret, shown once |
/// | `GET /admin/tenants` (`?includeDeleted=true`) | lists tenants |
/// | `POST /admin/tenants` | creates a tenant: `{id, name?, displayName?}` → 201 |
/// | `GET /admin/tenants/{id}` | one tenant |
/// | `POST /admin/tenants/{id}/disable`, `/enable` | changes its state |
/// | `DELETE /admin/tenants/{id}` | deletes a disabled tenant, for good |
/// | `GET /admin/tenants/{id}/tokens` | its tokens with lastUsed, expiresAt, revoked; never secrets |
/// | `DELETE /admin/tokens/{id}` (`?reason=`) | revokes a token |
/// | `GET /admin/tenants/{id}/quarantine` | its failure ratio against Entra's quarantine thresholds |
///
/// Guarantees:
/// - Every route needs a bearer token with scope `admin` (401 + `WWW-Authenticate: Bearer`
///   without a valid token, 403 with a valid token that lacks the scope). An admin token
///   administers every tenant.
/// - JSON in and out (`application/json`); every error is a SCIM Error message with an
///   actionable `detail`; a refused request changes nothing.
/// - Every change is an event whose actor is the admin token (`token:<id>`) and whose request id
///   is the request's; each change is logged at `info` with both.
/// - The tenant of the calling token cannot be disabled or deleted through it (409), so an
///   operator cannot lock themselves out of the API.
public struct AdminAPI: Sendable {
    public let tenancy: TenancyService
    public let authenticator: TenancyAuthenticator
    public let quarantine: QuarantineWatch?
    let logger: Logger
    /// The largest admin request body.
    public static let maxBodyBytes = 64 * 1024

    public init(tenancy: TenancyService, authenticator: TenancyAuthenticator, quarantine: QuarantineWatch?, logger: Logger) {
        self.tenancy = tenancy
        self.authenticator = authenticator
        self.quarantine = quarantine
        self.logger = logger
    }

    /// Answers one admin request.
    public func respond(to request: Request, route: AdminRoute) async -> Response {
        let call = AdminCall(
            method: request.method.rawValue, query: QueryParameters(request.uri.query), requestID: EventID.random().description)
        guard route != .unknown else {
            return Self.response(AdminResponse.error(.notFound(
                "There is no admin endpoint at \(request.uri.path); see docs/TENANTS-AND-TOKENS.md for /provisioning/token and /admin/tenants.")))
        }
        guard route.allowedMethods.contains(call.method) else {
            var response = AdminResponse.error(SCIMError(
                status: 405, detail: "\(call.method) is not supported here; use \(route.allowedMethods.joined(separator: ", "))."))
            response.headers.append(.init("Allow", route.allowedMethods.joined(separator: ", ")))
            return Self.response(response)
        }
        let token: AuthenticatedToken
        do {
            token = try authenticator.authenticateAdmin(bearerToken: SCIMResponder<BasicRequestContext>.bearerToken(request.headers[.authorization]))
        } catch {
            logger.warning("admin API request refused", metadata: [
                "request_id": "\(call.requestID)", "method": "\(call.method)", "path": "\(request.uri.path)", "status": "\(error.error.status)",
                "actor": "\(error.client?.actor ?? "anonymous")",
            ])
            return Self.response(AdminResponse.error(error.error))
        }
        var body: [UInt8] = []
        do {
            body = Array(try await request.body.collect(upTo: Self.maxBodyBytes).readableBytesView)
        } catch {
            return Self.response(AdminResponse.error(SCIMError(status: 413, detail: "The request body is larger than \(Self.maxBodyBytes) bytes.")))
        }
        let metadata = CommandMetadata(actor: token.actor, requestID: call.requestID)
        do {
            let response = try await handle(route, call, body: body, token: token, metadata: metadata)
            if call.method != "GET" {
                logger.info("admin API change", metadata: [
                    "request_id": "\(call.requestID)", "actor": "\(token.actor)", "method": "\(call.method)", "path": "\(request.uri.path)",
                    "status": "\(response.status)",
                ])
            }
            return Self.response(response)
        } catch let error as SCIMError {
            return Self.response(AdminResponse.error(error))
        } catch let error as TenancyError {
            return Self.response(AdminResponse.error(.from(tenancy: error)))
        } catch {
            return Self.response(AdminResponse.error(.from(error)))
        }
    }

    static func response(_ response: SCIMResponse) -> Response {
        SCIMResponder<BasicRequestContext>.response(response)
    }
}

/// What the handlers need of an admin request.
struct AdminCall: Sendable {
    var method: String
    var query: QueryParameters
    var requestID: String
}

/// Admin API answers: JSON as `application/json`, errors as SCIM Error messages.
enum AdminResponse {
    static let contentType = "application/json"

    static func json(_ status: Int, _ value: JSONValue) -> SCIMResponse {
        var response = SCIMResponse.json(status, value)
        response.headers = response.headers.map { $0.name == "Content-Type" ? .init("Content-Type", contentType) : $0 }
        return response
    }

    static func error(_ error: SCIMError) -> SCIMResponse {
        var response = SCIMResponse.error(error)
        response.headers = response.headers.map { $0.name == "Content-Type" ? .init("Content-Type", contentType) : $0 }
        return response
    }
}
