import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import SCIMAdapter
import ServiceLifecycle

/// Builds the server's application: the SCIM endpoint inside the ``OperationsResponder``, over
/// HTTP or (with `tls`) HTTPS, with the idle timeout, the journal-retention service and the
/// directory's graceful stop. `admin` and `quarantine` add the admin API and the quarantine early
/// warning; `onServerRunning` runs once the socket listens and SIGTERM/SIGINT are handled.
///
/// Guarantees: everything ``buildSCIMApplication(service:authenticator:host:port:logger:)``
/// guarantees about graceful shutdown (in-flight requests finish, then the writer commits what
/// is queued and stops), plus the operations layer's guarantees; a TLS file that cannot be used
/// fails here, before anything listens.
/// - Throws: ``TLSFilesError``.
public func buildOperatedApplication(
    service: SCIMService, authenticator: any RequestAuthenticator, operations: OperationsConfiguration = OperationsConfiguration(),
    tls: TLSFiles? = nil, metrics: ServerMetrics? = nil, host: String = "127.0.0.1", port: Int = 8080,
    logger: Logger = Logger(label: "scim-server"), admin: AdminAPI? = nil, quarantine: QuarantineWatch? = nil,
    onServerRunning: @escaping @Sendable () async -> Void = {}
) throws -> some ApplicationProtocol {
    let buckets = operations.rateLimit.map(TokenBuckets.init(limit:))
    let scim = SCIMResponder<BasicRequestContext>(
        service: service, authenticator: RateLimitingAuthenticator(authenticator, buckets: buckets), admin: admin, quarantine: quarantine)
    let metrics = metrics ?? ServerMetrics(directory: service.directory, quarantine: quarantine)
    return try buildOperatedApplication(
        inner: scim, directory: service.directory,
        maxBodyBytes: max(service.configuration.maxRequestBodyBytes, service.configuration.bulkMaxPayloadBytes), operations: operations,
        tls: tls, metrics: metrics, host: host, port: port, logger: logger, onServerRunning: onServerRunning)
}

/// The same application around any responder (the SCIM responder inside an admin router, for
/// example). Rate limits apply only where the caller wrapped its authenticator in a
/// ``RateLimitingAuthenticator``; `maxBodyBytes` is the largest body any of its routes accepts.
/// - Throws: ``TLSFilesError``.
public func buildOperatedApplication<Inner: HTTPResponder>(
    inner: Inner, directory: SCIMDirectory, maxBodyBytes: Int, operations: OperationsConfiguration = OperationsConfiguration(),
    tls: TLSFiles? = nil, metrics: ServerMetrics? = nil, host: String = "127.0.0.1", port: Int = 8080,
    logger: Logger = Logger(label: "scim-server"), onServerRunning: @escaping @Sendable () async -> Void = {}
) throws -> some ApplicationProtocol where Inner.Context == BasicRequestContext {
    let metrics = metrics ?? ServerMetrics(directory: directory)
    let responder = OperationsResponder(
        inner: inner, readiness: Readiness(directory: directory), metrics: metrics, configuration: operations, maxBodyBytes: maxBodyBytes,
        servesTLS: tls != nil, logger: logger)
    let idle = TimeAmount.nanoseconds(Int64(operations.idleTimeout.components.seconds) * 1_000_000_000
        + operations.idleTimeout.components.attoseconds / 1_000_000_000)
    let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: idle))
    var server = http
    if let tls { server = try serverBuilder(http, tls) }
    var application = Application(
        responder: responder, server: server,
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "scim-directory"),
        onServerRunning: { _ in await onServerRunning() }, logger: logger)
    application.addServices(DirectoryLifecycle(directory: directory, logger: logger))
    if let days = operations.journalRetentionDays {
        application.addServices(JournalRetention(directory: directory, days: days, metrics: metrics, logger: logger))
    }
    return application
}

private func serverBuilder(_ http: HTTPServerBuilder, _ files: TLSFiles) throws(TLSFilesError) -> HTTPServerBuilder {
    let configuration = try files.serverConfiguration()
    do {
        return try HTTPServerBuilder.tls(http, tlsConfiguration: configuration)
    } catch {
        throw TLSFilesError(path: files.certificatePath, problem: "cannot be used with \(files.keyPath) (\(error))")
    }
}
