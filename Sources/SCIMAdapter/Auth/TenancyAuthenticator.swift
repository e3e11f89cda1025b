import EventLog
import Projections

/// Bearer tokens checked against the tenancy store (``TenancyService``): the server's authenticator.
///
/// Guarantees:
/// - A SCIM request needs an active token with scope `provisioning` whose tenant is active; the
///   admin API needs scope `admin` (``authenticateAdmin(bearerToken:)``). Tokens are checked by
///   digest in constant time (``TenancyService/authenticate(bearer:now:)``); nothing is cached,
///   so a revocation or a disabled tenant takes effect on the next request.
/// - A missing, malformed, unknown or wrong token, and a token that expired, was revoked, or whose
///   tenant is disabled or deleted, gets 401. The detail says what to do and never contains the
///   token. The state of a token (expired, revoked, tenant disabled) is only told to a caller who
///   presented its correct secret; every other refusal reads the same.
/// - A valid token used under another tenant's path (`/tenants/{other}/scim/v2`), or without the
///   scope the route needs, gets 403: the token is right, the URL or the token's scopes are not.
/// - Each success is noted as the token's last use (throttled, never waiting for a commit).
public struct TenancyAuthenticator: RequestAuthenticator {
    public let tenancy: TenancyService
    private let clock: @Sendable () -> Timestamp

    /// - Parameter clock: the time expiries are checked against.
    public init(tenancy: TenancyService, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.tenancy = tenancy
        self.clock = clock
    }

    public func authenticate(bearerToken: String?, tenantInPath: String?) async throws(AuthenticationRefusal) -> AuthenticatedClient {
        let token = try check(bearerToken, scope: .provisioning)
        let client = AuthenticatedClient(tenant: token.tenant, actor: token.actor)
        if let tenantInPath, tenantInPath != token.tenant {
            throw AuthenticationRefusal(.forbidden(
                "This token belongs to tenant \"\(token.tenant)\" and cannot be used under /tenants/\(tenantInPath)/scim/v2; "
                    + "use /scim/v2 (the token names its tenant) or /tenants/\(token.tenant)/scim/v2."), client: client)
        }
        return client
    }

    /// Checks the bearer token of an admin API request: it needs scope `admin`. An admin token
    /// administers every tenant, whichever tenant it belongs to.
    public func authenticateAdmin(bearerToken: String?) throws(AuthenticationRefusal) -> AuthenticatedToken {
        try check(bearerToken, scope: .admin)
    }

    private func check(_ bearerToken: String?, scope: TokenScope) throws(AuthenticationRefusal) -> AuthenticatedToken {
        let now = clock()
        let result: AuthenticationResult
        do {
            result = try tenancy.authenticate(bearer: bearerToken, now: now)
        } catch {
            throw AuthenticationRefusal(SCIMError.from(error))
        }
        switch result {
        case .failure(let failure):
            let client = failure.tenant.map { AuthenticatedClient(tenant: $0, actor: "token:\(failure.tokenID ?? "")") }
            throw AuthenticationRefusal(.unauthorized(Self.detail(failure)), client: client)
        case .success(let token):
            guard token.allows(scope) else {
                let has = token.scopes.map(\.rawValue).joined(separator: ", ")
                let needed = scope == .admin ? "the admin API needs a token with scope admin" : "the SCIM endpoint needs a token with scope provisioning"
                throw AuthenticationRefusal(
                    .forbidden("This token has scope \(has.isEmpty ? "none" : has); \(needed)."),
                    client: AuthenticatedClient(tenant: token.tenant, actor: token.actor))
            }
            tenancy.noteUse(token, at: now)
            return token
        }
    }

    /// What the client is told: the same words for every token whose secret did not match.
    static func detail(_ failure: AuthenticationFailure) -> String {
        let create = "Create a token with `scim-server token create --tenant <tenant> --name <name>` or POST /provisioning/token"
        switch failure.reason {
        case .missing:
            return "Authentication required: send the Secret Token as \"Authorization: Bearer <token>\"."
        case .malformed, .unknown, .wrongSecret:
            return "The bearer token is not valid for this server. Check the Secret Token (a token is shown once, when it is created). \(create)."
        case .expired:
            return "This token has expired. \(create), and paste it as the Secret Token; tokens given to Entra should not expire."
        case .revoked:
            return "This token was revoked. \(create), and paste it as the Secret Token."
        case .tenantDisabled:
            return "The tenant \"\(failure.tenant ?? "")\" of this token is disabled; an administrator can enable it (POST /admin/tenants/\(failure.tenant ?? "")/enable)."
        case .tenantDeleted:
            return "The tenant of this token was deleted; its directory can no longer be reached."
        }
    }
}
