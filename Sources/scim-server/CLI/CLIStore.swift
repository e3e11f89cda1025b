import ArgumentParser
import EventLog
import Foundation
import Projections
import SCIMAdapter

/// Options every `token` and `tenant` command takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The server's data directory (default: $SCIM_DATA_DIR, else ./scim-data).")
    var dataDirectory: String?

    @Flag(help: "Print JSON (the admin API's shapes) instead of text.")
    var json = false

    /// The data directory: the option, else `SCIM_DATA_DIR`, else `./scim-data` (as `serve`).
    var path: String {
        if let dataDirectory { return dataDirectory }
        if let variable = ProcessInfo.processInfo.environment["SCIM_DATA_DIR"], !variable.isEmpty { return variable }
        return "./scim-data"
    }
}

/// The tenancy store of a data directory, opened by a CLI command.
///
/// Guarantees: commands that change something open the directory writable only when no other
/// process has it open. The server keeps the log's position in memory, so an event appended by
/// another process while it runs would make its next append collide; the command refuses and
/// names the server's process and the admin API instead. Listing commands open it read-only,
/// which is safe beside a running server (LMDB readers never block or disturb the writer).
final class CLIStore: Sendable {
    let tenancy: TenancyService
    private let directory: SCIMDirectory?

    /// Opens `options.path`; writable creates the directory when it is missing.
    init(_ options: StoreOptions, writable: Bool) throws {
        let path = options.path
        if writable {
            if let holder = DataDirectoryLock.holder(of: path) {
                throw CLIError(
                    "the data directory \(path) is open in \(holder); "
                        + "a second process must not write to it while the server runs (the server's writer would collide with "
                        + "the events written here). Use the admin API of the running server instead (POST /provisioning/token, "
                        + "/admin/tenants: see docs/TENANTS-AND-TOKENS.md), or stop the server first.")
            }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let directory = try SCIMDirectory(path: path)
            self.directory = directory
            tenancy = directory.tenancy
        } else {
            guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("data.mdb")) else {
                throw CLIError("no data directory at \(path) (no data.mdb); pass --data-dir or set SCIM_DATA_DIR to the server's data directory")
            }
            let environment = try LMDBEnvironment(path: path, configuration: .init(readOnly: true))
            let projection = try TenancyProjection(environment: environment)
            guard projection.activeVersion != nil else {
                throw CLIError("\(path) has no tenants yet (it was written by a server without tenancy); start the server once")
            }
            tenancy = TenancyService(store: try EventStore(environment: environment), projection: projection)
            directory = nil
        }
    }

    /// Commits what is queued and closes the writer.
    func close() {
        directory?.shutdown()
    }

    /// Who the CLI's events are recorded as: `cli:<login name>`.
    static var metadata: CommandMetadata {
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator"
        return CommandMetadata(actor: "cli:\(user)", requestID: EventID.random().description)
    }
}

/// A CLI failure, printed as `error: <message>` with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a CLI command body: prints failures as one `error:` line and exits 1.
func runCLI(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as TenancyError {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode.failure
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// Prints a JSON value, pretty, with a final newline.
func printJSON(_ value: JSONValue) {
    print(value.serialized(style: .pretty))
}
