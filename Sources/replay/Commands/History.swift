import ArgumentParser
import EventLog
import Projections

extension Replay {
    /// `replay history <resource>`: every event of one user or group and every request that touched it.
    struct History: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every event of a user or group and the journaled requests that touched it.",
            discussion: """
                The resource is found by id, userName, externalId or displayName, in that order (deleted \
                and renamed resources are found through the log). Each event shows its time, position, \
                revision, actor, request ids and the attribute-level change (old -> new); each request \
                shows its method, path, status and, when it failed, why.
                """)

        @OptionGroup var options: StoreOptions

        @Argument(help: ArgumentHelp("An id, userName, externalId or displayName.", valueName: "resource"))
        var resource: String

        @Flag(help: "Also show the group events that added or removed it (scans the tenant's log).")
        var memberships = false

        func execute() async throws {
            let directory = try DataDirectory(options)
            let ref = try ResourceResolver(directory: directory, tenant: options.tenant).resolve(resource)
            let own = try directory.store.events(in: ref.stream)
            let summary = try StreamSummary(stream: ref.stream, kind: ref.kind, events: own)
            let scan = memberships ? try MembershipScan(for: ref, in: directory.store) : nil
            let groupEvents = scan?.events ?? []
            let events = (own + groupEvents).sorted { $0.position < $1.position }
            let entries = try journalEntries(directory, ref, events)
            let items = HistoryTimeline.merge(events: events, entries: entries)
            var out = Console.standardOutput()
            if options.json {
                out.json(json(ref, summary, items))
            } else {
                text(ref, summary, own, scan, entries, items, into: &out)
            }
        }

        /// Entries about the resource, plus entries of the requests that produced its events.
        private func journalEntries(_ directory: DataDirectory, _ ref: ResourceRef, _ events: [RecordedEvent]) throws -> [JournalEntry] {
            guard let journal = directory.journal else { return [] }
            return try directory.store.read { reader in
                var entries = try journal.entries(tenant: ref.tenant, resourceType: ref.kind.rawValue, id: ref.id, reader)
                var known = Set(entries.map(\.sequence))
                for requestID in Set(events.map(\.requestID)) {
                    for entry in try journal.entries(requestID: requestID, reader)
                    where entry.tenant == ref.tenant && entry.requestID == requestID && known.insert(entry.sequence).inserted {
                        entries.append(entry)
                    }
                }
                return entries
            }
        }

        private func text(
            _ ref: ResourceRef, _ summary: StreamSummary, _ events: [RecordedEvent], _ scan: MembershipScan?,
            _ entries: [JournalEntry], _ items: [HistoryItem], into out: inout Console
        ) {
            out.line("\(ResourceNames.label(ref.kind, ref.id, name: summary.name)) in tenant \(ref.tenant), found by \(ref.matchedBy)")
            var facts: [String] = []
            if let externalID = summary.externalID { facts.append("externalId \(externalID)") }
            facts.append(summary.deleted ? "deleted" : "live")
            facts.append("revision \(summary.revision)")
            out.line("  " + facts.joined(separator: ", "))
            if let created = summary.created, let last = summary.lastEvent {
                out.line("  created \(Describe.time(created)), last event \(Describe.time(last))")
            }
            let failed = entries.filter(\.failed).count
            var counts = "  \(Describe.plural(events.count, "event")), \(Describe.plural(entries.count, "journaled request")) (\(failed) failed)"
            if let scan { counts += ", \(Describe.plural(scan.events.count, "membership event"))" }
            out.line(counts)
            out.line()
            var table = TextTable(
                ("TIME", .left), ("POS", .right), ("REV", .right), ("ACTOR", .left), ("REQUEST-ID", .left),
                ("CLIENT-REQUEST-ID", .left), ("WHAT", .left))
            for item in items {
                switch item {
                case .request(let entry, let produced):
                    table.add(
                        [Describe.time(entry.receivedAt), Describe.positions(entry.positions), "-", entry.actor, entry.requestID,
                         entry.clientRequestID ?? "-", Describe.request(entry)],
                        details: Describe.outcome(entry))
                    for event in produced { add(event, ref, scan, to: &table) }
                case .event(let event):
                    add(event, ref, scan, to: &table)
                }
            }
            out.table(table)
        }

        private func add(_ event: RecordedEvent, _ ref: ResourceRef, _ scan: MembershipScan?, to table: inout TextTable) {
            var details = (try? DirectoryEvent(event)).flatMap { $0 }.map(Describe.details) ?? ["(an event type this replay does not know)"]
            if event.stream != ref.stream { details.insert("in \(event.stream.type) \(event.stream.id)", at: 0) }
            if let left = scan?.leftByDeletion[event.position] { details.append("- member of: " + left.map { "Group \($0)" }.joined(separator: ", ")) }
            table.add(
                [Describe.time(event.recordedAt), "\(event.position)", "\(event.revision)", event.actor, event.requestID,
                 event.correlationID ?? "-", event.type],
                details: details)
        }

        private func json(_ ref: ResourceRef, _ summary: StreamSummary, _ items: [HistoryItem]) -> JSONValue {
            var resource = JSONObject()
            resource["type"] = .string(ref.kind.rawValue)
            resource["id"] = .string(ref.id)
            resource["tenant"] = .string(ref.tenant)
            resource["matchedBy"] = .string(ref.matchedBy)
            resource["state"] = .string(summary.deleted ? "deleted" : "live")
            resource["revision"] = RecordJSON.integer(summary.revision)
            resource["attributes"] = .object(summary.resource)
            let list: [JSONValue] = items.map { item in
                switch item {
                case .request(let entry, let produced):
                    ["kind": "request", "request": RecordJSON.entry(entry), "events": .array(produced.map(RecordJSON.event))]
                case .event(let event):
                    ["kind": "event", "event": RecordJSON.event(event)]
                }
            }
            return ["resource": .object(resource), "items": .array(list)]
        }
    }
}
