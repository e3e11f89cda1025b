import EventLog
import Projections

/// One way a replayed request's outcome differs from the recorded one.
struct Difference: Sendable, Hashable {
    /// What differs.
    enum Aspect: String, Sendable {
        case status, scimType, body, state
    }

    var aspect: Aspect
    /// The recorded side, in words or compact JSON (`(none)` when absent).
    var recorded: String
    /// The replayed side.
    var replayed: String
    /// Attribute-level lines (`~ displayName: "a" -> "b"`), for bodies and states.
    var details: [String] = []

    var json: JSONValue {
        var object = JSONObject()
        object["aspect"] = .string(aspect.rawValue)
        object["recorded"] = .string(recorded)
        object["replayed"] = .string(replayed)
        if !details.isEmpty { object["details"] = .array(details.map(JSONValue.string)) }
        return .object(object)
    }
}

/// What became of one recorded request in a replay.
struct ReplayedRequest: Sendable {
    var request: RecordedRequest
    /// The replayed status (`nil` when the request was skipped).
    var status: Int?
    var differences: [Difference]
    /// Why it was not replayed.
    var skipped: String?

    var diverged: Bool { !differences.isEmpty }

    var json: JSONValue {
        var object = JSONObject()
        object["sequence"] = RecordJSON.integer(request.sequence)
        object["receivedAt"] = request.receivedAt.map(RecordJSON.time)
        object["requestId"] = .string(request.requestID)
        object["clientRequestId"] = request.clientRequestID.map(JSONValue.string)
        object["method"] = .string(request.method)
        object["path"] = .string(request.path)
        object["recordedStatus"] = .number(JSONNumber(request.status))
        object["replayedStatus"] = status.map { .number(JSONNumber($0)) }
        object["skipped"] = skipped.map(JSONValue.string)
        object["differences"] = .array(differences.map(\.json))
        return .object(object)
    }
}

/// The outcome of a whole replay (`reproduce` or `send`), rendered as a table or JSON.
///
/// Guarantees: ``exitCode`` is 0 exactly when no replayed request diverged (skipped requests do
/// not count), 1 otherwise; the table lists only diverging and skipped requests, in replay order.
struct ReplayReport: Sendable {
    /// The first lines of the text form (what was replayed, against what).
    var heading: [String]
    var outcomes: [ReplayedRequest]
    var ids: IDMap
    /// Extra members of the JSON form (tenant, window, target).
    var facts: JSONObject
    /// Whether resulting states were compared (`reproduce`), or only responses (`send`).
    var comparesState = true

    var diverged: [ReplayedRequest] { outcomes.filter(\.diverged) }
    var skipped: [ReplayedRequest] { outcomes.filter { $0.skipped != nil } }
    var exitCode: Int32 { diverged.isEmpty ? ExitStatus.success : ExitStatus.failure }

    func text(into out: inout Console) {
        for line in heading { out.line(line) }
        let replayed = outcomes.count - skipped.count
        out.line(
            "  \(Describe.plural(outcomes.count, "request")): \(replayed) replayed, \(skipped.count) skipped; "
                + "\(Describe.plural(diverged.count, "divergence"))")
        out.line()
        if diverged.isEmpty {
            out.line(
                "No divergence: every replayed request had the recorded status, scimType, body"
                    + (comparesState ? " and resulting state." : "."))
        } else {
            var table = TextTable(("SEQ", .right), ("RECEIVED", .left), ("RECORDED", .right), ("REPLAYED", .right), ("REQUEST", .left))
            for outcome in diverged {
                table.add(row(outcome), details: outcome.differences.flatMap(Self.lines))
            }
            out.table(table)
        }
        guard !skipped.isEmpty else { return }
        out.line()
        var table = TextTable(("SEQ", .right), ("RECEIVED", .left), ("RECORDED", .right), ("REPLAYED", .right), ("REQUEST", .left))
        for outcome in skipped { table.add(row(outcome), details: ["- skipped: " + (outcome.skipped ?? "")]) }
        out.line("Skipped:")
        out.table(table)
    }

    private func row(_ outcome: ReplayedRequest) -> [String] {
        [
            "\(outcome.request.sequence)", outcome.request.receivedAt.map(Describe.time) ?? "-", "\(outcome.request.status)",
            outcome.status.map(String.init) ?? "-", outcome.request.line,
        ]
    }

    private static func lines(_ difference: Difference) -> [String] {
        ["~ \(difference.aspect.rawValue): \(difference.recorded) -> \(difference.replayed)"] + difference.details.map { "    " + $0 }
    }

    var json: JSONValue {
        var object = facts
        object["requests"] = .number(JSONNumber(outcomes.count))
        object["replayed"] = .number(JSONNumber(outcomes.count - skipped.count))
        object["divergences"] = .array(diverged.map(\.json))
        object["skipped"] = .array(skipped.map(\.json))
        object["ids"] = .object(JSONObject(ids.forward.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: .string($0.value)) }))
        return .object(object)
    }
}
