import ArgumentParser
import EventLog
import Projections

extension Replay {
    /// `replay doctor`: the classic Entra sync problems, each with its evidence.
    struct Doctor: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the classic Entra sync problems in the log and the journal, with the evidence.",
            discussion: """
                Checks: duplicate users (an externalId or email on two live users), perpetual updates (a \
                value changed back and forth, or updates that change nothing every cycle), requests failing \
                again and again (same method, path and status), and each tenant's failure ratio against \
                Entra's quarantine thresholds. Exit code 1 when a problem or warning is found.
                """)

        @OptionGroup var options: StoreOptions

        @Option(help: ArgumentHelp("Only look at what happened at or after this time.", valueName: "time"), transform: TimeArgument.parse)
        var from: Timestamp?

        @Option(help: ArgumentHelp("Only look at what happened before this time.", valueName: "time"), transform: TimeArgument.parse)
        var to: Timestamp?

        @Flag(name: .customLong("all-tenants"), help: "Every tenant, not only --tenant.")
        var allTenants = false

        @Option(name: .customLong("min-repeats"), help: ArgumentHelp("How many repeats make a pattern (no-op updates, failures).", valueName: "n"))
        var minimumRepeats = 3

        func validate() throws {
            if minimumRepeats < 2 { throw ValidationError("--min-repeats must be at least 2") }
        }

        func execute() async throws {
            let directory = try DataDirectory(options)
            let input = try DoctorInput(directory: directory, tenant: allTenants ? nil : options.tenant, window: (from, to))
            var findings = try DuplicateUsersCheck(input: input).run()
            findings += PerpetualUpdateCheck(input: input).run()
            findings += NoOpUpdateCheck(input: input, minimumRepeats: minimumRepeats).run()
            findings += RepeatedFailureCheck(input: input, minimumRepeats: minimumRepeats).run()
            findings += FailureRatioCheck(input: input).run()
            findings = findings.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
            var out = Console.standardOutput()
            if options.json {
                out.json(["tenants": .array(input.tenants.map(JSONValue.string)), "findings": .array(findings.map(\.json))])
            } else {
                text(findings, input, into: &out)
            }
            if findings.contains(where: { $0.severity != .note }) { throw ExitCode(ExitStatus.failure) }
        }

        private func text(_ findings: [Finding], _ input: DoctorInput, into out: inout Console) {
            let scope = allTenants ? "tenants \(input.tenants.joined(separator: ", "))" : "tenant \(options.tenant)"
            let requests = input.entries.values.reduce(0) { $0 + $1.count }
            let events = input.positions.map { "the log from position \($0.lowerBound) to \($0.upperBound)" } ?? "no events"
            let window = [from.map { "from \(Describe.time($0))" }, to.map { "to \(Describe.time($0))" }].compactMap { $0 }
            out.line("Doctor's report for \(scope)" + (window.isEmpty ? "" : " " + window.joined(separator: " ")))
            out.line("  examined \(Describe.plural(requests, "journaled request")) and \(events)")
            if directory(input).projection == nil { out.line("  no live projection: duplicate users were not checked") }
            if directory(input).journal == nil { out.line("  no request journal: only the log's events were checked") }
            for finding in findings {
                out.line()
                finding.text(into: &out)
            }
            out.line()
            let counts = [Finding.Severity.problem, .warning, .note].map { severity in
                Describe.plural(findings.filter { $0.severity == severity }.count, severity.rawValue)
            }
            out.line("Summary: " + counts.joined(separator: ", "))
        }

        private func directory(_ input: DoctorInput) -> DataDirectory { input.directory }
    }
}
