import Synchronization

/// What the SCIM layer learned about one request, for the operations layer around it (request
/// logs, metrics, rate limits) that sees only HTTP.
///
/// The operations responder creates a trace per request and binds it to ``current`` (a task
/// local) while the SCIM responder runs; the SCIM responder and the authenticator record into it.
/// Without a bound trace (tests, the bare SCIM application) recording does nothing.
///
/// Guarantees: every field is written at most by the request's own task and read after it
/// finished; the lock makes the reads safe anyway if a timed-out request is still running.
public final class RequestTrace: Sendable {
    /// One request's facts.
    public struct Facts: Sendable, Hashable {
        /// The request id of the exchange (the journal's `requestID`).
        public var requestID: String?
        /// The tenant the request authenticated as, or named in its path when it did not.
        public var tenant: String?
        /// Seconds after which a rate-limited request may be retried.
        public var retryAfterSeconds: Int?

        public init(requestID: String? = nil, tenant: String? = nil, retryAfterSeconds: Int? = nil) {
            self.requestID = requestID
            self.tenant = tenant
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// The trace of the request this task serves, if the operations layer bound one.
    @TaskLocal public static var current: RequestTrace?

    private let state = Mutex(Facts())

    public init() {}

    /// The facts recorded so far.
    public var facts: Facts { state.withLock { $0 } }

    /// Records into the trace.
    public func update(_ body: (inout Facts) -> Void) {
        state.withLock { body(&$0) }
    }
}
