import ArgumentParser
import EventLog
import Projections
import SCIMAdapter

extension Replay {
    /// `replay reproduce --from <t1> --to <t2>`: re-execute a window of journaled requests through
    /// today's SCIM service and report every divergence from what was recorded.
    struct Reproduce: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-execute the journaled requests of a window through this build's SCIM service and report divergences.",
            discussion: """
                Copies the log up to --from into a scratch data directory (in $TMPDIR, removed afterwards), builds the \
                directory projection there with the server's own code, then sends each journaled request of the window \
                (in the order the server processed them) to this build's SCIM service, authenticated as the recorded \
                tenant and actor. Ids of resources created in the window are mapped from the recorded to the replayed \
                ones. For each request the status, scimType and body (without meta.created, meta.lastModified, \
                meta.version, and with URLs reduced to their paths) are compared, and after each write the resource's \
                state. Exit code 0 when nothing diverged, 1 when something did.
                """)

        @OptionGroup var options: StoreOptions

        @Option(help: ArgumentHelp("Start of the window: a time or a log position.", valueName: "instant"), transform: Instant.parse)
        var from: Instant

        @Option(
            help: ArgumentHelp("End of the window: a time or a log position (default: the end of the journal).", valueName: "instant"),
            transform: Instant.parse)
        var to: Instant?

        @Option(
            help: ArgumentHelp(
                "Report only the requests about this user or group (id, userName, externalId or displayName); all still run.",
                valueName: "resource"))
        var resource: String?

        @Option(
            name: .customLong("policy-file"),
            help: ArgumentHelp("Tenant policies to replay with, as SCIM_POLICY_FILE (default: $SCIM_POLICY_FILE, else none).", valueName: "path"))
        var policyFile: String?

        func execute() async throws {
            let directory = try DataDirectory(options)
            let journal = try directory.requireJournal()
            let store = directory.store
            let start = try from.resolve(in: store)
            let end = try (to ?? .position(store.lastPosition)).resolve(in: store)
            let startTime = start.requested ?? Timestamp(microsecondsSince1970: .min)
            guard start.position <= end.position, startTime <= end.requested ?? Timestamp(microsecondsSince1970: .max) else {
                throw ReplayError(
                    "--from (\(start.label)) is after --to (\(end.label))", remedy: "give the earlier instant as --from", exitCode: ExitStatus.usage)
            }
            let (policies, policySource) = try PolicyFile.load(policyFile)
            let ref = try resource.map { try ResourceResolver(directory: directory, tenant: options.tenant).resolve($0) }
            let requests = try ReplayWindow.requests(
                journal: journal, store: store, tenant: options.tenant, from: start, to: to == nil ? nil : end)

            let copying = Progress("copying the log", total: start.position.rawValue)
            let server = try await ScratchServer(
                copying: store, upTo: start.position, configuration: SCIMConfiguration(policies: policies), progress: copying)
            copying.finish()
            let replayer = try LocalReplayer(server: server, store: store, tenant: options.tenant, start: start.position)
            let progress = Progress("replaying requests", total: UInt64(requests.count), unit: "requests")
            var outcomes: [ReplayedRequest] = []
            var done: UInt64 = 0
            for request in requests {
                let outcome = try await replayer.replay(request)
                // With --resource, every request still runs (later ones may need what earlier ones
                // created); only those about the resource are reported.
                if ref.map({ request.isAbout($0.id) }) ?? true { outcomes.append(outcome) }
                done += 1
                progress.update(done)
            }
            progress.finish()

            let report = ReplayReport(
                heading: [
                    "Reproduced tenant \(options.tenant) from \(start.label) to "
                        + (to == nil ? "the end of the journal (log position \(end.position))" : end.label)
                        + (ref.map { " for \($0.kind.rawValue) \($0.id)" } ?? ""),
                    "  starting state: the log up to position \(start.position) "
                        + "(\(Describe.plural(server.copiedEvents, "event")) copied, folded by this build)",
                    "  policies: " + (policySource ?? "none (pass --policy-file with the server's SCIM_POLICY_FILE to use its rules)"),
                ],
                outcomes: outcomes, ids: replayer.ids,
                facts: facts(start, end, policySource, ref))
            var out = Console.standardOutput()
            if options.json {
                out.json(report.json)
            } else {
                report.text(into: &out)
            }
            if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
        }

        /// What the JSON form says about the run besides the outcomes.
        private func facts(_ start: LogPoint, _ end: LogPoint, _ policySource: String?, _ ref: ResourceRef?) -> JSONObject {
            var object = JSONObject()
            object["tenant"] = .string(options.tenant)
            object["from"] = start.jsonValue
            object["to"] = end.jsonValue
            object["policyFile"] = policySource.map(JSONValue.string)
            if let ref {
                let resource: JSONValue = ["type": .string(ref.kind.rawValue), "id": .string(ref.id)]
                object["resource"] = resource
            }
            return object
        }
    }
}
