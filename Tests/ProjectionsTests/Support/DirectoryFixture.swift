import EventLog
import Foundation
import Projections

/// A log with the directory projection and the journal, in a temporary directory.
final class DirectoryFixture: Sendable {
    let path: String
    let environment: LMDBEnvironment
    let projection: DirectoryProjection
    let journal: RequestJournal
    let store: EventStore

    init(path: String? = nil, codeVersion: Int = DirectoryProjection.currentVersion, mapSize: Int = 512 << 20) throws {
        let path = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("projections-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
        environment = try LMDBEnvironment(path: path, configuration: .init(mapSize: mapSize))
        projection = try DirectoryProjection(environment: environment, codeVersion: codeVersion)
        journal = try RequestJournal(environment: environment)
        store = try EventStore(environment: environment, projections: [projection])
    }

    func remove() {
        store.shutdown()
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func record(_ events: [DirectoryEvent], tenant: String = "acme", id: String, requestID: String = "req") async throws -> [RecordedEvent] {
        try await store.append(
            events.map { $0.proposed(tenant: tenant, id: id) },
            metadata: CommandMetadata(actor: "token:entra", requestID: requestID, correlationID: "client-\(requestID)"))
    }
}

func user(_ userName: String, externalId: String? = nil, emails: [String] = [], active: Bool = true) -> JSONObject {
    var object = JSONObject()
    object["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User"]
    object["userName"] = .string(userName)
    object["externalId"] = externalId.map(JSONValue.string)
    if !emails.isEmpty {
        object["emails"] = .array(emails.map { .object(JSONObject([.init(key: "value", value: .string($0)), .init(key: "type", value: "work")])) })
    }
    object["active"] = .bool(active)
    return object
}

func group(_ name: String) -> JSONObject {
    var object = JSONObject()
    object["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:Group"]
    object["displayName"] = .string(name)
    return object
}
