import ArgumentParser
import EventLog
import Projections

extension Replay {
    /// `replay diff <from> <to>`: what changed between two instants.
    struct Diff: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed in the directory between two instants.",
            discussion: """
                Lists every user and group created, deleted or changed between the two instants, with the \
                attribute-level difference (old -> new) and members added and removed. The states at both \
                instants are folded from the log with the server's projection code and compared, so the \
                answer is the net change: a value that changed and changed back shows "no net change".
                """)

        @OptionGroup var options: StoreOptions

        @Argument(help: ArgumentHelp("The earlier instant: a time or a log position.", valueName: "from"), transform: Instant.parse)
        var from: Instant

        @Argument(help: ArgumentHelp("The later instant: a time or a log position.", valueName: "to"), transform: Instant.parse)
        var to: Instant

        func execute() async throws {
            let directory = try DataDirectory(options)
            let start = try from.resolve(in: directory.store)
            let end = try to.resolve(in: directory.store)
            guard start.position <= end.position else {
                throw ReplayError(
                    "the first instant (\(start.label)) is after the second (\(end.label))",
                    remedy: "give the earlier instant first", exitCode: ExitStatus.usage)
            }
            let window = try WindowChanges(store: directory.store, tenant: options.tenant, from: start, to: end)
            var out = Console.standardOutput()
            if options.json {
                out.json(json(window))
            } else {
                text(window, into: &out)
            }
        }

        private func text(_ window: WindowChanges, into out: inout Console) {
            out.line("Changes in tenant \(options.tenant) from \(window.from.label) to \(window.to.label)")
            let counts = [WindowChanges.Change.Kind.created, .deleted, .changed].map { kind in
                "\(window.changes.filter { $0.kind == kind }.count) \(kind.rawValue)"
            }
            out.line("  \(Describe.plural(window.eventCount, "event")); " + counts.joined(separator: ", "))
            guard !window.changes.isEmpty else { return }
            out.line()
            var table = TextTable(("CHANGE", .left), ("TYPE", .left), ("ID", .left), ("EVENTS", .right), ("NAME", .left))
            for change in window.changes {
                var details = change.attributes.map { attribute in
                    change.kind == .created
                        ? "+ \(attribute.path): \(Describe.value(attribute.new))"
                        : (attribute.old == nil ? "+ " : attribute.new == nil ? "- " : "~ ") + Describe.change(attribute)
                }
                if !change.membersAdded.isEmpty { details.append("+ members: " + Describe.members(change.membersAdded)) }
                if !change.membersRemoved.isEmpty { details.append("- members: " + change.membersRemoved.joined(separator: ", ")) }
                if details.isEmpty, change.kind == .changed {
                    details.append(change.events == 0 ? "(no net change)" : "(no net change: changed and changed back)")
                }
                table.add(
                    [change.kind.rawValue, change.ref.kind.rawValue, change.ref.id, "\(change.events)", change.name ?? "-"],
                    details: details)
            }
            out.table(table)
        }

        private func json(_ window: WindowChanges) -> JSONValue {
            let changes: [JSONValue] = window.changes.map { change in
                var object = JSONObject()
                object["change"] = .string(change.kind.rawValue)
                object["type"] = .string(change.ref.kind.rawValue)
                object["id"] = .string(change.ref.id)
                object["name"] = change.name.map(JSONValue.string)
                object["events"] = .number(JSONNumber(change.events))
                object["attributes"] = .array(change.attributes.map { attribute in
                    var item = JSONObject()
                    item["path"] = .string(attribute.path)
                    item["old"] = attribute.old
                    item["new"] = attribute.new
                    return .object(item)
                })
                object["membersAdded"] = .array(change.membersAdded.map { .string($0.value) })
                object["membersRemoved"] = .array(change.membersRemoved.map(JSONValue.string))
                return .object(object)
            }
            return [
                "tenant": .string(options.tenant), "from": window.from.jsonValue, "to": window.to.jsonValue,
                "events": .number(JSONNumber(window.eventCount)), "changes": .array(changes),
            ]
        }
    }
}
