import EventLog

/// Tenants and their bearer tokens: the domain operations behind the CLI and the admin API, and
/// the bearer check behind every request.
///
/// Guarantees:
/// - Every change is an event in the log, recorded with the caller's ``CommandMetadata`` (the
///   actor who did it); decisions run inside the write transaction and every event carries an
///   expected revision (`noStream` for creations), so two concurrent commands never both apply
///   on stale state.
/// - A change is visible to ``authenticate(bearer:now:)`` as soon as its call returns (the
///   projection is inline).
/// - Secrets are generated from `SystemRandomNumberGenerator`, returned once inside
///   ``IssuedToken``, and never stored: the log and the tables hold only their SHA-256 digest.
/// - Tenant deletion is final and needs a disabled tenant: the tenant's tokens are refused, its
///   directory becomes unreachable (no token can name it and its id is never reused), and the log
///   keeps its whole history.
public final class TenancyService: Sendable {
    /// The tenant ``ensureDefaultTenant(metadata:)`` creates.
    public static let defaultTenantID = "default"
    /// The longest expiry ``issueToken(tenant:name:scopes:expiresIn:metadata:)`` accepts.
    public static let maximumLifetime: Duration = .seconds(100 * 366 * 86_400)

    public let store: EventStore
    public let projection: TenancyProjection
    public let throttle: TokenUseThrottle
    private let clock: @Sendable () -> Timestamp

    /// - Parameters:
    ///   - clock: the time used to compute expiries at issue (tests inject one).
    ///   - throttle: gates last-use records (``noteUse(_:at:)``).
    public init(
        store: EventStore, projection: TenancyProjection, throttle: TokenUseThrottle = TokenUseThrottle(),
        clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) {
        self.store = store
        self.projection = projection
        self.throttle = throttle
        self.clock = clock
    }

    // MARK: Tenants

    /// Creates tenant `id` (1 to 63 of `a-z`, `0-9`, `-`).
    /// - Throws: ``TenancyError`` `invalidTenantID`, `invalidName`, `tenantExists`.
    @discardableResult
    public func createTenant(id: String, name: String, displayName: String? = nil, metadata: CommandMetadata) async throws -> TenantRecord {
        try TenancyValidation.checkTenantID(id)
        try TenancyValidation.checkName(name, of: "a tenant name")
        if let displayName { try TenancyValidation.checkName(displayName, of: "a tenant display name") }
        return try await store.execute(
            CreateTenant(projection: projection, id: id, name: name, displayName: displayName, eventID: .random(), metadata: metadata)
        ).get()
    }

    /// Disables a tenant: its tokens are refused until it is enabled. Disabling a disabled tenant changes nothing.
    /// - Throws: ``TenancyError`` `unknownTenant`, `tenantDeleted`.
    @discardableResult
    public func disableTenant(_ id: String, metadata: CommandMetadata) async throws -> TenantRecord {
        try await change(id, .disable, metadata)
    }

    /// Enables a disabled tenant. Enabling an active tenant changes nothing.
    /// - Throws: ``TenancyError`` `unknownTenant`, `tenantDeleted`.
    @discardableResult
    public func enableTenant(_ id: String, metadata: CommandMetadata) async throws -> TenantRecord {
        try await change(id, .enable, metadata)
    }

    /// Deletes a disabled tenant, for good (see the type's guarantees).
    /// - Throws: ``TenancyError`` `unknownTenant`, `tenantActive` (disable it first), `tenantDeleted`.
    @discardableResult
    public func deleteTenant(_ id: String, metadata: CommandMetadata) async throws -> TenantRecord {
        try await change(id, .delete, metadata)
    }

    private func change(_ id: String, _ change: ChangeTenantState.Change, _ metadata: CommandMetadata) async throws -> TenantRecord {
        try await store.execute(ChangeTenantState(projection: projection, id: id, change: change, eventID: .random(), metadata: metadata)).get()
    }

    /// Tenants ordered by id; deleted ones only when asked.
    public func listTenants(includeDeleted: Bool = false) throws -> [TenantRecord] {
        try projection.read { try $0.tenants() }.filter { includeDeleted || $0.state != .deleted }
    }

    /// Tenant `id` in any state, or `nil`.
    public func tenant(_ id: String) throws -> TenantRecord? {
        try projection.read { try $0.tenant(id) }
    }

    // MARK: Tokens

    /// Issues a token for an active tenant and returns it with its secret, which is shown here
    /// once and cannot be recovered later.
    ///
    /// - Parameter expiresIn: `nil` for a token that never expires. Entra quarantines a
    ///   provisioning job whose token expires, so Secret Tokens for Entra should not expire; rotate
    ///   them instead (issue a new one, paste it into Entra, then revoke the old one).
    /// - Throws: ``TenancyError`` `unknownTenant`, `tenantDisabled`, `tenantDeleted`, `invalidName`,
    ///   `invalidScopes`, `invalidExpiry`.
    public func issueToken(
        tenant: String, name: String, scopes: Set<TokenScope>, expiresIn: Duration? = nil, metadata: CommandMetadata
    ) async throws -> IssuedToken {
        let (issued, secret) = try prepareToken(tenant: tenant, name: name, scopes: scopes, expiresIn: expiresIn, createdBy: metadata.actor)
        let record = try await store.execute(IssueToken(projection: projection, issued: issued, eventID: .random(), metadata: metadata)).get()
        return IssuedToken(token: record, secret: secret)
    }

