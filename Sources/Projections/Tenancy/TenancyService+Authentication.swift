import EventLog

extension TenancyService {
    /// Checks a bare bearer token (what Entra's Secret Token field holds).
    ///
    /// One point lookup by the token id the bearer names (or, for text that is not
    /// `scim_<id>_<secret>`, the id a configured token of that text would have: see
    /// ``TokenSecret/init(configured:)``), then a constant-time comparison of SHA-256 digests
    /// (see ``TokenSecret``), all from one read snapshot. Pure: it records
    /// nothing; call ``noteUse(_:at:)`` after a success and journal the failure.
    ///
    /// - Parameter now: the request's time, for expiry.
    /// - Returns: the tenant, token and scopes, or why the token is refused (`missing` for `nil`
    ///   or empty, `malformed`, `unknown`, `wrongSecret`, `expired`, `revoked`, `tenantDisabled`,
    ///   `tenantDeleted`; text in neither token form, or naming no configured token, is
    ///   `malformed`). A wrong secret is reported as `wrongSecret` whatever the token's state.
    /// - Throws: only storage faults.
    public func authenticate(bearer: String?, now: Timestamp) throws -> AuthenticationResult {
        guard let bearer, !bearer.isEmpty else { return .failure(AuthenticationFailure(reason: .missing)) }
        guard let parsed = TokenSecret(parsing: bearer) ?? TokenSecret(configured: bearer) else {
            return .failure(AuthenticationFailure(reason: .malformed))
        }
        let result = try projection.read { reader in
            let token = try reader.token(parsed.tokenID)
            let tenant = try token.flatMap { try reader.tenant($0.tenant) }
            return TokenVerifier.verify(parsed, token: token, tenant: tenant, now: now)
        }
        // Text that is not `scim_<id>_<secret>` and names no configured token is neither form.
        if parsed.isConfigured, case .failure(let failure) = result, failure.reason == .unknown {
            return .failure(AuthenticationFailure(reason: .malformed))
        }
        return result
    }

    /// Checks the value of an `Authorization` header: `Bearer <token>`, the scheme in any case.
    /// A missing header or empty token is `missing`; another scheme is `malformed`.
    public func authenticate(authorization: String?, now: Timestamp) throws -> AuthenticationResult {
        switch TokenVerifier.bearer(fromAuthorization: authorization) {
        case .failure(let failure): .failure(failure)
        case .success(let bearer): try authenticate(bearer: String(bearer), now: now)
        }
    }

    /// Records, at most once per token per ``TokenUseThrottle/interval``, that `token` authenticated
    /// a request at `time`. Cheap and non-blocking: a throttle check and, when it passes, an
    /// ``EventStore/enqueue(_:)`` of ``RecordTokenUse``.
    public func noteUse(_ token: AuthenticatedToken, at time: Timestamp) {
        guard throttle.shouldRecord(tokenID: token.tokenID, at: time) else { return }
        store.enqueue(RecordTokenUse(projection: projection, tokenID: token.tokenID, usedAt: time))
    }
}
