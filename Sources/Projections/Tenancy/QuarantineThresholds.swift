import EventLog

/// Entra's escrow thresholds: when its provisioning service quarantines a job for failing requests.
///
/// From Microsoft's quarantine documentation and the escrow thresholds it publishes
/// (`shared/reference/entra-behaviour.md` §3.9): evaluation starts at **5,000** failures; the job
/// is quarantined if more than **40 %** of its events failed or more than **40,000** failed, with
/// reference failures (manager, group member) left out of those two thresholds; and at an
/// absolute cap of **60,000** failures, reference failures included.
public struct QuarantineThresholds: Sendable, Hashable {
    /// Failures (reference failures excluded) before the ratio is evaluated: 5,000.
    public var evaluationFailures: Int
    /// The failed share above which Entra quarantines, once evaluated: 0.40.
    public var failureRatio: Double
    /// Failures (reference failures excluded) above which Entra quarantines whatever the ratio: 40,000.
    public var failureCap: Int
    /// Failures, reference failures included, above which Entra quarantines: 60,000.
    public var totalFailureCap: Int

    public init(evaluationFailures: Int, failureRatio: Double, failureCap: Int, totalFailureCap: Int) {
        self.evaluationFailures = evaluationFailures
        self.failureRatio = failureRatio
        self.failureCap = failureCap
        self.totalFailureCap = totalFailureCap
    }

    /// Entra's numbers.
    public static let entra = QuarantineThresholds(evaluationFailures: 5_000, failureRatio: 0.40, failureCap: 40_000, totalFailureCap: 60_000)

    /// Every threshold (counts and ratio) multiplied by `fraction`, counts rounded up.
    public func scaled(by fraction: Double) -> QuarantineThresholds {
        func scale(_ count: Int) -> Int { Int((Double(count) * fraction).rounded(.up)) }
        return QuarantineThresholds(
            evaluationFailures: scale(evaluationFailures), failureRatio: failureRatio * fraction, failureCap: scale(failureCap),
            totalFailureCap: scale(totalFailureCap))
    }

    /// The thresholds `counts` exceeds, as sentences naming the numbers; empty when none.
    public func exceeded(by counts: QuarantineCounts) -> [String] {
        var reasons: [String] = []
        if counts.failures >= evaluationFailures, counts.failureRatio > failureRatio {
            reasons.append(
                "\(counts.failures) of \(counts.requests - counts.referenceFailures) requests failed (\(percent(counts.failureRatio))), "
                    + "above \(percent(failureRatio)) with at least \(evaluationFailures) failures")
        }
        if counts.failures > failureCap {
            reasons.append("\(counts.failures) requests failed, above \(failureCap)")
        }
        if counts.allFailures > totalFailureCap {
            reasons.append("\(counts.allFailures) requests failed including reference failures, above \(totalFailureCap)")
        }
        return reasons
    }

    private func percent(_ ratio: Double) -> String {
        let tenths = Int((ratio * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}

/// Requests of one tenant within the monitor's window.
public struct QuarantineCounts: Sendable, Hashable {
    /// Every observed request.
    public var requests = 0
    /// Failed requests (status 400 or above), reference failures excluded.
    public var failures = 0
    /// Failed requests the caller marked as reference failures (a manager or member that does not resolve).
    public var referenceFailures = 0
    /// Failed requests with status 401 (a subset of ``failures``).
    public var credentialFailures = 0

    public init() {}

    /// Failures including reference failures.
    public var allFailures: Int { failures + referenceFailures }

    /// ``failures`` over the requests that were not reference failures; 0 before any request.
    public var failureRatio: Double {
        let counted = requests - referenceFailures
        return counted > 0 ? Double(failures) / Double(counted) : 0
    }

    mutating func add(_ other: QuarantineCounts) {
        requests += other.requests
        failures += other.failures
        referenceFailures += other.referenceFailures
        credentialFailures += other.credentialFailures
    }

    mutating func subtract(_ other: QuarantineCounts) {
        requests -= other.requests
        failures -= other.failures
        referenceFailures -= other.referenceFailures
        credentialFailures -= other.credentialFailures
    }
}

/// How close a tenant is to quarantine.
public enum QuarantineLevel: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Below every warning threshold, and its last request with a token of the tenant was not refused.
    case ok
    /// Past half of a threshold (``QuarantineMonitor/Configuration/warningFraction``), or its
    /// latest requests were refused credentials.
    case warning
    /// Past Entra's thresholds: Entra quarantines (or soon will) if these failures are its.
    case critical

    public static func < (lhs: QuarantineLevel, rhs: QuarantineLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .critical: "critical"
        }
    }
}

/// A failed request kept as an example, so a warning can name what fails.
public struct FailedRequest: Sendable, Hashable {
    public var at: Timestamp
    public var status: Int
    /// What the caller said of the request (method, path, request id), or empty.
    public var request: String
}

/// A tenant's standing against the thresholds, for the admin API, metrics and logs.
public struct QuarantineReport: Sendable, Hashable {
    public var tenant: String
    public var level: QuarantineLevel
    public var counts: QuarantineCounts
    /// 401s since the tenant's last successful request.
    public var credentialFailureStreak: Int
    /// Why the level is not `ok`, one sentence per threshold passed.
    public var reasons: [String]
    /// The latest failed requests, oldest first.
    public var recentFailures: [FailedRequest]
}

/// A tenant's level changed with an observation.
public struct QuarantineTransition: Sendable, Hashable {
    public var from: QuarantineLevel
    public var to: QuarantineLevel
    public var report: QuarantineReport
}
