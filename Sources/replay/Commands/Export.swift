import ArgumentParser
import EventLog
import Projections

extension Replay {
    /// `replay export events|journal`: JSON Lines on standard output.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export events or journaled requests as JSON Lines (one JSON object per line).",
            subcommands: [Events.self, Requests.self])
    }
}

extension Replay.Export {
    /// `replay export events`.
    struct Events: ReplayCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "Export events (with their envelopes and decoded payloads) as JSON Lines.")

        @OptionGroup var options: StoreOptions

        @Option(help: ArgumentHelp("Only events recorded at or after this time.", valueName: "time"), transform: TimeArgument.parse)
        var from: Timestamp?

        @Option(help: ArgumentHelp("Only events recorded before this time.", valueName: "time"), transform: TimeArgument.parse)
        var to: Timestamp?

        @Option(help: ArgumentHelp("Only the events of this user or group (id, userName, externalId or displayName).", valueName: "resource"))
        var resource: String?

        @Option(
            name: .customLong("type"),
            help: ArgumentHelp("Only events of this type (user.changed), or of a family (user.*). Repeatable.", valueName: "type"))
        var types: [String] = []

        @Flag(name: .customLong("all-tenants"), help: "Every tenant, not only --tenant.")
        var allTenants = false

        func execute() async throws {
            let directory = try DataDirectory(options)
            let store = directory.store
            var out = Console.standardOutput()
            if let resource {
                let ref = try ResourceResolver(directory: directory, tenant: options.tenant).resolve(resource)
                for event in try store.events(in: ref.stream) where inWindow(event.recordedAt) && typeMatches(event.type) {
                    out.jsonLine(RecordJSON.event(event))
                }
                return
            }
            let start = try from.flatMap { try store.firstPosition(atOrAfter: $0) }.map { Position($0.rawValue - 1) }
            if from != nil, start == nil { return }  // Nothing was recorded at or after --from.
            let tenantBytes = Array(options.tenant.utf8)
            let upcasters = store.configuration.upcasters
            let progress = Progress("exporting events", total: store.lastPosition.rawValue - (start ?? .start).rawValue)
            defer { progress.finish() }
            var done: UInt64 = 0
            try store.scan(after: start ?? .start) { view in
                done += 1
                progress.update(done)
                if let to, view.recordedAt >= to { return false }
                guard allTenants || view.tenantBytes.elementsEqual(tenantBytes) else { return true }
                guard types.isEmpty || typeMatches(view.type) else { return true }
                out.jsonLine(RecordJSON.event(try view.materialize(upcasters: upcasters)))
                return true
            }
        }

        private func inWindow(_ time: Timestamp) -> Bool {
            (from.map { time >= $0 } ?? true) && (to.map { time < $0 } ?? true)
        }

        private func typeMatches(_ type: String) -> Bool {
            types.isEmpty || types.contains { pattern in
                pattern.hasSuffix("*") ? type.hasPrefix(pattern.dropLast()) : type == pattern
            }
        }
    }

    /// `replay export journal`.
    struct Requests: ReplayCommand {
        static let configuration = CommandConfiguration(
            commandName: "journal",
            abstract: "Export journaled requests (full entries) as JSON Lines, filtered like `replay journal`.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var filters: JournalFilterOptions

        func execute() async throws {
            let directory = try DataDirectory(options)
            var out = Console.standardOutput()
            for entry in try JournalQuery(directory: directory, tenant: options.tenant, filters: filters.filter).run() {
                out.jsonLine(RecordJSON.entry(entry))
            }
        }
    }
}
