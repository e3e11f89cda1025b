import EventLog
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP application that serves the SCIM endpoint.
///
/// Guarantees: the returned application serves ``SCIMResponder`` on `host:port`; when it shuts
/// down gracefully (`runService()` on SIGTERM/SIGINT) the server first stops accepting requests
/// and finishes those in flight, and only then is the log's writer stopped after committing
/// everything queued, so no acknowledged write is lost and no in-flight write is refused.
/// `admin` and `quarantine` add the admin API and the quarantine early warning (see ``SCIMResponder``).
/// `onServerRunning` runs once the socket listens and SIGTERM/SIGINT are handled: anything that
/// tells a person or a script "ready" (the start banner) belongs there.
public func buildSCIMApplication(
    service: SCIMService, authenticator: any RequestAuthenticator, host: String = "127.0.0.1", port: Int = 8080,
    logger: Logger = Logger(label: "scim-server"), admin: AdminAPI? = nil, quarantine: QuarantineWatch? = nil,
    onServerRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    var application = Application(
        responder: SCIMResponder(service: service, authenticator: authenticator, admin: admin, quarantine: quarantine),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "scim-directory"),
        onServerRunning: { _ in await onServerRunning() },
        logger: logger)
    application.addServices(DirectoryLifecycle(directory: service.directory, logger: logger))
    return application
}

/// Stops the directory's writer when the application shuts down gracefully, after the server.
///
/// Registered before the server in the service group, so it is shut down after it (service
/// groups stop services in reverse order).
public struct DirectoryLifecycle: Service {
    let directory: SCIMDirectory
    let logger: Logger

    public init(directory: SCIMDirectory, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    public func run() async throws {
        try? await gracefulShutdown()
        directory.shutdown()
        logger.info("event log closed: every acknowledged write is committed", metadata: ["position": "\(directory.store.lastPosition.rawValue)"])
    }
}
