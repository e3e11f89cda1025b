import EventLog
import Projections

/// Users whose attributes Entra changes back and forth: a value is set back to what it was two
/// changes earlier at least twice (A -> B -> A -> B), the signature of a value the directory does
/// not store the way Entra sent it (entra-behaviour.md §3.12).
struct PerpetualUpdateCheck {
    let input: DoctorInput

    func run() -> [Finding] {
        var findings: [Finding] = []
        for tenant in input.tenants {
            for (stream, changes) in (input.changes[tenant] ?? [:]).sorted(by: { $0.key.id < $1.key.id }) {
                var byPath: [String: [(DoctorInput.Change, AttributeChange)]] = [:]
                var order: [String] = []
                for change in changes {
                    for attribute in change.changes {
                        if byPath[attribute.path] == nil { order.append(attribute.path) }
                        byPath[attribute.path, default: []].append((change, attribute))
                    }
                }
                for path in order {
                    let history = byPath[path] ?? []
                    let values: [JSONValue?] = [history.first?.1.old ?? nil] + history.map(\.1.new)
                    let reverts = values.indices.dropFirst(2).filter { values[$0] == values[$0 - 2] }.count
                    guard reverts >= 2 else { continue }
                    let distinct = Set(history.compactMap { $0.1.new.flatMap(\.stringValue)?.lowercased() })
                    let caseOnly = distinct.count == 1 && Set(history.compactMap { $0.1.new }).count > 1
                    findings.append(Finding(
                        severity: .warning, check: "perpetual-update", tenant: tenant,
                        title: "perpetual update: User \(stream.id) has \(path) changed \(history.count) times, back and forth",
                        explanation: (caseOnly ? "The values differ only in letter case: something changes the case of what Entra sent. " : "")
                            + "Entra compares what it reads back with its source and PATCHes every cycle while they differ; "
                            + "store values exactly as sent (entra-behaviour.md §3.12).",
                        evidence: history.map { Evidence($0.0.event, "\($0.0.event.type) " + Describe.change($0.1)) }))
                }
            }
        }
        return findings
    }
}

/// Resources PATCHed (or PUT) successfully again and again without any change: Entra re-sending the
/// same values every cycle. Harmless to the data, but the sign of a value Entra reads back
/// differently from what it sends, and load on every cycle.
struct NoOpUpdateCheck {
    let input: DoctorInput
    let minimumRepeats: Int

    func run() -> [Finding] {
        var findings: [Finding] = []
        for tenant in input.tenants {
            let noOps = (input.entries[tenant] ?? []).filter { entry in
                (200..<300).contains(entry.status) && entry.positions.isEmpty
                    && (entry.method.equalsIgnoringASCIICase("PATCH") || entry.method.equalsIgnoringASCIICase("PUT"))
            }
            var groups: [String: [JournalEntry]] = [:]
            var order: [String] = []
            for entry in noOps {
                let key = entry.resourceID.map { "\(entry.resourceType ?? "resource") \($0)" } ?? entry.path
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(entry)
            }
            for key in order {
                let entries = groups[key] ?? []
                guard entries.count >= minimumRepeats else { continue }
                let sameBody = Set(entries.map { $0.requestBody ?? "" }).count == 1
                findings.append(Finding(
                    severity: .warning, check: "no-op-updates", tenant: tenant,
                    title: "perpetual update: \(key) was updated \(entries.count) times with nothing to change",
                    explanation: (sameBody ? "Every request carried the same body. " : "")
                        + "Entra sends an update when what it reads back differs from its source; compare the body with "
                        + "what a GET returns (`replay journal --resource` shows both).",
                    evidence: entries.map { Evidence($0, Describe.request($0) + " (no change)") }))
            }
        }
        return findings
    }
}
