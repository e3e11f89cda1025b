import EventLog
import Foundation
import Projections
import Testing

/// The early warning against Entra's escrow thresholds (5,000 failures and 40 %, 40,000, 60,000).
@Suite struct TenancyQuarantineMonitorTests {
    private let t0 = TenancyFixture.start

    private func at(seconds: Int64) -> Timestamp { Timestamp(microsecondsSince1970: t0.microseconds + seconds * 1_000_000) }

    /// Feeds `count` requests with `status` to `monitor`, all at `time`.
    private func feed(_ monitor: QuarantineMonitor, _ count: Int, status: Int, at time: Timestamp, reference: Bool = false, tenant: String = "acme") {
        for _ in 0..<count { monitor.observe(tenant: tenant, status: status, at: time, isReferenceFailure: reference) }
    }

    @Test func theRatioCountsOnlyFromFiveThousandFailuresAndOnlyAboveFortyPercent() {
        let monitor = QuarantineMonitor()
        feed(monitor, 4_999, status: 500, at: t0)
        var report = monitor.report(tenant: "acme", now: t0)
        #expect(report.counts.failures == 4_999 && report.counts.failureRatio == 1)
        #expect(report.level == .warning, "past half of every threshold, not yet Entra's 5,000")
        // 5,000 failures of 12,500 requests is exactly 40 %: not above it.
        feed(monitor, 7_500, status: 200, at: t0)
        feed(monitor, 1, status: 409, at: t0)
        report = monitor.report(tenant: "acme", now: t0)
        #expect(report.counts.failures == 5_000 && report.counts.requests == 12_500)
        #expect(report.counts.failureRatio == 0.4)
        #expect(report.level == .warning)
        feed(monitor, 1, status: 400, at: t0)
        report = monitor.report(tenant: "acme", now: t0)
        #expect(report.level == .critical)
        #expect(report.reasons.first?.contains("5001 of 12501 requests failed (40.0 %)") == true, "\(report.reasons)")
    }

    @Test func moreThanFortyThousandFailuresIsCriticalWhateverTheRatio() {
        let monitor = QuarantineMonitor()
        feed(monitor, 160_000, status: 200, at: t0)
        feed(monitor, 40_000, status: 500, at: t0)
        #expect(monitor.report(tenant: "acme", now: t0).counts.failureRatio == 0.2)
        #expect(monitor.report(tenant: "acme", now: t0).level == .warning)
        feed(monitor, 1, status: 500, at: t0)
        #expect(monitor.report(tenant: "acme", now: t0).level == .critical)
    }

    @Test func referenceFailuresCountOnlyTowardsTheSixtyThousandCap() {
        let monitor = QuarantineMonitor()
        feed(monitor, 60_000, status: 400, at: t0, reference: true)
        var report = monitor.report(tenant: "acme", now: t0)
        #expect(report.counts.failures == 0 && report.counts.referenceFailures == 60_000 && report.counts.failureRatio == 0)
        #expect(report.level == .warning, "above half of 60,000, not above 60,000")
        feed(monitor, 1, status: 400, at: t0, reference: true)
        report = monitor.report(tenant: "acme", now: t0)
        #expect(report.level == .critical)
        #expect(report.reasons == ["60001 requests failed including reference failures, above 60000"])
    }

    @Test func warningsStartAtHalfOfEachThreshold() {
        let monitor = QuarantineMonitor()
        feed(monitor, 2_499, status: 500, at: t0)
        #expect(monitor.report(tenant: "acme", now: t0).level == .ok)
        let transition = monitor.observe(tenant: "acme", status: 500, at: t0, request: "POST /Users → 500 [request r1]")
        #expect(transition?.from == .ok && transition?.to == .warning)
        #expect(transition?.report.reasons.first?.hasPrefix("approaching quarantine: 2500 of 2500 requests failed") == true)
        #expect(monitor.observe(tenant: "acme", status: 500, at: t0) == nil, "no transition without a change of level")
        // A low ratio keeps the count alone from warning.
        let quiet = QuarantineMonitor()
        feed(quiet, 20_000, status: 200, at: t0)
        feed(quiet, 4_000, status: 500, at: t0)
        #expect(quiet.report(tenant: "acme", now: t0).level == .ok)
    }

