import EventLog
import Foundation
import Hummingbird
import Logging
import SCIMAdapter
import SCIMOperations

/// `scim-server`: serves the SCIM endpoint from a data directory until SIGTERM or SIGINT.
@main
struct ScimServer {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ServerOptions.usage)
            return
        }
        do {
            let options = try ServerOptions(arguments: arguments, environment: ProcessInfo.processInfo.environment)
            try await run(options)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: ServerOptions) async throws {
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
        let token = options.token ?? generatedToken()
        let authenticator = StaticTokenAuthenticator(credentials: [.init(token: token, tenant: options.tenant, name: "bootstrap")])
        let application = try buildOperatedApplication(
            service: SCIMService(directory: directory, configuration: configuration), authenticator: authenticator,
            operations: options.operations, tls: options.tls, host: options.host, port: options.port, logger: logger)
        let shownHost = options.host == "0.0.0.0" ? "localhost" : options.host
        // Written unbuffered, so the banner precedes the log lines even when stdout is a file.
        FileHandle.standardOutput.write(Data("""
            scim-server: event log in \(options.dataDirectory) (\(directory.eventCount) events)
              SCIM base URL:  \(options.tls == nil ? "http" : "https")://\(shownHost):\(options.port)/scim/v2  (also /tenants/\(options.tenant)/scim/v2)
              Tenant URL for Entra ID:  https://<your public host>/scim/v2?aadOptscim062020
              tenant:         \(options.tenant)
              Secret Token:   \(options.token == nil ? token + "  (generated: set SCIM_TOKEN to keep it across restarts)" : "(from --token / SCIM_TOKEN)")

            """.utf8))
        // After an upgrade that changed the projection's version, rebuild it in the background:
        // the previous version answers reads and takes writes until the new one is ready.
        let preparation = Task {
            do {
                try await directory.prepareProjection(logger: logger)
            } catch {
                logger.error("the directory projection could not be rebuilt; the previous version keeps serving", metadata: ["error": "\(error)"])
            }
        }
        try await application.runService()
        preparation.cancel()
    }

    /// A random 256-bit token, base64url.
    static func generatedToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