    /// The tokens of `tenant` (revoked and expired ones included) with their last use.
    /// - Throws: ``TenancyError`` `unknownTenant`.
    public func listTokens(tenant: String) throws -> [TokenListing] {
        try projection.read { reader in
            guard try reader.tenant(tenant) != nil else { throw TenancyError(.unknownTenant, "no tenant \"\(tenant)\"") }
            return try reader.tokens(tenant: tenant).map { TokenListing(token: $0, lastUsedAt: try reader.lastUsed(token: $0.id)) }
        }
    }

    /// Token `id`, or `nil`.
    public func token(_ id: String) throws -> TokenRecord? {
        try projection.read { try $0.token(id) }
    }

    /// Revokes token `id` at once. Revoking a revoked token changes nothing.
    /// - Throws: ``TenancyError`` `unknownToken`.
    @discardableResult
    public func revokeToken(id: String, reason: String? = nil, metadata: CommandMetadata) async throws -> TokenRecord {
        try await store.execute(RevokeToken(projection: projection, tokenID: id, reason: reason, eventID: .random(), metadata: metadata)).get()
    }

    // MARK: Bootstrap

    /// The default tenant and its first two tokens, as created by ``ensureDefaultTenant(metadata:)``.
    public struct Bootstrap: Sendable {
        public var tenant: TenantRecord
        /// A token named `entra`, scope provisioning only and no expiry: Entra's Secret Token.
        public var provisioning: IssuedToken
        /// A token named `admin`, scope admin only and no expiry: for the admin API.
        public var admin: IssuedToken
    }

    /// On a data directory where no tenant was ever created, creates tenant `default`, a
    /// provisioning token `entra` and an admin token `admin` (neither expires) in one atomic
    /// command, and returns them; otherwise returns `nil` and changes nothing. Safe to call on
    /// every start, and from two processes at once (the decision runs in the write transaction).
    ///
    /// Two tokens rather than one with both scopes: the Secret Token pasted into Entra then cannot
    /// reach the admin API, whoever reads it there.
    public func ensureDefaultTenant(
        metadata: CommandMetadata = CommandMetadata(actor: "system:bootstrap", requestID: "bootstrap")
    ) async throws -> Bootstrap? {
        let id = Self.defaultTenantID
        let (provisioning, provisioningSecret) = try prepareToken(
            tenant: id, name: "entra", scopes: [.provisioning], expiresIn: nil, createdBy: metadata.actor)
        let (admin, adminSecret) = try prepareToken(tenant: id, name: "admin", scopes: [.admin], expiresIn: nil, createdBy: metadata.actor)
        let command = BootstrapTenancy(
            projection: projection, tenantID: id, tenantName: "Default tenant", issued: [provisioning, admin],
            eventIDs: [.random(), .random(), .random()], metadata: metadata)
        guard let created = try await store.execute(command).get(), created.tokens.count == 2 else { return nil }
        return Bootstrap(
            tenant: created.tenant, provisioning: IssuedToken(token: created.tokens[0], secret: provisioningSecret),
            admin: IssuedToken(token: created.tokens[1], secret: adminSecret))
    }

    private func prepareToken(
        tenant: String, name: String, scopes: Set<TokenScope>, expiresIn: Duration?, createdBy: String
    ) throws(TenancyError) -> (TenancyEvent.TokenIssued, TokenSecret) {
        try TenancyValidation.checkTenantID(tenant)
        try TenancyValidation.checkName(name, of: "a token name")
        guard !scopes.isEmpty else { throw TenancyError(.invalidScopes, "a token needs at least one scope") }
        var expiresAt: Timestamp?
        if let expiresIn {
            guard expiresIn > .zero, expiresIn <= Self.maximumLifetime, let at = TenancyTime.adding(expiresIn, to: clock()) else {
                throw TenancyError(.invalidExpiry, "a token's lifetime must be positive and at most 100 years (omit it for no expiry)")
            }
            expiresAt = at
        }
        let secret = TokenSecret.generate()
        let issued = TenancyEvent.TokenIssued(
            tokenID: secret.tokenID, tenant: tenant, name: name, scopes: scopes.sorted(), hash: secret.hash, expiresAt: expiresAt,
            createdBy: createdBy)
        return (issued, secret)
    }
}

/// A newly issued token: its metadata, and its secret, which exists nowhere else.
public struct IssuedToken: Sendable {
    public var token: TokenRecord
    /// Show ``TokenSecret/plaintext`` once (its `description` is redacted).
    public var secret: TokenSecret
}
