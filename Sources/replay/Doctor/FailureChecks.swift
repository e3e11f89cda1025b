import EventLog
import Projections

/// The same request (method, path and status) failing again and again: Entra retries a failed
/// operation every cycle, forever, until the cause is fixed.
struct RepeatedFailureCheck {
    let input: DoctorInput
    let minimumRepeats: Int

    func run() -> [Finding] {
        var findings: [Finding] = []
        for tenant in input.tenants {
            var groups: [String: [JournalEntry]] = [:]
            var order: [String] = []
            for entry in input.entries[tenant] ?? [] where entry.failed {
                let key = "\(entry.method.uppercased()) \(entry.path) -> \(entry.status)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(entry)
            }
            for key in order {
                let entries = groups[key] ?? []
                guard entries.count >= minimumRepeats, let first = entries.first else { continue }
                findings.append(Finding(
                    severity: .problem, check: "repeated-failures", tenant: tenant,
                    title: "failing again and again: \(key), \(entries.count) times", explanation: Self.hint(first),
                    evidence: entries.map { Evidence($0) }))
            }
        }
        return findings
    }

    /// What the status usually means in an Entra sync (entra-behaviour.md §3.9, §3.14, §5).
    static func hint(_ entry: JournalEntry) -> String {
        switch entry.status {
        case 404 where !entry.method.equalsIgnoringASCIICase("POST"):
            "Entra still addresses a resource this directory no longer has (its InvalidAnchor error); "
                + "it retries every cycle until the object is unlinked or re-created."
        case 409:
            "Entra's lookup (a filter GET) does not find the existing resource, so it POSTs again and gets a conflict every "
                + "cycle; check the matching attribute and that filters search the same set as the uniqueness check."
        case 400:
            "Entra sends something this server rejects; one rejected operation fails the whole PATCH, so the rest "
                + "(deactivation included) never lands. The detail says what."
        case 401, 403:
            "Entra's token is refused: check the secret token configured in Entra; credential failures quarantine the job."
        case 429:
            "The server throttles Entra; Entra fails the object and retries about 40 minutes later."
        case 500...:
            "The server fails; Entra retries these later (about 40 minutes)."
        default:
            "Entra retries failed operations every cycle, with growing intervals, until the cause is fixed."
        }
    }
}

/// Each tenant's failure ratio over the window, against Entra's escrow (quarantine) thresholds
/// (entra-behaviour.md §3.9): once 5,000 operations have failed, a job is quarantined when more
/// than 40 % of them fail or more than 40,000 fail, reference failures (group members, manager)
/// not counted; 60,000 failures of any kind quarantine it too.
///
/// Approximation: Entra counts provisioning operations, replay counts journaled requests (reads
/// included, which lowers the ratio); failed PATCHes of a group's members stand for reference failures.
struct FailureRatioCheck {
    static let evaluationStart = QuarantineThresholds.entra.evaluationFailures
    static let ratioThreshold = QuarantineThresholds.entra.failureRatio
    static let failureThreshold = QuarantineThresholds.entra.failureCap
    static let absoluteCap = QuarantineThresholds.entra.totalFailureCap
    /// "Approaching" is three quarters of a threshold.
    static let warningFraction = 0.75

    let input: DoctorInput

    func run() -> [Finding] {
        input.tenants.compactMap { tenant in
            let entries = input.entries[tenant] ?? []
            guard !entries.isEmpty else { return nil }
            let failed = entries.filter(\.failed)
            let reference = failed.filter(Self.isReferenceFailure)
            let counted = failed.count - reference.count
            let ratio = Double(counted) / Double(entries.count)
            let percent = Self.percent(ratio)
            let summary = "\(Describe.count(counted)) of \(Describe.plural(entries.count, "request")) failed (\(percent))"
                + (reference.isEmpty ? "" : ", plus \(Describe.count(reference.count)) reference failures")
            let severity: Finding.Severity
            let verdict: String
            if failed.count >= Self.absoluteCap || counted > Self.failureThreshold
                || (counted >= Self.evaluationStart && ratio > Self.ratioThreshold)
            {
                severity = .problem
                verdict = "over Entra's quarantine threshold: expect the job to be quarantined (cycles slow to one a day)"
            } else if ratio > Self.ratioThreshold * Self.warningFraction || Double(counted) > Double(Self.failureThreshold) * Self.warningFraction
                || Double(failed.count) > Double(Self.absoluteCap) * Self.warningFraction
            {
                severity = .warning
                verdict = counted < Self.evaluationStart
                    ? "approaching Entra's 40 % threshold (Entra starts counting at 5,000 failures)"
                    : "approaching Entra's quarantine thresholds"
            } else {
                severity = .note
                verdict = "well under Entra's quarantine thresholds"
            }
            return Finding(
                severity: severity, check: "failure-ratio", tenant: tenant, title: "failure ratio: \(summary); \(verdict)",
                explanation: "Entra quarantines a job when, once 5,000 operations have failed, more than 40 % fail or more than "
                    + "40,000 fail (reference failures excluded), or at 60,000 failures of any kind (entra-behaviour.md §3.9).",
                evidence: [])
        }
    }

    static func isReferenceFailure(_ entry: JournalEntry) -> Bool {
        entry.method.equalsIgnoringASCIICase("PATCH") && entry.resourceType == ResourceKind.group.rawValue
            && (entry.requestBody?.lowercased().contains("\"members") ?? false)
    }

    static func percent(_ ratio: Double) -> String {
        let tenths = Int((ratio * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