    @Test func failuresLeaveTheSlidingWindow() {
        let monitor = QuarantineMonitor(configuration: .init(window: .seconds(3600), bucketCount: 60))
        feed(monitor, 3_000, status: 500, at: t0)
        #expect(monitor.report(tenant: "acme", now: at(seconds: 3_540)).level == .warning)
        feed(monitor, 10, status: 200, at: at(seconds: 1_800))
        let later = monitor.report(tenant: "acme", now: at(seconds: 3_600))
        #expect(later.counts == {
            var counts = QuarantineCounts()
            counts.requests = 10
            return counts
        }())
        #expect(later.level == .ok)
        // An observation older than the window is dropped.
        monitor.observe(tenant: "acme", status: 500, at: t0)
        #expect(monitor.report(tenant: "acme", now: at(seconds: 3_600)).counts.failures == 0)
        #expect(monitor.report(tenant: "acme", now: at(seconds: 10 * 3_600)).counts.requests == 0)
    }

    @Test func refusedCredentialsWarnAtOnceAndAreCriticalAfterThree() {
        let monitor = QuarantineMonitor()
        feed(monitor, 100, status: 200, at: t0)
        #expect(monitor.observe(tenant: "acme", status: 401, at: t0)?.to == .warning)
        #expect(monitor.observe(tenant: "acme", status: 404, at: t0) == nil, "other failures neither extend nor end the streak")
        #expect(monitor.observe(tenant: "acme", status: 401, at: t0) == nil)
        let critical = monitor.observe(tenant: "acme", status: 401, at: t0)
        #expect(critical?.to == .critical && critical?.report.credentialFailureStreak == 3)
        #expect(monitor.observe(tenant: "acme", status: 200, at: t0)?.to == .ok)
        #expect(monitor.report(tenant: "acme", now: t0).counts.credentialFailures == 3)
    }

    @Test func reportsNameTheLatestFailedRequestsPerTenant() {
        let monitor = QuarantineMonitor(configuration: .init(recentFailureLimit: 3))
        for index in 0..<5 {
            monitor.observe(tenant: "acme", status: 400 + index, at: at(seconds: Int64(index)), request: "PATCH /Users/\(index)")
        }
        monitor.observe(tenant: "globex", status: 200, at: t0)
        let acme = monitor.report(tenant: "acme", now: at(seconds: 5))
        #expect(acme.recentFailures.map(\.request) == ["PATCH /Users/2", "PATCH /Users/3", "PATCH /Users/4"])
        #expect(acme.recentFailures.map(\.status) == [402, 403, 404])
        #expect(monitor.report(tenant: "globex", now: t0).counts.failures == 0)
        #expect(monitor.reports(now: at(seconds: 5)).map(\.tenant) == ["acme", "globex"])
        #expect(monitor.report(tenant: "initech", now: t0).level == .ok)
    }

    @Test func aMonitorSeededFromTheJournalCountsTheWindowOfEachTenant() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let now = at(seconds: 48 * 3_600)
        let entries: [(String, Int64, Int)] = [
            ("acme", 1, 500),  // older than the 24-hour window
            ("acme", 30 * 3_600, 400), ("acme", 40 * 3_600, 200), ("acme", 47 * 3_600, 409),
            ("acme", 49 * 3_600, 500),  // after `now`
            ("globex", 40 * 3_600, 500),
        ]
        for (index, (tenant, seconds, status)) in entries.enumerated() {
            let entry = JournalEntry(
                receivedAt: at(seconds: seconds), tenant: tenant, actor: "token:x", requestID: "r\(index)", method: "POST", path: "/Users",
                status: status)
            _ = try await fixture.store.execute(JournalRequest(journal: fixture.journal, entry: entry))
        }
        let monitor = QuarantineMonitor()
        try monitor.seed(from: fixture.journal, tenants: ["acme"], now: now)
        let report = monitor.report(tenant: "acme", now: now)
        #expect(report.counts.requests == 3 && report.counts.failures == 2)
        #expect(report.recentFailures.map(\.request) == ["POST /Users → 400 [request r1]", "POST /Users → 409 [request r3]"])
        #expect(monitor.reports(now: now).map(\.tenant) == ["acme"])
    }
}
