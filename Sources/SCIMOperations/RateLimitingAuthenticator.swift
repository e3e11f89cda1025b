import SCIMAdapter

/// Wraps the server's authenticator: records the request's tenant in the ``RequestTrace`` and,
/// when a rate limit is configured, refuses a tenant that spent its tokens with 429.
///
/// Guarantees: authentication failures pass through unchanged (the tenant of the path, if any,
/// is still recorded, for per-tenant failure counts); a 429 is a SCIM error refused before any
/// decision, so it changes nothing and is journaled like every refusal; the trace carries the
/// `Retry-After` seconds for the operations responder to send.
public struct RateLimitingAuthenticator: RequestAuthenticator {
    public let base: any RequestAuthenticator
    public let buckets: TokenBuckets?

    public init(_ base: any RequestAuthenticator, buckets: TokenBuckets?) {
        self.base = base
        self.buckets = buckets
    }

    public func authenticate(bearerToken: String?, tenantInPath: String?) async throws(AuthenticationRefusal) -> AuthenticatedClient {
        let trace = RequestTrace.current
        trace?.update { $0.tenant = tenantInPath }
        let client: AuthenticatedClient
        do {
            client = try await base.authenticate(bearerToken: bearerToken, tenantInPath: tenantInPath)
        } catch {
            if let known = error.client { trace?.update { $0.tenant = known.tenant } }
            throw error
        }
        trace?.update { $0.tenant = client.tenant }
        if let buckets, let wait = buckets.admit(client.tenant) {
            trace?.update { $0.retryAfterSeconds = wait }
            // Journaled and counted under the token's tenant, like any refusal of a known token.
            throw AuthenticationRefusal(
                SCIMError(
                    status: 429,
                    detail: "Tenant \(client.tenant) sent more than \(buckets.limit.burst) requests at once or more than "
                        + "\(Self.rate(buckets.limit.requestsPerSecond)) per second; retry after \(wait) s."),
                client: client)
        }
        return client
    }

    private static func rate(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
