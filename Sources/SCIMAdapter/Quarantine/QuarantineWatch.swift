import EventLog
import Logging
import Projections

/// The quarantine early warning of the running server: every answered SCIM request is counted
/// against its tenant (``QuarantineMonitor``, Entra's thresholds), and a change of a tenant's
/// level is logged.
///
/// Guarantees:
/// - Counts exactly what the journal records: the tenant and status of every SCIM request the
///   responder answered, refusals included (a refused token counts against the token's tenant
///   when the token id is known, else the path's tenant; requests with no tenant are not counted).
/// - When a tenant's level rises (`ok` → `warning` → `critical`), one `warning` log line names the
///   thresholds passed and the latest failing requests (method, path, status, scimType, request
///   id); when it falls back, one `notice`. Nothing is logged while the level stays the same.
/// - Thread-safe and cheap per request (one lock, O(1)); memory per tenant is fixed.
/// - ``seed(from:now:)`` replays the journal's window at start, so a restart does not forget
///   the failures Entra still holds against a tenant.
public final class QuarantineWatch: Sendable {
    public let monitor: QuarantineMonitor
    private let logger: Logger
    /// How many of the latest failing requests a warning names.
    public static let namedFailures = 5

    public init(monitor: QuarantineMonitor = QuarantineMonitor(), logger: Logger) {
        self.monitor = monitor
        self.logger = logger
    }

    /// Counts one answered request (call it for every response of the SCIM endpoint).
    public func observe(_ exchange: SCIMExchange, _ response: SCIMResponse, at time: Timestamp = .now()) {
        guard !exchange.tenant.isEmpty else { return }
        // Only failures are remembered: name the request only then.
        let request = response.status < 400 ? "" : QuarantineMonitor.describe(
            method: exchange.method, path: exchange.target, status: response.status, scimType: response.error?.scimType?.rawValue,
            requestID: exchange.requestID, clientRequestID: nil)
        guard let transition = monitor.observe(tenant: exchange.tenant, status: response.status, at: time, request: request) else { return }
        log(transition)
    }

    /// Where `tenant` stands now.
    public func report(tenant: String, now: Timestamp = .now()) -> QuarantineReport {
        monitor.report(tenant: tenant, now: now)
    }

    /// Every observed tenant's standing, ordered by tenant (for metrics and the admin API).
    public func snapshot(now: Timestamp = .now()) -> [QuarantineReport] {
        monitor.reports(now: now)
    }

    /// Counts the journal's requests of every tenant within the monitor's window.
    public func seed(from directory: SCIMDirectory, now: Timestamp = .now()) throws {
        let tenants = try directory.tenancy.listTenants().map(\.id)
        try monitor.seed(from: directory.journal, tenants: tenants, now: now)
    }

    private func log(_ transition: QuarantineTransition) {
        let report = transition.report
        var metadata: Logger.Metadata = [
            "tenant": "\(report.tenant)", "level": "\(report.level)", "previous": "\(transition.from)",
            "requests": "\(report.counts.requests)", "failures": "\(report.counts.failures)",
            "credential_failure_streak": "\(report.credentialFailureStreak)",
        ]
        guard transition.to > transition.from else {
            logger.notice("tenant \(report.tenant) is back to \(report.level) against Entra's quarantine thresholds", metadata: metadata)
            return
        }
        let failing = report.recentFailures.suffix(Self.namedFailures).map(\.request)
        metadata["reasons"] = "\(report.reasons.joined(separator: "; "))"
        metadata["failing_requests"] = "\(failing.joined(separator: "; "))"
        let what = report.level == .critical ? "has reached Entra's quarantine thresholds" : "is approaching Entra's quarantine thresholds"
        let message = "tenant \(report.tenant) \(what) (\(report.level)): \(report.reasons.joined(separator: "; ")). "
            + "Latest failing requests: \(failing.joined(separator: "; "))"
        logger.warning("\(message)", metadata: metadata)
    }
}
