import ArgumentParser
import EventLog
import Logging
import Projections

extension Replay {
    /// `replay rebuild`: bring projections to the code's version, from the log.
    struct Rebuild: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild projections from the log into fresh tables and switch to them (needs write access).",
            discussion: """
                Rebuilds every projection whose stored version differs from this build's (after an upgrade \
                that changed a projection's layout or fold); a projection already at the code's version is \
                left alone. The server must be stopped: replay refuses when another process has the data \
                directory open (it asks the kernel about LMDB's lock on lock.mdb, which every process using \
                the directory holds) and names that process. An interrupted rebuild resumes where it stopped. \
                --force repairs a projection already at this build's version: its tables are replaced by a \
                fresh fold of the log (after `verify` found differences, for example).
                """)

        @OptionGroup var options: StoreOptions

        @Option(help: ArgumentHelp("Only this projection (\(ProjectionCatalog.names.joined(separator: ", "))).", valueName: "name"))
        var projection: String?

        @Flag(name: .customLong("drop-old-versions"), help: "After rebuilding, delete the tables of the versions no longer active.")
        var dropOldVersions = false

        @Flag(help: "Rebuild even when the stored version is this build's (a same-version repair of damaged tables).")
        var force = false

        @Option(
            help: ArgumentHelp(
                "Memory the rebuild folds rows in before writing them, in MiB; a log whose rows do not fit is folded in several windows.",
                valueName: "MiB"))
        var memory = DirectoryProjection.defaultRebuildMemory >> 20

        func validate() throws {
            guard memory >= 1 else { throw ValidationError("--memory must be at least 1 (MiB)") }
        }

        func execute() async throws {
            let path = options.path
            if let holder = DataDirectoryLock.holder(of: path) {
                throw ReplayError(
                    "the data directory \(path) is in use by \(holder); a rebuild switches the tables a running server reads",
                    remedy: "stop the server (or the other process) and run `replay rebuild` again; reading commands work beside it",
                    exitCode: ExitStatus.dataDirectory)
            }
            let directory = try DataDirectory(path: path, writable: true)
            defer { directory.store.shutdown() }
            var results: [JSONValue] = []
            var out = Console.standardOutput()
            for operations in try ProjectionCatalog.select(projection, in: directory) {
                if force, !operations.needsRebuild, let live = directory.projection {
                    let outcome = try await DirectoryRepair.run(directory, projection: live)
                    if !options.json {
                        out.line(
                            "Repaired the \(outcome.projection) projection at version \(outcome.version): "
                                + "its tables were replaced by a fresh fold of \(Describe.plural(outcome.events, "event")).")
                    }
                    results.append([
                        "projection": .string(outcome.projection), "rebuilt": true, "forced": true,
                        "version": .number(JSONNumber(outcome.version)), "events": .number(JSONNumber(outcome.events)),
                        "seconds": .number(JSONNumber(outcome.seconds)),
                    ])
                    continue
                }
                guard operations.needsRebuild else {
                    let version = operations.activeVersion.map(String.init) ?? "none"
                    if !options.json {
                        out.line("The \(operations.name) projection is at version \(version), this build's version: nothing to rebuild.")
                    }
                    results.append(["projection": .string(operations.name), "rebuilt": false, "version": .string(version)])
                    continue
                }
                let from = operations.activeVersion.map { "version \($0)" } ?? "no version"
                let bar = ProgressLogHandler.Bar(label: "rebuilding \(operations.name)")
                let logger = Logger(label: "replay.rebuild") { _ in ProgressLogHandler(bar: bar) }
                guard let outcome = try await operations.rebuild(store: directory.store, logger: logger, memory: memory << 20) else { continue }
                bar.finish()
                var dropped: [String] = []
                if dropOldVersions, let projection = directory.projection {
                    dropped = try await projection.dropInactiveVersions(store: directory.store)
                }
                if !options.json {
                    let rate = outcome.seconds > 0 ? Describe.count(Int(Double(outcome.events) / outcome.seconds)) : "-"
                    out.line(
                        "Rebuilt the \(outcome.projection) projection from \(from) to version \(outcome.version): "
                            + "\(Describe.plural(outcome.events, "event")) folded (\(rate) events/s); it is now active.")
                    if !dropped.isEmpty { out.line("  dropped \(Describe.plural(dropped.count, "old table")): \(dropped.joined(separator: ", "))") }
                }
                results.append([
                    "projection": .string(outcome.projection), "rebuilt": true, "version": .number(JSONNumber(outcome.version)),
                    "events": .number(JSONNumber(outcome.events)), "seconds": .number(JSONNumber(outcome.seconds)),
                    "droppedTables": .array(dropped.map(JSONValue.string)),
                ])
            }
            if options.json { out.json(.array(results)) }
        }
    }
}
