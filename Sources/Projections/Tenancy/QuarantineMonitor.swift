import EventLog
import Synchronization

/// Early warning of Entra quarantine: each tenant's failed requests over a sliding window,
/// against ``QuarantineThresholds/entra``.
///
/// Levels, evaluated per tenant over the window:
/// - `critical` when Entra's own rule holds (≥ 5,000 failures and more than 40 % failed, or more
///   than 40,000 failures, or more than 60,000 including reference failures), or when the last
///   ``Configuration/credentialFailuresForCritical`` requests naming a token of the tenant were
///   all refused with 401 (Entra quarantines a job whose credentials fail, for example an expired
///   token: `EncounteredQuarantineException`; the count of 3 is ours, Entra publishes none);
/// - `warning` when the same rule holds at ``Configuration/warningFraction`` of every threshold
///   (by default ≥ 2,500 failures and more than 20 % failed, or more than 20,000, or more than
///   30,000), or after any 401 not yet followed by a success;
/// - `ok` otherwise.
///
/// Requests stand in for Entra's escrowed events: a request is failed when its status is 400 or
/// more. This over-counts (a retried failure counts each time, and Entra clears an escrow entry
/// when a retry succeeds), which errs on the side of warning early.
///
/// Guarantees: thread-safe (one `Mutex`); ``observe(tenant:status:at:request:isReferenceFailure:)``
/// is O(1) amortised and allocates nothing in the steady state, so the HTTP layer can call it on
/// every request. Memory per tenant is fixed (``Configuration/bucketCount`` buckets and
/// ``Configuration/recentFailureLimit`` examples). Not persistent: seed it from the journal at start
/// (``seed(from:tenants:now:)``).
public final class QuarantineMonitor: Sendable {
    /// How the monitor counts.
    public struct Configuration: Sendable, Hashable {
        public var thresholds: QuarantineThresholds
        /// The share of each threshold at which a tenant is at `warning`.
        public var warningFraction: Double
        /// How far back requests count.
        public var window: Duration
        /// The window's resolution: requests leave it a bucket (window / count) at a time.
        public var bucketCount: Int
        /// Consecutive 401s after which a tenant is `critical`.
        public var credentialFailuresForCritical: Int
        /// How many recent failed requests a report names.
        public var recentFailureLimit: Int

        public init(
            thresholds: QuarantineThresholds = .entra, warningFraction: Double = 0.5, window: Duration = .seconds(24 * 3600),
            bucketCount: Int = 288, credentialFailuresForCritical: Int = 3, recentFailureLimit: Int = 20
        ) {
            self.thresholds = thresholds
            self.warningFraction = warningFraction
            self.window = window
            self.bucketCount = max(1, bucketCount)
            self.credentialFailuresForCritical = max(1, credentialFailuresForCritical)
            self.recentFailureLimit = max(0, recentFailureLimit)
        }
    }

