import ArgumentParser
import EventLog
import Foundation
import Hummingbird
import Logging
import Projections
import SCIMAdapter
import SCIMOperations

/// `scim-server serve`: serves the SCIM endpoint and the admin API from a data directory until
/// SIGTERM or SIGINT.
///
/// Start-up order: open the data directory; on a data directory where no tenant was ever created,
/// create tenant `default` with a provisioning and an admin token (printed once); register the
/// configured token (`--token` / `SCIM_TOKEN`), if any; count the journal's recent failures into
/// the quarantine early warning; then serve.
struct Serve: AsyncParsableCommand {
    // `--help` is answered here, with the options' own usage text (ArgumentParser would rewrap it).
    static let configuration = CommandConfiguration(
        abstract: "Serve the SCIM endpoint and the admin API (the default command; `serve --help` lists its options).", helpNames: [])

    @Argument(parsing: .allUnrecognized, help: "Server options: see `scim-server serve --help`.")
    var arguments: [String] = []

    func run() async throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ServerOptions.usage)
            return
        }
        let options: ServerOptions
        do {
            options = try ServerOptions(arguments: arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        do {
            try await Self.serve(options)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func serve(_ options: ServerOptions) async throws {
        let format = options.logFormat
        LoggingSystem.bootstrap { label in
            format == .json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        var logger = Logger(label: "scim-server")
        logger.logLevel = options.logLevel
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
        let directory = try SCIMDirectory(
            path: options.dataDirectory, configuration: .init(mapSize: options.mapSize, maxMapSize: options.maxMapSize))
        let configuration = SCIMConfiguration(
            maxRequestBodyBytes: options.maxBodyBytes, publicOrigin: options.publicURL, policies: try options.policies())
        let eventCount = directory.eventCount
        let bootstrap = try await directory.tenancy.ensureDefaultTenant()
        var configured: ConfiguredTokenRegistration?
        if let token = options.token {
            configured = try await ConfiguredToken.register(token, tenant: options.tenant, in: directory.tenancy)
        }
        let quarantine = QuarantineWatch(logger: logger)
        try quarantine.seed(from: directory)
        let authenticator = TenancyAuthenticator(tenancy: directory.tenancy)
        let admin = AdminAPI(tenancy: directory.tenancy, authenticator: authenticator, quarantine: quarantine, logger: logger)
        let banner = StartBanner(
            options: options, eventCount: eventCount, tenants: try directory.tenancy.listTenants().map(\.id), bootstrap: bootstrap,
            configured: configured)
        // Printed once the server listens and handles SIGTERM, so the URL it shows answers and a
        // stop right after it is graceful. Written unbuffered, so it precedes later log lines even
        // when stdout is a file.
        let application = try buildOperatedApplication(
            service: SCIMService(directory: directory, configuration: configuration), authenticator: authenticator,
            operations: options.operations, tls: options.tls, host: options.host, port: options.port, logger: logger, admin: admin,
            quarantine: quarantine, onServerRunning: { FileHandle.standardOutput.write(Data(banner.text.utf8)) })
        // After an upgrade that changed the projection's version, rebuild it in the background:
        // the previous version answers reads and takes writes until the new one is ready.
        let preparation = Task {
            do {
                try await directory.prepareProjection(logger: logger, rebuildMemory: options.rebuildMemory)
            } catch {
                logger.error("the directory projection could not be rebuilt; the previous version keeps serving", metadata: ["error": "\(error)"])
            }
        }
        try await application.runService()
        preparation.cancel()
    }
}
