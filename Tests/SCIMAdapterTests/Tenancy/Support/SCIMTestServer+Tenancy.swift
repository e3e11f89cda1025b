import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import SCIMAdapter
import Synchronization
import Testing

/// The tokens of a tenancy-backed test server: the bootstrap's, as a fresh server prints them.
struct TenancyTokens: Sendable {
    /// Tenant `default`'s provisioning token (Entra's Secret Token).
    let provisioning: String
    /// Tenant `default`'s admin token.
    let admin: String
}

extension SCIMTestServer {
    /// Runs `body` against the application as the server builds it: ``TenancyAuthenticator`` over
    /// the directory's tenancy store, the admin API and the quarantine watch, after the first-start
    /// bootstrap (tenant `default` and its two tokens, handed to `body`).
    ///
    /// - Parameter clock: the authenticator's clock (expiry checks); tests move it to expire tokens.
    func runWithTenancy(
        _ setup: TestingSetup = .router, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() },
        quarantine: QuarantineWatch? = nil, logger: Logger? = nil,
        _ body: @escaping @Sendable (SCIMTestClient, TenancyTokens) async throws -> Void
    ) async throws {
        let bootstrap = try #require(try await directory.tenancy.ensureDefaultTenant(), "a fresh data directory is bootstrapped")
        let tokens = TenancyTokens(provisioning: bootstrap.provisioning.secret.plaintext, admin: bootstrap.admin.secret.plaintext)
        var quietLogger = Logger(label: "scim-test")
        quietLogger.logLevel = .warning
        let logger = logger ?? quietLogger
        let authenticator = TenancyAuthenticator(tenancy: directory.tenancy, clock: clock)
        let admin = AdminAPI(tenancy: directory.tenancy, authenticator: authenticator, quarantine: quarantine, logger: logger)
        let application = buildSCIMApplication(
            service: service, authenticator: authenticator, port: 0, logger: logger, admin: admin, quarantine: quarantine)
        try await application.test(setup) { client in
            try await body(SCIMTestClient(client: client, server: self), tokens)
        }
    }

    /// Every event of the log, tenancy events included.
    func allEvents() throws -> [RecordedEvent] {
        try directory.store.events(after: .start, limit: 100_000)
    }

    /// Waits until every command queued so far (journal entries, last-use records) is committed.
    func drain() async throws {
        try await directory.store.execute(Barrier())
    }
}

extension SCIMTestClient {
    /// An admin API request with `token`; `json` is sent verbatim.
    func admin(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String) async throws -> SCIMReply {
        try await send(method, uri, json: json, headers: json == nil ? [:] : ["Content-Type": "application/json"], token: token)
    }
}

/// A clock the test moves by hand (starts at the real time).
final class TestClock: Sendable {
    private let offset = Mutex<Int64>(0)

    var now: Timestamp { Timestamp(microsecondsSince1970: Timestamp.now().microseconds + offset.withLock { $0 }) }

    func advance(seconds: Int64) {
        offset.withLock { $0 += seconds * 1_000_000 }
    }
}

/// Log lines kept in memory, for tests that check what the server logs.
final class CapturedLogs: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])

    var all: [Line] { lines.withLock { $0 } }

    /// A logger whose lines (at `level` and above) land here.
    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(sink: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: Line) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.append(Line(level: event.level, message: event.message.description, metadata: merged.mapValues { "\($0)" }))
        }
    }
}
