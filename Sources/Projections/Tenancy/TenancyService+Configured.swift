import EventLog

/// What registering a configured token found or did.
public enum ConfiguredTokenRegistration: Sendable, Hashable {
    /// The token was issued now (a `token.issued` event holding its digest).
    case registered(TokenRecord)
    /// The same token was registered before, for the same tenant; nothing changed.
    case alreadyRegistered(TokenRecord)
    /// The same token was registered before and later revoked: it stays refused (revocation is final).
    case revoked(TokenRecord)
    /// The same token was registered before for another tenant: it keeps authenticating that one.
    case otherTenant(TokenRecord)

    /// The token record, whatever the outcome.
    public var token: TokenRecord {
        switch self {
        case .registered(let token), .alreadyRegistered(let token), .revoked(let token), .otherTenant(let token): token
        }
    }
}

extension TenancyService {
    /// Registers a token the operator chose (`--token` / `SCIM_TOKEN`, see
    /// ``TokenSecret/init(configured:)``) as a provisioning token of `tenant` that never expires,
    /// stored like any other: a `token.issued` event with its digest, never its text.
    ///
    /// Idempotent: the token's id is derived from its text, so registering the same text again
    /// changes nothing and reports how the existing token stands (revoked tokens are not revived).
    /// - Throws: ``TenancyError`` `invalidToken` (see the rules of ``TokenSecret/init(configured:)``),
    ///   `unknownTenant`, `tenantDisabled`, `tenantDeleted`, `invalidName`.
    public func registerConfiguredToken(
        _ text: String, tenant: String, name: String = "configured", metadata: CommandMetadata
    ) async throws -> ConfiguredTokenRegistration {
        guard let secret = TokenSecret(configured: text) else {
            throw TenancyError(
                .invalidToken,
                "a configured token must be \(TokenSecret.configuredTokenLengths.lowerBound) to \(TokenSecret.configuredTokenLengths.upperBound) visible ASCII characters without spaces"
            )
        }
        if let existing = try token(secret.tokenID) {
            guard secret.matches(existing.hash) else {
                throw TenancyError(.invalidToken, "the configured token's derived id \(existing.id) names another token; choose another token")
            }
            if existing.revokedAt != nil { return .revoked(existing) }
            return existing.tenant == tenant ? .alreadyRegistered(existing) : .otherTenant(existing)
        }
        try TenancyValidation.checkTenantID(tenant)
        try TenancyValidation.checkName(name, of: "a token name")
        let issued = TenancyEvent.TokenIssued(
            tokenID: secret.tokenID, tenant: tenant, name: name, scopes: [.provisioning], hash: secret.hash, expiresAt: nil,
            createdBy: metadata.actor)
        let record = try await store.execute(IssueToken(projection: projection, issued: issued, eventID: .random(), metadata: metadata)).get()
        return .registered(record)
    }
}
