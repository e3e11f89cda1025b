/// How the operations layer around the SCIM endpoint behaves: timeouts, rate limits, metrics
/// access and journal retention. Values only; the server builds it from its configuration.
///
/// Guarantees: the defaults are the documented ones (docs/OPERATIONS.md); every limit is off or
/// generous by default, so a server started without configuration behaves as before.
public struct OperationsConfiguration: Sendable, Hashable {
    /// The longest a request may take, from its arrival to its response (reading the body
    /// included). Slower requests get a SCIM error: 408 while the body is still arriving, 503 after.
    public var requestTimeout: Duration
    /// How long a connection may stay idle (no bytes either way) before the server closes it.
    public var idleTimeout: Duration
    /// Per-tenant rate limit; nil turns it off.
    public var rateLimit: RateLimit?
    /// When set, `/metrics` answers only requests with `Authorization: Bearer <metricsToken>`.
    public var metricsToken: String?
    /// Journal entries older than this many days are pruned; nil keeps them forever.
    public var journalRetentionDays: Int?

    public init(
        requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60), rateLimit: RateLimit? = nil,
        metricsToken: String? = nil, journalRetentionDays: Int? = nil
    ) {
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.rateLimit = rateLimit
        self.metricsToken = metricsToken
        self.journalRetentionDays = journalRetentionDays
    }
}

/// A token bucket's parameters: a steady rate and the burst a tenant may spend at once.
public struct RateLimit: Sendable, Hashable {
    /// Requests per second a tenant may sustain.
    public var requestsPerSecond: Double
    /// Requests a tenant may send at once after being idle (the bucket's capacity).
    public var burst: Int

    public init(requestsPerSecond: Double, burst: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}
