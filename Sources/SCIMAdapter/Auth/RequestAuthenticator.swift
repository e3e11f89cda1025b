/// Who made a request, once its bearer token was accepted.
///
/// Guarantees: `tenant` is the directory the request may read and change, and nothing else;
/// `actor` names the credential (never the secret itself) and is recorded in every event and
/// journal entry the request produces.
public struct AuthenticatedClient: Sendable, Hashable {
    public var tenant: String
    public var actor: String

    public init(tenant: String, actor: String) {
        self.tenant = tenant
        self.actor = actor
    }
}

/// Decides whether a request may use the SCIM API, and as which tenant: the seam where token
/// stores plug in (``TenancyAuthenticator`` in the server).
///
/// Contract for conformers:
/// - `bearerToken` is the credential after `Bearer ` (nil when the header is missing or not a
///   bearer credential); `tenantInPath` is `{tenant}` of `/tenants/{tenant}/scim/v2/...`, nil for
///   `/scim/v2/...` (the tenant then comes from the token).
/// - Refuse with 401 for a missing, malformed, unknown, wrong, expired or revoked token or a
///   token whose tenant is disabled or deleted (the responder adds `WWW-Authenticate: Bearer`),
///   and 403 for a valid token that may not do this (another tenant's path, a missing scope).
/// - Say in ``AuthenticationRefusal/client`` whom the refusal is journaled under when the
///   token's tenant is known.
/// - Compare secrets in constant time and never put a secret in an error detail.
public protocol RequestAuthenticator: Sendable {
    func authenticate(bearerToken: String?, tenantInPath: String?) async throws(AuthenticationRefusal) -> AuthenticatedClient
}

/// A refused request: the SCIM error to answer with, and whom to journal it under.
///
/// Guarantees: `error.detail` never contains the presented token.
public struct AuthenticationRefusal: Error, Sendable, Hashable {
    public var error: SCIMError
    /// The tenant and actor the refusal is journaled and counted under, when the token named a
    /// known token (its tenant, `token:<id>`); `nil` leaves the path's tenant (or `""`) and `anonymous`.
    public var client: AuthenticatedClient?

    public init(_ error: SCIMError, client: AuthenticatedClient? = nil) {
        self.error = error
        self.client = client
    }
}

extension SCIMError {
    /// 401: no usable credential.
    static func unauthorized(_ detail: String) -> SCIMError { SCIMError(status: 401, detail: detail) }
    /// 403: a credential that may not do this.
    static func forbidden(_ detail: String) -> SCIMError { SCIMError(status: 403, detail: detail) }
}
