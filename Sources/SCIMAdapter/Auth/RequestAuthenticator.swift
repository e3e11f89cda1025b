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
/// stores plug in (a static map today; hashed, expiring, revocable tokens with issue 5).
///
/// Contract for conformers:
/// - `bearerToken` is the credential after `Bearer ` (nil when the header is missing or not a
///   bearer credential); `tenantInPath` is `{tenant}` of `/tenants/{tenant}/scim/v2/...`, nil for
///   `/scim/v2/...` (the tenant then comes from the token).
/// - Throw `SCIMError` 401 for a missing or unknown token (the responder adds
///   `WWW-Authenticate: Bearer`), 403 for a valid token used under another tenant's path.
/// - Compare secrets in constant time and never put a secret in an error detail.
public protocol RequestAuthenticator: Sendable {
    func authenticate(bearerToken: String?, tenantInPath: String?) async throws(SCIMError) -> AuthenticatedClient
}

extension SCIMError {
    /// 401: no usable credential.
    static func unauthorized(_ detail: String) -> SCIMError { SCIMError(status: 401, detail: detail) }
    /// 403: a credential that may not do this.
    static func forbidden(_ detail: String) -> SCIMError { SCIMError(status: 403, detail: detail) }
}
