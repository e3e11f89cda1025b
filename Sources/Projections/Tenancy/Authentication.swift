import EventLog

/// The outcome of checking a bearer token.
public enum AuthenticationResult: Sendable, Hashable {
    /// The token is valid now: its tenant is active, it is neither expired nor revoked.
    case success(AuthenticatedToken)
    /// The request must get 401 with `WWW-Authenticate: Bearer`.
    case failure(AuthenticationFailure)

    /// The authenticated token, or `nil` on failure.
    public var token: AuthenticatedToken? {
        if case .success(let token) = self { return token }
        return nil
    }
}

/// Who a valid bearer token speaks for.
public struct AuthenticatedToken: Sendable, Hashable {
    /// The tenant whose directory the token may reach (and no other).
    public var tenant: String
    public var tokenID: String
    public var tokenName: String
    public var scopes: [TokenScope]

    public init(tenant: String, tokenID: String, tokenName: String, scopes: [TokenScope]) {
        self.tenant = tenant
        self.tokenID = tokenID
        self.tokenName = tokenName
        self.scopes = scopes
    }

    /// The actor recorded in events and journal entries of requests made with this token:
    /// `token:<token id>` (ids are unique and never reused; names need not be).
    public var actor: String { "token:\(tokenID)" }

    /// Whether the token carries `scope`.
    public func allows(_ scope: TokenScope) -> Bool { scopes.contains(scope) }
}

/// Why a bearer token was refused.
///
/// For the server's logs, journal and failure counts only: the client should get one generic
/// answer (401, "invalid bearer token") whatever the reason, so that probing learns nothing.
public struct AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// No `Authorization` header, or an empty token.
        case missing
        /// Not `Bearer <token>`, or the token is not `scim_<id>_<secret>`.
        case malformed
        /// No token has the id the bearer names.
        case unknown
        /// The id is known, the secret does not match.
        case wrongSecret
        /// The secret matches but the token's expiry has passed.
        case expired
        /// The secret matches but the token was revoked.
        case revoked
        /// The secret matches but its tenant is disabled.
        case tenantDisabled
        /// The secret matches but its tenant was deleted.
        case tenantDeleted
    }

    public var reason: Reason
    /// The token id the bearer named, when it was well-formed.
    public var tokenID: String?
    /// The token's tenant, when the id is known (so failures can be counted per tenant).
    public var tenant: String?

    public init(reason: Reason, tokenID: String? = nil, tenant: String? = nil) {
        self.reason = reason
        self.tokenID = tokenID
        self.tenant = tenant
    }

    public var description: String {
        var text = "bearer token refused: \(reason.rawValue)"
        if let tokenID { text += " (token \(tokenID)" + (tenant.map { ", tenant \($0)" } ?? "") + ")" }
        return text
    }
}

/// The check itself, separate from storage so its order of tests is plain to see.
enum TokenVerifier {
    /// A digest no token has, compared against when the id is unknown so that every well-formed
    /// bearer costs one hash and one full comparison.
    private static let absent = TokenHash(bytes: [UInt8](repeating: 0, count: 32))

    /// Checks `bearer` against `token` (the record its id names, if any) and its tenant.
    ///
    /// Order: the secret is compared first, in constant time, and a wrong secret is reported as
    /// such whatever the token's state, so only a holder of the secret learns that a token is
    /// revoked or expired. Then revoked, expired, tenant deleted, tenant disabled.
    static func verify(_ bearer: TokenSecret, token: TokenRecord?, tenant: TenantRecord?, now: Timestamp) -> AuthenticationResult {
        let matches = bearer.matches(token?.hash ?? absent)
        guard let token else { return .failure(AuthenticationFailure(reason: .unknown, tokenID: bearer.tokenID)) }
        func failure(_ reason: AuthenticationFailure.Reason) -> AuthenticationResult {
            .failure(AuthenticationFailure(reason: reason, tokenID: token.id, tenant: token.tenant))
        }
        guard matches else { return failure(.wrongSecret) }
        switch token.status(at: now) {
        case .revoked: return failure(.revoked)
        case .expired: return failure(.expired)
        case .active: break
        }
        switch tenant?.state {
        case nil, .deleted?: return failure(.tenantDeleted)
        case .disabled?: return failure(.tenantDisabled)
        case .active?: break
        }
        return .success(AuthenticatedToken(tenant: token.tenant, tokenID: token.id, tokenName: token.name, scopes: token.scopes))
    }

    /// The token in an `Authorization` header value: `Bearer <token>` (scheme case-insensitive,
    /// RFC 7235), or the failure reason (`missing` for no header or no token, `malformed` for
    /// another scheme).
    static func bearer(fromAuthorization header: String?) -> Result<Substring, AuthenticationFailure> {
        let value = trimmingSpaces(Substring(header ?? ""))
        guard !value.isEmpty else { return .failure(AuthenticationFailure(reason: .missing)) }
        let scheme = value.prefix { $0 != " " }
        guard scheme.lowercased() == "bearer" else { return .failure(AuthenticationFailure(reason: .malformed)) }
        let token = trimmingSpaces(value.dropFirst(scheme.count))
        return token.isEmpty ? .failure(AuthenticationFailure(reason: .missing)) : .success(token)
    }

    /// `text` without leading and trailing ASCII spaces.
    private static func trimmingSpaces(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { $0 != " " }), let last = text.lastIndex(where: { $0 != " " }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }
}
