/// How the SCIM endpoint behaves: limits, paging, URLs and tenant policies.
///
/// Guarantees: every limit here is also what `/ServiceProviderConfig` advertises
/// (``serviceProviderConfiguration``), so clients see the rules the server enforces.
public struct SCIMConfiguration: Sendable {
    /// Bodies larger than this are refused with 413 (bulk requests use ``bulkMaxPayloadBytes``).
    public var maxRequestBodyBytes: Int
    /// The page size when a query does not say `count`.
    public var defaultPageSize: Int
    /// The largest page returned, whatever `count` asks (RFC 7643 `filter.maxResults`).
    public var maxPageSize: Int
    /// The most operations a `/Bulk` request may hold.
    public var bulkMaxOperations: Int
    /// The largest `/Bulk` body.
    public var bulkMaxPayloadBytes: Int
    /// The origin used in `Location` and `meta.location` (for example `https://scim.example.com`);
    /// nil derives it from the request's `X-Forwarded-Proto` and `Host` headers.
    public var publicOrigin: String?
    /// Per-tenant provisioning rules.
    public var policies: PolicySet
    /// The cost of password hashing.
    public var passwordHashing: PasswordHasher

    public init(
        maxRequestBodyBytes: Int = 1 << 20, defaultPageSize: Int = 100, maxPageSize: Int = 200, bulkMaxOperations: Int = 1000,
        bulkMaxPayloadBytes: Int = 4 << 20, publicOrigin: String? = nil, policies: PolicySet = PolicySet(),
        passwordHashing: PasswordHasher = PasswordHasher()
    ) {
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadBytes = bulkMaxPayloadBytes
        self.publicOrigin = publicOrigin
        self.policies = policies
        self.passwordHashing = passwordHashing
    }

    /// What `/ServiceProviderConfig` advertises.
    public var serviceProviderConfiguration: ServiceProviderConfiguration {
        ServiceProviderConfiguration(
            bulk: .init(supported: true, maxOperations: bulkMaxOperations, maxPayloadSize: bulkMaxPayloadBytes),
            filter: .init(supported: true, maxResults: maxPageSize),
            pagination: .init(cursor: true, index: true, defaultPaginationMethod: "index", defaultPageSize: defaultPageSize,
                              maxPageSize: maxPageSize, cursorTimeout: CursorToken.lifetimeSeconds)
        )
    }
}
