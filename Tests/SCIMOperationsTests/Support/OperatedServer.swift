import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Projections
import SCIMAdapter
import SCIMOperations
import Synchronization
import Testing

/// The operated application (SCIM endpoint inside the operations layer) over a real LMDB data
/// directory in a temporary directory. Tokens: ``token`` is tenant `acme`, ``otherToken`` `globex`.
final class OperatedServer: Sendable {
    static let token = "acme-secret-token"
    static let otherToken = "globex-secret-token"

    let path: String
    let directory: SCIMDirectory
    let service: SCIMService
    let metrics: ServerMetrics
    let logLines = Mutex<[String]>([])

    init() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scim-ops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
        directory = try SCIMDirectory(path: path, configuration: .init(mapSize: 64 << 20))
        service = SCIMService(
            directory: directory, configuration: SCIMConfiguration(passwordHashing: PasswordHasher(logN: 4, blockSize: 8, parallelism: 1)))
        metrics = ServerMetrics(directory: directory)
    }

    deinit {
        directory.shutdown()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A logger whose JSON lines land in ``logLines``.
    var logger: Logger {
        var logger = Logger(label: "scim-ops-test") { label in
            JSONLogHandler(label: label) { [weak self] line in
                self?.logLines.withLock { $0.append(String(decoding: line, as: UTF8.self)) }
            }
        }
        logger.logLevel = .info
        return logger
    }

    /// The log lines written so far, parsed.
    var logObjects: [JSONObject] {
        logLines.withLock { $0 }.compactMap { try? JSONValue(parsing: Array($0.utf8)).objectValue }
    }

    /// Runs `body` against the operated application.
    func run(
        _ setup: TestingSetup = .router, operations: OperationsConfiguration = OperationsConfiguration(), tls: TLSFiles? = nil,
        _ body: @escaping @Sendable (OperatedClient) async throws -> Void
    ) async throws {
        let authenticator = StaticTokenAuthenticator(credentials: [
            .init(token: Self.token, tenant: "acme", name: "entra"),
            .init(token: Self.otherToken, tenant: "globex", name: "other"),
        ])
        let application = try buildOperatedApplication(
            service: service, authenticator: authenticator, operations: operations, tls: tls, metrics: metrics, port: 0, logger: logger)
        try await application.test(setup) { client in
            try await body(OperatedClient(client: client))
        }
    }

    /// Every journal entry, after everything queued before this call was committed (by a
    /// barrier while the application runs; by the graceful stop after it).
    func journalEntries() async throws -> [JournalEntry] {
        do {
            try await directory.store.execute(Barrier())
        } catch is LogUnavailable {}
        return try directory.environment.withReadTransaction { reader in
            var entries: [JournalEntry] = []
            try directory.journal.forEach(after: 0, reader) { entries.append($0); return true }
            return entries
        }
    }
}

/// A write that writes nothing: once it returns, every command queued before it is committed.
struct Barrier: WriteCommand {
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "barrier") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {}
}

/// A write that holds the writer thread for `seconds` (a slow disk, a huge batch), writing nothing.
struct StallWriter: WriteCommand {
    /// Raised once the writer thread is held, and once it is released.
    final class Started: Sendable {
        let raised = Mutex(false)
        let released = Mutex(false)
    }

    var seconds: Double
    let started = Started()
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "stall") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        started.raised.withLock { $0 = true }
        Thread.sleep(forTimeInterval: seconds)
        started.released.withLock { $0 = true }
        return []
    }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {}

    /// Queues the stall and returns once the writer is held by it.
    static func hold(_ store: EventStore, seconds: Double) async throws -> (task: Task<Void, any Error>, state: Started) {
        let stall = StallWriter(seconds: seconds)
        let task = Task { try await store.execute(stall) }
        while !stall.started.raised.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        return (task, stall.started)
    }
}

/// A client for the operated application.
struct OperatedClient: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = OperatedServer.token
    ) async throws -> Reply {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/scim+json" }
        let response = try await client.execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
    }

    func get(_ uri: String, token: String? = OperatedServer.token) async throws -> Reply {
        try await send(.get, uri, token: token)
    }

    func createUser(_ userName: String, token: String = OperatedServer.token) async throws -> Reply {
        try await send(.post, "/scim/v2/Users", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)"}"#, token: token)
    }
}

/// A response as tests inspect it.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: String

    var json: JSONObject? { try? JSONValue(parsing: Array(body.utf8)).objectValue }

    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}
