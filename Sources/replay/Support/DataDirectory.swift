import EventLog
import Foundation
import Projections

/// A server data directory opened for questioning: the log, and the projection and journal when
/// the directory has them.
///
/// Guarantees: opened read-only unless asked otherwise, which is safe beside a running server
/// (LMDB readers never block the writer, and a read-only environment cannot write). Every reason
/// the directory cannot be used (missing, not a data directory, not LMDB, damaged, locked, written
/// by a newer server) is reported as a ``ReplayError`` saying what to do, before any command runs.
/// A directory written before the projection or the journal existed still opens; commands that need
/// them say so (``requireProjection()``, ``requireJournal()``).
final class DataDirectory: Sendable {
    let path: String
    let environment: LMDBEnvironment
    let store: EventStore
    /// The live directory projection; `nil` when the directory has none (or it is not built yet).
    let projection: DirectoryProjection?
    /// The request journal; `nil` when the directory has none.
    let journal: RequestJournal?

    /// Opens the directory at `path`; read-only unless `writable` (only `rebuild` writes, and it
    /// first makes sure no other process has the directory open: see ``DataDirectoryLock``).
    init(path: String, writable: Bool = false) throws {
        try Self.checkLooksLikeDataDirectory(path)
        let configuration = LMDBEnvironment.Configuration(readOnly: !writable)
        let environment: LMDBEnvironment
        do {
            environment = try LMDBEnvironment(path: path, configuration: configuration)
        } catch {
            throw ReplayError(error)
        }
        self.path = path
        self.environment = environment
        // Tables are opened before the store: its writer (writable mode) must see them.
        projection = try Self.openProjection(environment)
        journal = try Self.openJournal(environment)
        do {
            store = try EventStore(environment: environment)
        } catch let error as LMDBError where error.code == .notFound {
            throw ReplayError(
                "\(path) is an LMDB environment but holds no event log (no `events` table)",
                remedy: "point --data-dir at the directory the SCIM server writes (it creates the log on its first start)",
                exitCode: ExitStatus.dataDirectory)
        } catch {
            throw ReplayError(error)
        }
    }

    convenience init(_ options: StoreOptions) throws {
        try self.init(path: options.path)
    }

    /// The live projection, or an error saying why there is none.
    func requireProjection() throws -> DirectoryProjection {
        guard let projection else {
            throw ReplayError(
                "\(path) has no directory projection yet (it was written by a server without one, or its first build has not finished)",
                remedy: "commands that fold the log (`state`, `diff`, `history <id>`) still work; start the current server once to build it",
                exitCode: ExitStatus.dataDirectory)
        }
        return projection
    }

    /// The request journal, or an error saying why there is none.
    func requireJournal() throws -> RequestJournal {
        guard let journal else {
            throw ReplayError(
                "\(path) has no request journal (it was written by a server that did not journal requests)",
                remedy: "questions about events still work (`history`, `state`, `diff`, `export events`)",
                exitCode: ExitStatus.dataDirectory)
        }
        return journal
    }

    private static func checkLooksLikeDataDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReplayError(
                "no data directory at \(path)",
                remedy: "pass --data-dir PATH (or set SCIM_DATA_DIR) to the directory the server was started with",
                exitCode: ExitStatus.dataDirectory)
        }
        guard isDirectory.boolValue else {
            throw ReplayError(
                "\(path) is a file, not a data directory",
                remedy: "pass the directory that holds data.mdb and lock.mdb, not a file in it",
                exitCode: ExitStatus.dataDirectory)
        }
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("data.mdb")) else {
            throw ReplayError(
                "\(path) is not a SCIM data directory (it has no data.mdb)",
                remedy: "pass --data-dir PATH (or set SCIM_DATA_DIR) to the directory the server was started with",
                exitCode: ExitStatus.dataDirectory)
        }
    }

    private static func openProjection(_ environment: LMDBEnvironment) throws -> DirectoryProjection? {
        let projection: DirectoryProjection
        do {
            projection = try DirectoryProjection(environment: environment)
        } catch let error as LMDBError where error.code == .notFound {
            return nil
        } catch {
            throw ReplayError(error)
        }
        guard let active = projection.activeVersion else {
            // No active version: nothing to read, but a writable open keeps it for `rebuild`.
            return environment.configuration.readOnly ? nil : projection
        }
        guard active <= DirectoryProjection.currentVersion else {
            throw ReplayError(
                "the directory projection in \(environment.path) is version \(active); this replay knows versions up to \(DirectoryProjection.currentVersion) (a newer server wrote it)",
                remedy: "use the replay built from the same version as the server",
                exitCode: ExitStatus.dataDirectory)
        }
        return projection
    }

    private static func openJournal(_ environment: LMDBEnvironment) throws -> RequestJournal? {
        do {
            return try RequestJournal(environment: environment)
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw ReplayError(error)
        }
    }
}
