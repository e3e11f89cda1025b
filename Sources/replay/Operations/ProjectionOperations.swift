import EventLog
import Logging
import Projections

/// What `replay verify` found for one projection.
struct VerifyOutcome: Sendable {
    struct Difference: Sendable, Hashable {
        var table: String
        /// `missing` (in the fold, not live), `unexpected` (live, not in the fold) or `different`.
        var kind: String
        /// The key as a person reads it (``VerifyKey``).
        var key: String
        /// The key byte by byte (printable ASCII kept, other bytes as `\xNN`).
        var rawKey: String
        var expectedBytes: Int?
        var actualBytes: Int?
    }

    var projection: String
    var version: Int
    var position: Position
    var tablesCompared: Int
    var rowsCompared: Int
    var differences: [Difference]
    /// More differences existed than were listed.
    var truncated: Bool
}

/// What `replay rebuild` did for one projection.
struct RebuildOutcome: Sendable {
    var projection: String
    var version: Int
    var events: Int
    var seconds: Double
}

/// A projection `verify` and `rebuild` can work on: the seam between the CLI and the projection
/// engines in `Sources/Projections`, so a new projection is one more conformance.
protocol ProjectionOperations {
    /// The name `--projection` selects it by.
    var name: String { get }
    /// The version the code builds.
    var codeVersion: Int { get }
    /// The version whose tables answer reads (`nil` when none is built).
    var activeVersion: Int? { get }
    /// Whether the active version differs from the code's, so a rebuild has work to do.
    var needsRebuild: Bool { get }

    /// Folds the log into scratch tables under `scratchDirectory` and compares them with the live ones.
    func verify(store: EventStore, scratchDirectory: String, maximumDifferences: Int, progress: (Position) -> Void) throws -> VerifyOutcome

    /// Builds the code's version from the log and switches to it (`nil` when there was nothing to do),
    /// holding at most about `memory` bytes of folded rows at a time.
    func rebuild(store: EventStore, logger: Logger, memory: Int) async throws -> RebuildOutcome?
}

/// The directory projection (users, groups, indexes, membership, timeline).
struct DirectoryProjectionOperations: ProjectionOperations {
    let projection: DirectoryProjection

    var name: String { "directory" }
    var codeVersion: Int { projection.codeVersion }
    var activeVersion: Int? { projection.activeVersion }
    var needsRebuild: Bool { projection.needsRebuild }

    func verify(store: EventStore, scratchDirectory: String, maximumDifferences: Int, progress: (Position) -> Void) throws -> VerifyOutcome {
        let report = try projection.verify(
            upcasters: store.configuration.upcasters, scratchDirectory: scratchDirectory, maximumDifferences: maximumDifferences,
            progress: progress)
        return VerifyOutcome(
            projection: name, version: activeVersion ?? codeVersion, position: report.position, tablesCompared: report.tablesCompared,
            rowsCompared: report.rowsCompared,
            differences: report.differences.map {
                .init(
                    table: $0.table, kind: $0.kind.rawValue, key: VerifyKey.describe($0),
                    rawKey: $0.printableKey, expectedBytes: $0.expected?.count, actualBytes: $0.actual?.count)
            },
            truncated: report.truncated)
    }

    func rebuild(store: EventStore, logger: Logger, memory: Int) async throws -> RebuildOutcome? {
        guard let report = try await projection.rebuild(store: store, logger: logger, memoryBudget: memory) else { return nil }
        return RebuildOutcome(projection: name, version: report.version, events: report.events, seconds: report.seconds)
    }
}

/// The projections of a data directory that `verify` and `rebuild` know.
enum ProjectionCatalog {
    static let names = ["directory"]

    /// The projections selected by `--projection` (all when `nil`).
    static func select(_ name: String?, in directory: DataDirectory) throws -> [any ProjectionOperations] {
        if let name, !names.contains(name) {
            throw ReplayError(
                "there is no projection named \"\(name)\"", remedy: "use one of: \(names.joined(separator: ", "))",
                exitCode: ExitStatus.usage)
        }
        return [DirectoryProjectionOperations(projection: try directory.requireProjection())]
    }
}
