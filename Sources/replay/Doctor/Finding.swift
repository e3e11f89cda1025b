import EventLog
import Projections

/// One sync problem `replay doctor` found, with the events and requests that show it.
struct Finding: Sendable {
    /// How bad it is. `problem` and `warning` make `doctor` exit with 1.
    enum Severity: String, Sendable, Comparable {
        case problem, warning, note

        static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int {
            switch self {
            case .problem: 0
            case .warning: 1
            case .note: 2
            }
        }
    }

    var severity: Severity
    /// The check's stable name (`duplicate-users`, `perpetual-update`, `no-op-updates`, `repeated-failures`, `failure-ratio`).
    var check: String
    var tenant: String
    var title: String
    /// Why it matters to Entra, and where to look.
    var explanation: String
    var evidence: [Evidence]
}

/// An event or a journaled request that shows a finding.
struct Evidence: Sendable {
    var time: Timestamp
    var position: Position?
    var sequence: UInt64?
    var requestID: String?
    var clientRequestID: String?
    var what: String

    init(_ event: RecordedEvent, _ what: String) {
        time = event.recordedAt
        position = event.position
        requestID = event.requestID
        clientRequestID = event.correlationID
        self.what = what
    }

    init(_ entry: JournalEntry, _ what: String? = nil) {
        time = entry.receivedAt
        sequence = entry.sequence
        requestID = entry.requestID
        clientRequestID = entry.clientRequestID
        var text = what ?? Describe.request(entry)
        if what == nil {
            if entry.failed, let reason = [entry.scimType, entry.detail].compactMap({ $0 }).first { text += ": \(reason)" }
            if let count = entry.resultCount { text += " (\(Describe.plural(count, "result")))" }
        }
        self.what = text
    }
}

extension Finding {
    func text(into out: inout Console) {
        out.line("[\(severity.rawValue)] \(title)" + (tenant == "default" ? "" : " (tenant \(tenant))"))
        out.line("    " + explanation)
        guard !evidence.isEmpty else { return }
        var table = TextTable(
            ("TIME", .left), ("POS", .right), ("SEQ", .right), ("REQUEST-ID", .left), ("CLIENT-REQUEST-ID", .left), ("WHAT", .left))
        for item in evidence.sorted(by: { ($0.time, $0.position?.rawValue ?? 0) < ($1.time, $1.position?.rawValue ?? 0) }) {
            table.add([
                Describe.time(item.time), item.position.map { "\($0)" } ?? "-", item.sequence.map { "\($0)" } ?? "-",
                item.requestID ?? "-", item.clientRequestID ?? "-", item.what,
            ])
        }
        for line in table.lines() { out.line("    " + line) }
    }

    var json: JSONValue {
        [
            "severity": .string(severity.rawValue), "check": .string(check), "tenant": .string(tenant), "title": .string(title),
            "explanation": .string(explanation),
            "evidence": .array(evidence.map { item in
                var object = JSONObject()
                object["time"] = RecordJSON.time(item.time)
                object["position"] = item.position.map { RecordJSON.integer($0.rawValue) }
                object["sequence"] = item.sequence.map(RecordJSON.integer)
                object["requestId"] = item.requestID.map(JSONValue.string)
                object["clientRequestId"] = item.clientRequestID.map(JSONValue.string)
                object["what"] = .string(item.what)
                return .object(object)
            }),
        ]
    }
}
