import Synchronization

/// One token bucket per tenant: each request takes a token; tokens refill at
/// ``RateLimit/requestsPerSecond`` up to ``RateLimit/burst``.
///
/// Guarantees: a tenant never gets more than `burst + rate × t` requests admitted in any window
/// of `t` seconds; tenants never share a bucket; a refusal says how many whole seconds until the
/// next token (at least 1). Thread-safe; time is passed in, so tests control it.
public final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let limit: RateLimit
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(limit: RateLimit) {
        self.limit = limit
    }

    /// Takes a token from `tenant`'s bucket.
    /// - Returns: nil when admitted, else the seconds to wait before retrying.
    public func admit(_ tenant: String, at now: ContinuousClock.Instant = .now) -> Int? {
        let capacity = Double(max(limit.burst, 1))
        let rate = max(limit.requestsPerSecond, 0.000_001)
        return buckets.withLock { buckets in
            var bucket = buckets[tenant] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + max(seconds, 0) * rate)
            bucket.updated = max(now, bucket.updated)
            defer { buckets[tenant] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            let wait = (1 - bucket.tokens) / rate
            return max(1, Int(wait.rounded(.up)))
        }
    }
}
