import EventLog
import Projections

/// Short human-readable renderings shared by every command's text output.
enum Describe {
    /// A value as compact JSON (strings quoted), or `(none)` when absent.
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        return value.serialized()
    }

    /// `path: old -> new`.
    static func change(_ change: AttributeChange) -> String {
        "\(change.path): \(value(change.old)) -> \(value(change.new))"
    }

    /// A time as the tables print it: RFC 3339 UTC with milliseconds.
    static func time(_ time: Timestamp) -> String { time.iso8601 }

    /// An integer with thousands separators (`1,234,567`).
    static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `1 event`, `2 events`.
    static func plural<T: BinaryInteger>(_ value: T, _ noun: String, _ plural: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }

    /// A member list: `u1 (User "Barbara Jensen"), u2`.
    static func members(_ members: [MemberReference]) -> String {
        members.map { member in
            let facts = [member.type, member.display.map { "\"\($0)\"" }].compactMap { $0 }
            return facts.isEmpty ? member.value : "\(member.value) (\(facts.joined(separator: " ")))"
        }.joined(separator: ", ")
    }

    /// What an event changed, one line per attribute or membership change.
    static func details(of event: DirectoryEvent) -> [String] {
        switch event {
        case .userCreated(let resource), .groupCreated(let resource):
            return AttributeChange.diff(from: JSONObject(), to: resource).map { "+ \($0.path): \(value($0.new))" }
        case .userReplaced(let changes), .userChanged(let changes), .groupReplaced(let changes), .groupChanged(let changes):
            return changes.map { "~ " + change($0) }
        case .userDeactivated:
            return ["~ active: -> false"]
        case .userReactivated:
            return ["~ active: -> true"]
        case .userPasswordChanged:
            return ["~ password changed (the hash is not shown)"]
        case .userDeleted, .groupDeleted:
            return ["- deleted"]
        case .membersAdded(let added):
            return ["+ members: " + members(added)]
        case .membersRemoved(let ids):
            return ["- members: " + ids.joined(separator: ", ")]
        case .membersCleared:
            return ["- members: all"]
        }
    }

    /// A request line: `PATCH /scim/v2/Users/42 -> 409`.
    static func request(_ entry: JournalEntry) -> String {
        "\(entry.method) \(entry.path) -> \(entry.status)"
    }

    /// The notes under a journaled request: its error, its result count, or that it changed nothing.
    static func outcome(_ entry: JournalEntry) -> [String] {
        var notes: [String] = []
        if entry.failed {
            let reason = [entry.scimType, entry.detail].compactMap { $0 }.joined(separator: ": ")
            notes.append("! " + (reason.isEmpty ? "failed, with no detail" : reason))
        } else if let count = entry.resultCount {
            notes.append("= \(plural(count, "result"))" + (entry.returnedIDs.isEmpty ? "" : ": " + entry.returnedIDs.joined(separator: ", ")))
        } else if entry.positions.isEmpty, ["PATCH", "PUT"].contains(entry.method.uppercased()) {
            notes.append("= no change (no event appended)")
        }
        return notes
    }

    /// The positions a request produced: `12`, `12-14`, or `-`.
    static func positions(_ positions: [Position]) -> String {
        guard let first = positions.min(), let last = positions.max() else { return "-" }
        return first == last ? "\(first)" : "\(first)-\(last)"
    }
}
