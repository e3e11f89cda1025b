import ArgumentParser
import EventLog
import Projections

extension Replay {
    /// `replay verify`: the live projections must equal a fresh fold of the log.
    struct Verify: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fold the log into scratch tables and compare them with the live projections.",
            discussion: """
                Both sides are read at the same log position (one read transaction), so it is safe and exact \
                beside a running server. Every differing row is listed (table, kind, and its key read as tenant, resource or index \
                value and id); the exit code is 1 \
                when there is any difference. Scratch tables go to $TMPDIR and are removed afterwards.
                """)

        @OptionGroup var options: StoreOptions

        @Option(help: ArgumentHelp("Only this projection (\(ProjectionCatalog.names.joined(separator: ", "))).", valueName: "name"))
        var projection: String?

        @Option(name: .customLong("max-differences"), help: ArgumentHelp("List at most this many differences per projection.", valueName: "n"))
        var maximumDifferences = 1_000

        func validate() throws {
            if maximumDifferences < 1 { throw ValidationError("--max-differences must be at least 1") }
        }

        func execute() async throws {
            let directory = try DataDirectory(options)
            var outcomes: [VerifyOutcome] = []
            for operations in try ProjectionCatalog.select(projection, in: directory) {
                if let active = operations.activeVersion, active != operations.codeVersion {
                    throw ReplayError(
                        "the \(operations.name) projection is at version \(active), this replay folds version \(operations.codeVersion): they cannot be compared",
                        remedy: "bring the projection to version \(operations.codeVersion) first (`replay rebuild` with the server stopped)",
                        exitCode: ExitStatus.failure)
                }
                let scratch = try TemporaryDirectory(prefix: "replay-verify")
                let progress = Progress("verifying \(operations.name)", total: directory.store.lastPosition.rawValue)
                let outcome = try operations.verify(
                    store: directory.store, scratchDirectory: scratch.path, maximumDifferences: maximumDifferences
                ) { progress.update($0.rawValue) }
                progress.finish()
                outcomes.append(outcome)
            }
            var out = Console.standardOutput()
            if options.json {
                out.json(.array(outcomes.map(json)))
            } else {
                for outcome in outcomes { text(outcome, into: &out) }
            }
            if outcomes.contains(where: { !$0.differences.isEmpty }) { throw ExitCode(ExitStatus.failure) }
        }

        private func text(_ outcome: VerifyOutcome, into out: inout Console) {
            let subject = "the \(outcome.projection) projection (version \(outcome.version)) and a fresh fold of the log at position \(outcome.position)"
            let compared = "\(Describe.plural(outcome.tablesCompared, "table")), \(Describe.plural(outcome.rowsCompared, "row")) compared"
            guard !outcome.differences.isEmpty else {
                out.line("Verified \(subject): no differences (\(compared))")
                return
            }
            let count = Describe.plural(outcome.differences.count, "difference") + (outcome.truncated ? " (list cut; raise --max-differences)" : "")
            out.line("Found \(count) between \(subject) (\(compared))")
            out.line("  missing: in the fold, not in the live table; unexpected: live only; different: same key, other value")
            out.line()
            var table = TextTable(("TABLE", .left), ("KIND", .left), ("FOLD", .right), ("LIVE", .right), ("KEY", .left))
            for difference in outcome.differences {
                table.add([
                    difference.table, difference.kind, difference.expectedBytes.map { "\($0) B" } ?? "-",
                    difference.actualBytes.map { "\($0) B" } ?? "-", difference.key,
                ])
            }
            out.table(table)
        }

        private func json(_ outcome: VerifyOutcome) -> JSONValue {
            [
                "projection": .string(outcome.projection), "version": .number(JSONNumber(outcome.version)),
                "position": RecordJSON.integer(outcome.position.rawValue), "tablesCompared": .number(JSONNumber(outcome.tablesCompared)),
                "rowsCompared": .number(JSONNumber(outcome.rowsCompared)), "consistent": .bool(outcome.differences.isEmpty),
                "truncated": .bool(outcome.truncated),
                "differences": .array(outcome.differences.map { difference in
                    var object = JSONObject()
                    object["table"] = .string(difference.table)
                    object["kind"] = .string(difference.kind)
                    object["key"] = .string(difference.key)
                    object["rawKey"] = .string(difference.rawKey)
                    object["foldBytes"] = difference.expectedBytes.map { .number(JSONNumber($0)) }
                    object["liveBytes"] = difference.actualBytes.map { .number(JSONNumber($0)) }
                    return .object(object)
                }),
            ]
        }
    }
}
