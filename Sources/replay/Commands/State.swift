import ArgumentParser
import EventLog
import Projections
import SCIMAdapter

extension Replay {
    /// `replay state --at <instant> [<resource>]`: the directory, or one resource, as it was.
    struct State: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the directory, or one user or group, as it was at a time or log position.",
            discussion: """
                Folds the tenant's events up to the instant into scratch tables with the server's own \
                projection code (in $TMPDIR, removed afterwards), so the answer is what the server's \
                projection held then. Without a resource: counts and every user and group. With one: the \
                resource exactly as the server's GET answered then (this build's SCIM service over a copy of \
                the log up to the instant), with meta.location relative to the server's origin.
                """)

        @OptionGroup var options: StoreOptions

        @Option(
            help: ArgumentHelp("A time (2026-03-01T09:30:00Z, 2026-03-01) or a log position (1234).", valueName: "instant"),
            transform: Instant.parse)
        var at: Instant

        @Argument(help: ArgumentHelp("An id, userName, externalId or displayName (optional).", valueName: "resource"))
        var resource: String?

        func execute() async throws {
            let directory = try DataDirectory(options)
            let point = try at.resolve(in: directory.store)
            var out = Console.standardOutput()
            if let resource {
                // The resource as the server answered a GET then: today's SCIM service over a copy of
                // the log up to the instant, so the representation is the server's own.
                let progress = Progress("copying the log", total: point.position.rawValue)
                let server = try await ScratchServer(
                    copying: directory.store, upTo: point.position, configuration: SCIMConfiguration(), progress: progress)
                progress.finish()
                let ref = try resolveAtPoint(resource, server, directory, point)
                out.json(try await server.get(ref))
                return
            }
            let fold = try ScratchFold(tenant: options.tenant)
            let progress = Progress("folding the log", total: point.position.rawValue)
            try fold.advance(to: point.position, from: directory.store, progress: progress)
            progress.finish()
            let snapshot = try fold.read { reader in try DirectorySnapshot(reader, tenant: options.tenant) }
            if options.json {
                out.json(snapshot.json(at: point))
            } else {
                snapshot.text(at: point, into: &out)
            }
        }

        /// Finds the resource in the folded state; when it is not there, says whether it exists at
        /// another time.
        private func resolveAtPoint(_ query: String, _ fold: some DirectoryReading, _ directory: DataDirectory, _ point: LogPoint) throws -> ResourceRef {
            let tenant = options.tenant
            let atPoint: [ResourceRef] = try fold.read { reader in
                for kind in ResourceKind.allCases where try reader.resource(kind, tenant: tenant, id: query) != nil {
                    return [ResourceRef(kind: kind, id: query, tenant: tenant)]
                }
                let users = try reader.userIDs(userName: query, tenant: tenant)
                if !users.isEmpty { return users.map { ResourceRef(kind: .user, id: $0, tenant: tenant) } }
                let external = try reader.userIDs(externalID: query, tenant: tenant).map { ResourceRef(kind: .user, id: $0, tenant: tenant) }
                    + reader.groupIDs(externalID: query, tenant: tenant).map { ResourceRef(kind: .group, id: $0, tenant: tenant) }
                if !external.isEmpty { return external }
                return try reader.groupIDs(displayName: query, tenant: tenant).map { ResourceRef(kind: .group, id: $0, tenant: tenant) }
            }
            if atPoint.count == 1, let only = atPoint.first { return only }
            // Ambiguous at that instant, or absent then: let the full resolver explain.
            let ref = try ResourceResolver(directory: directory, tenant: tenant).resolve(query)
            if atPoint.contains(where: { $0.kind == ref.kind && $0.id == ref.id }) { return ref }
            let events = try directory.store.events(in: ref.stream)
            let first = events.first.map { "its first event is at position \($0.position) (\(Describe.time($0.recordedAt)))" } ?? "it has no events"
            throw ReplayError(
                "\(ref.kind.rawValue) \(ref.id) (\"\(query)\") did not exist at \(point.label); \(first)",
                remedy: "use `replay history \(ref.id)` to see when it existed", exitCode: ExitStatus.notFound)
        }
    }
}
