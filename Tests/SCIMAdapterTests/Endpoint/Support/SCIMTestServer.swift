import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Projections
import SCIMAdapter
import Testing

/// The SCIM application over a real LMDB data directory in a temporary directory, driven through
/// HummingbirdTesting (the router transport by default, real sockets with `.live`).
///
/// Tokens: ``token`` is tenant `acme`, ``otherToken`` tenant `globex`.
final class SCIMTestServer: Sendable {
    static let token = "acme-secret-token"
    static let otherToken = "globex-secret-token"

    let path: String
    let directory: SCIMDirectory
    let service: SCIMService

    init(configuration: SCIMConfiguration = .testing) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scim-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
        directory = try SCIMDirectory(path: path, configuration: .init(mapSize: 256 << 20))
        service = SCIMService(directory: directory, configuration: configuration)
    }

    deinit {
        directory.shutdown()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs `body` against the application.
    func run(_ setup: TestingSetup = .router, _ body: @escaping @Sendable (SCIMTestClient) async throws -> Void) async throws {
        let authenticator = StaticTokenAuthenticator(credentials: [
            .init(token: Self.token, tenant: "acme", name: "entra"),
            .init(token: Self.otherToken, tenant: "globex", name: "other"),
        ])
        var logger = Logger(label: "scim-test")
        logger.logLevel = .warning
        let application = buildSCIMApplication(service: service, authenticator: authenticator, port: 0, logger: logger)
        try await application.test(setup) { client in
            try await body(SCIMTestClient(client: client, server: self))
        }
    }

    /// The log's last position: unchanged means nothing was appended.
    var eventCount: UInt64 { directory.eventCount }

    /// Every journal entry, after everything queued before this call was committed.
    func journalEntries() async throws -> [JournalEntry] {
        try await directory.store.execute(Barrier())
        return try directory.environment.withReadTransaction { reader in
            var entries: [JournalEntry] = []
            try directory.journal.forEach(after: 0, reader) { entries.append($0); return true }
            return entries
        }
    }

    /// The recorded events of the log, decoded.
    func events() throws -> [(RecordedEvent, DirectoryEvent)] {
        try directory.store.events(after: .start, limit: 100_000).compactMap { recorded in
            try DirectoryEvent(recorded).map { (recorded, $0) }
        }
    }
}

/// A write that writes nothing: once it returns, every command queued before it is committed.
struct Barrier: WriteCommand {
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "barrier") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {}
}

extension SCIMConfiguration {
    /// Fast password hashing; otherwise the defaults.
    static var testing: SCIMConfiguration {
        SCIMConfiguration(passwordHashing: PasswordHasher(logN: 4, blockSize: 8, parallelism: 1))
    }
}

/// A SCIM client for tests: JSON in, ``SCIMReply`` out.
struct SCIMTestClient: Sendable {
    let client: any TestClientProtocol
    let server: SCIMTestServer

    /// Sends a request; `json` is sent verbatim; `token: nil` sends no Authorization header.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers: [String: String] = [:],
        token: String? = SCIMTestServer.token
    ) async throws -> SCIMReply {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil, headers["Content-Type"] == nil { fields[.contentType] = "application/scim+json; charset=utf-8" }
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
        }
        let body = json.map { ByteBuffer(string: $0) }
        let response = try await client.execute(uri: uri, method: method, headers: fields, body: body)
        return SCIMReply(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
    }

    func get(_ uri: String, headers: [String: String] = [:], token: String? = SCIMTestServer.token) async throws -> SCIMReply {
        try await send(.get, uri, headers: headers, token: token)
    }

    func post(_ uri: String, _ json: String, headers: [String: String] = [:]) async throws -> SCIMReply {
        try await send(.post, uri, json: json, headers: headers)
    }

    func put(_ uri: String, _ json: String, headers: [String: String] = [:]) async throws -> SCIMReply {
        try await send(.put, uri, json: json, headers: headers)
    }

    func patch(_ uri: String, _ json: String, headers: [String: String] = [:]) async throws -> SCIMReply {
        try await send(.patch, uri, json: json, headers: headers)
    }

    func delete(_ uri: String, headers: [String: String] = [:]) async throws -> SCIMReply {
        try await send(.delete, uri, headers: headers)
    }

    /// Creates a user and returns its id (expects 201).
    @discardableResult
    func createUser(_ userName: String, extra: String = "", sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let separator = extra.isEmpty ? "" : ", "
        let reply = try await post("/scim/v2/Users", """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "\(userName)"\(separator)\(extra)}
            """)
        #expect(reply.status == 201, "\(reply.body)", sourceLocation: sourceLocation)
        return try #require(reply["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// Creates a group and returns its id (expects 201).
    @discardableResult
    func createGroup(_ displayName: String, extra: String = "", sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let separator = extra.isEmpty ? "" : ", "
        let reply = try await post("/scim/v2/Groups", """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "\(displayName)"\(separator)\(extra)}
            """)
        #expect(reply.status == 201, "\(reply.body)", sourceLocation: sourceLocation)
        return try #require(reply["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// The ids of a group's members, read back with GET.
    func memberIDs(of group: String) async throws -> [String] {
        let reply = try await get("/scim/v2/Groups/\(group)")
        return (reply["members"]?.arrayValue ?? []).compactMap { lookUp($0, "value")?.stringValue }.sorted()
    }
}

/// A response as tests inspect it.
struct SCIMReply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: String

    var json: JSONValue? { try? JSONValue(parsing: body) }

    /// A top-level member of the JSON body.
    subscript(key: String) -> JSONValue? { json?.objectValue?[key] }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    var scimType: String? { self["scimType"]?.stringValue }
    var totalResults: Int? { self["totalResults"]?.numberValue?.int64Value.map(Int.init) }
    var resources: [JSONValue] { self["Resources"]?.arrayValue ?? [] }
    var resourceIDs: [String] { resources.compactMap { lookUp($0, "id")?.stringValue } }
}