    public let configuration: Configuration
    private let bucketMicroseconds: Int64
    private let warningThresholds: QuarantineThresholds
    private let tenants = Mutex<[String: TenantWindow]>([:])

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let window = TenancyTime.microseconds(configuration.window) ?? Int64.max / 2
        self.bucketMicroseconds = max(1, window / Int64(configuration.bucketCount))
        self.warningThresholds = configuration.thresholds.scaled(by: configuration.warningFraction)
    }

    /// Counts one request of `tenant` that got `status` at `at`.
    ///
    /// - Parameters:
    ///   - request: a short description naming the request (method, path, request id), kept if it failed.
    ///   - isReferenceFailure: the request failed only because a reference (manager, group member)
    ///     did not resolve; Entra leaves these out of its ratio and 40,000 thresholds.
    /// - Returns: the change of the tenant's level, if this observation changed it (log it).
    @discardableResult
    public func observe(
        tenant: String, status: Int, at time: Timestamp, request: String = "", isReferenceFailure: Bool = false
    ) -> QuarantineTransition? {
        tenants.withLock { tenants in
            var window = tenants.removeValue(forKey: tenant) ?? TenantWindow(bucketCount: configuration.bucketCount)
            defer { tenants[tenant] = window }
            let bucket = time.microseconds.floorDivided(by: bucketMicroseconds)
            var counts = QuarantineCounts()
            counts.requests = 1
            if status >= 400 {
                if isReferenceFailure { counts.referenceFailures = 1 } else { counts.failures = 1 }
                if status == 401 { counts.credentialFailures = 1 }
            }
            window.add(counts, bucket: bucket)
            if status == 401 {
                window.streak += 1
            } else if status < 400 {
                window.streak = 0
            }
            if status >= 400 { window.remember(FailedRequest(at: time, status: status, request: request), limit: configuration.recentFailureLimit) }
            return transition(tenant, &window)
        }
    }

    /// Counts a journaled request.
    @discardableResult
    public func observe(_ entry: JournalEntry) -> QuarantineTransition? {
        observe(tenant: entry.tenant, status: entry.status, at: entry.receivedAt, request: Self.describe(entry))
    }

    /// Where `tenant` stands at `now` (requests older than the window no longer count).
    public func report(tenant: String, now: Timestamp) -> QuarantineReport {
        tenants.withLock { tenants in
            guard var window = tenants[tenant] else {
                return QuarantineReport(tenant: tenant, level: .ok, counts: QuarantineCounts(), credentialFailureStreak: 0, reasons: [], recentFailures: [])
            }
            window.advance(to: now.microseconds.floorDivided(by: bucketMicroseconds))
            window.level = level(window)
            tenants[tenant] = window
            return report(tenant, window)
        }
    }

    /// Every observed tenant's report at `now`, ordered by tenant.
    public func reports(now: Timestamp) -> [QuarantineReport] {
        let names = tenants.withLock { Array($0.keys) }.sorted()
        return names.map { report(tenant: $0, now: now) }
    }

    /// Drops what the monitor knows of `tenant` (a deleted tenant).
    public func forget(tenant: String) {
        _ = tenants.withLock { $0.removeValue(forKey: tenant) }
    }

    private func transition(_ tenant: String, _ window: inout TenantWindow) -> QuarantineTransition? {
        let previous = window.level
        window.level = level(window)
        guard window.level != previous else { return nil }
        return QuarantineTransition(from: previous, to: window.level, report: report(tenant, window))
    }

    private func level(_ window: TenantWindow) -> QuarantineLevel {
        if !configuration.thresholds.exceeded(by: window.totals).isEmpty || window.streak >= configuration.credentialFailuresForCritical {
            return .critical
        }
        if !warningThresholds.exceeded(by: window.totals).isEmpty || window.streak > 0 { return .warning }
        return .ok
    }

    private func report(_ tenant: String, _ window: TenantWindow) -> QuarantineReport {
        var reasons = configuration.thresholds.exceeded(by: window.totals)
        if reasons.isEmpty { reasons = warningThresholds.exceeded(by: window.totals).map { "approaching quarantine: " + $0 } }
        if window.streak > 0 {
            reasons.append("the last \(window.streak) request(s) with this tenant's tokens were refused (401); Entra quarantines on failing credentials")
        }
        return QuarantineReport(
            tenant: tenant, level: window.level, counts: window.totals, credentialFailureStreak: window.streak, reasons: reasons,
            recentFailures: window.recentFailures)
    }

    static func describe(_ entry: JournalEntry) -> String {
        describe(
            method: entry.method, path: entry.path, status: entry.status, scimType: entry.scimType, requestID: entry.requestID,
            clientRequestID: entry.clientRequestID)
    }

    /// How a failed request is named in reports and warnings.
    public static func describe(
        method: String, path: String, status: Int, scimType: String?, requestID: String, clientRequestID: String?
    ) -> String {
        var text = "\(method) \(path) → \(status)"
        if let scimType { text += " \(scimType)" }
        text += " [request \(requestID)"
        if let clientRequestID { text += ", client-request-id \(clientRequestID)" }
        return text + "]"
    }
}

/// One tenant's counts: a ring of buckets, their running total, and recent failures.
private struct TenantWindow {
    var buckets: [QuarantineCounts]
    var totals = QuarantineCounts()
    /// The absolute index (time / bucket width) of the newest bucket, `nil` before the first request.
    var newest: Int64?
    var streak = 0
    var recent: [FailedRequest] = []
    var recentStart = 0
    var level = QuarantineLevel.ok

    init(bucketCount: Int) {
        buckets = Array(repeating: QuarantineCounts(), count: bucketCount)
    }

    private func slot(_ bucket: Int64) -> Int {
        let count = Int64(buckets.count)
        return Int(((bucket % count) + count) % count)
    }

    /// Moves the window so that `bucket` is the newest, emptying the buckets that leave it.
    mutating func advance(to bucket: Int64) {
        guard let newest else { return }
        guard bucket > newest else { return }
        let steps = min(bucket - newest, Int64(buckets.count))
        for step in 1...steps {
            let index = slot(newest + step)
            totals.subtract(buckets[index])
            buckets[index] = QuarantineCounts()
        }
        self.newest = bucket
    }

    /// Adds `counts` to `bucket`; an observation older than the window is dropped.
    mutating func add(_ counts: QuarantineCounts, bucket: Int64) {
        if newest == nil { newest = bucket }
        advance(to: bucket)
        guard let newest, bucket > newest - Int64(buckets.count) else { return }
        buckets[slot(bucket)].add(counts)
        totals.add(counts)
    }

    mutating func remember(_ failure: FailedRequest, limit: Int) {
        guard limit > 0 else { return }
        if recent.count < limit {
            recent.append(failure)
        } else {
            recent[recentStart] = failure
            recentStart = (recentStart + 1) % limit
        }
    }

    /// The kept failures, oldest first.
    var recentFailures: [FailedRequest] { Array(recent[recentStart...] + recent[..<recentStart]) }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
