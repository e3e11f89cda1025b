import ArgumentParser
import EventLog
import Projections

extension Replay {
    /// `replay journal`: query the request journal.
    struct Journal: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "List journaled SCIM requests by time, status, method, path, resource or request id.",
            discussion: """
                Every request the server answered is journaled, reads and failures included. The table shows \
                one request per line (failures with their scimType and detail underneath); --json prints the \
                full entries (headers, bodies, returned ids, positions of the events produced).
                """)

        @OptionGroup var options: StoreOptions
        @OptionGroup var filters: JournalFilterOptions

        @Option(help: ArgumentHelp("Show at most this many requests (the latest).", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func execute() async throws {
            let directory = try DataDirectory(options)
            var entries = try JournalQuery(directory: directory, tenant: options.tenant, filters: filters.filter).run()
            if let limit, entries.count > limit { entries = Array(entries.suffix(limit)) }
            var out = Console.standardOutput()
            if options.json {
                out.json(.array(entries.map(RecordJSON.entry)))
                return
            }
            var table = TextTable(
                ("TIME", .left), ("SEQ", .right), ("STATUS", .right), ("METHOD", .left), ("MS", .right), ("EVENTS", .left),
                ("REQUEST-ID", .left), ("CLIENT-REQUEST-ID", .left), ("PATH", .left))
            for entry in entries {
                var cells = [
                    Describe.time(entry.receivedAt), "\(entry.sequence)", "\(entry.status)", entry.method,
                    Self.milliseconds(entry.latencyMicroseconds), Describe.positions(entry.positions), entry.requestID,
                    entry.clientRequestID ?? "-", entry.path,
                ]
                if filters.allTenants { cells[8] = "[\(entry.tenant)] " + entry.path }
                table.add(cells, details: Describe.outcome(entry))
            }
            out.table(table)
            out.line()
            let failed = entries.filter(\.failed).count
            out.line("\(Describe.plural(entries.count, "request")), \(failed) failed")
        }

        static func milliseconds(_ microseconds: Int64) -> String {
            let tenths = (microseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10)"
        }
    }
}
