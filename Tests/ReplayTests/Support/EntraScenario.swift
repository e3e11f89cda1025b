import EventLog
import Foundation
import Projections

#if canImport(Glibc)
import Glibc
#endif

/// A directory provisioned by Entra-shaped traffic, built once and shared by the tests.
///
/// The requests follow what Entra's provisioning service sends (entra-behaviour.md §1, §3.14):
/// the Test Connection probe, filter lookups before creates, POST, attribute PATCHes in the
/// `Replace` dialect, `active` as the string "False", group creation without members and member
/// add/remove PATCHes, a POST rejected with 409 for an existing userName, a lookup that missed and
/// created a duplicate, a perpetual update flip-flopping a title, no-op PATCHes re-sent every cycle,
/// PATCHes of a user that no longer exists failing every cycle, and a delete. A second tenant
/// holds a user with the same userName, which the default tenant must never see.
final class EntraScenario: Sendable {
    static let bjensen = "2819c223-7f76-453a-919d-413861904646"
    static let jsmith = "5171a35d-82bf-4b6b-a6ba-8fb0a1c4b21f"
    static let barbara = "9f3c1e2a-1b4c-4d5e-8f60-7a8b9c0d1e2f"
    static let amartin = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"
    static let gone = "00000000-dead-4bad-8bad-000000000000"
    static let sales = "e9e30dba-f08f-4109-8486-d5c6a331660a"
    static let engineering = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"

    let directory: RecordedDirectory
    /// Named points of the scenario: the position after a step.
    let marks: [String: Position]
    /// The live projection as it was at each mark (read from the server's tables then).
    let snapshots: [String: LiveSnapshot]

    var path: String { directory.path }

    private init(directory: RecordedDirectory, marks: [String: Position], snapshots: [String: LiveSnapshot]) {
        self.directory = directory
        self.marks = marks
        self.snapshots = snapshots
    }

    static func build() async throws -> EntraScenario {
        let d = try RecordedDirectory(path: SharedScenario.directoryForThisProcess())
        var marks: [String: Position] = [:]
        var snapshots: [String: LiveSnapshot] = [:]
        func mark(_ name: String) throws {
            marks[name] = d.store?.lastPosition ?? .start
            if let projection = d.projection { snapshots[name] = try LiveSnapshot(projection, tenant: "default") }
        }
        let users = "/scim/v2/Users"
        let groups = "/scim/v2/Groups"

        // Test Connection, then the first user.
        try await d.request("GET", users + "?filter=userName+eq+%22f3b9a1c2-7d44-4a5e-9c1b-2e8f0a6d4c3b%22", status: 200, resultCount: 0)
        try await d.request("GET", users + "?filter=userName+eq+%22bjensen%40contoso.com%22", status: 200, resultCount: 0)
        try await d.request(
            "POST", users, body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@contoso.com"}"#,
            status: 201, resource: (.user, bjensen),
            events: [.userCreated(resource: user("bjensen@contoso.com", externalId: "bjensen", displayName: "Barbara Jensen", emails: ["bjensen@contoso.com"]))])
        try await d.request("GET", users + "?filter=userName+eq+%22jsmith%40contoso.com%22", status: 200, resultCount: 0)
        try await d.request(
            "POST", users, body: #"{"userName":"jsmith@contoso.com"}"#, status: 201, resource: (.user, jsmith),
            events: [.userCreated(resource: user("jsmith@contoso.com", externalId: "jsmith", displayName: "John Smith", emails: ["jsmith@contoso.com"]))])
        try mark("two-users")

        try await d.request(
            "PATCH", users + "/" + bjensen,
            body: #"{"Operations":[{"op":"Replace","path":"title","value":"Sales Representative"},{"op":"Replace","path":"displayName","value":"Babs Jensen"}]}"#,
            status: 200, resource: (.user, bjensen),
            events: [.userChanged(changes: [
                AttributeChange(path: "title", old: nil, new: "Sales Representative"),
                AttributeChange(path: "displayName", old: "Barbara Jensen", new: "Babs Jensen"),
            ])])
        try await d.request(
            "POST", users, body: #"{"userName":"bjensen@contoso.com"}"#, status: 409, resource: (.user, bjensen),
            scimType: "uniqueness", detail: "userName bjensen@contoso.com is already taken")
        try await d.request("GET", groups + "?excludedAttributes=members&filter=displayName+eq+%22Sales%22", status: 200, resultCount: 0)
        try await d.request(
            "POST", groups, body: #"{"displayName":"Sales","externalId":"sales-objectid"}"#, status: 201, resource: (.group, sales),
            events: [.groupCreated(resource: group("Sales", externalId: "sales-objectid"))])
        try await d.request(
            "PATCH", groups + "/" + sales, body: #"{"Operations":[{"op":"Add","path":"members","value":[{"value":"2819c223"},{"value":"5171a35d"}]}]}"#,
            status: 204, resource: (.group, sales),
            events: [.membersAdded([MemberReference(value: bjensen), MemberReference(value: jsmith)])])
        try await d.request(
            "POST", groups, body: #"{"displayName":"Engineering"}"#, status: 201, resource: (.group, engineering),
            events: [.groupCreated(resource: group("Engineering", externalId: nil))])
        try await d.request(
            "PATCH", groups + "/" + engineering, body: #"{"Operations":[{"op":"Add","path":"members","value":[{"value":"5171a35d"}]}]}"#,
            status: 204, resource: (.group, engineering), events: [.membersAdded([MemberReference(value: jsmith, type: "User")])])
        try mark("groups")

        // A perpetual update: the title flips with every cycle (a normalising round-trip).
        var title: JSONValue? = nil
        for next in ["Engineer", "engineer", "Engineer", "engineer"] {
            try await d.request(
                "PATCH", users + "/" + jsmith, body: #"{"Operations":[{"op":"Replace","path":"title","value":"\#(next)"}]}"#,
                status: 200, resource: (.user, jsmith), events: [.userChanged(changes: [AttributeChange(path: "title", old: title, new: .string(next))])])
            title = .string(next)
        }
        try await d.request(
            "PATCH", users + "/" + bjensen, body: #"{"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#,
            status: 200, resource: (.user, bjensen), events: [.userDeactivated])
        try await d.request(
            "PATCH", groups + "/" + sales, body: #"{"Operations":[{"op":"Remove","path":"members","value":[{"value":"5171a35d"}]}]}"#,
            status: 204, resource: (.group, sales), events: [.membersRemoved(ids: [jsmith])])
        try mark("deactivated")

        // A lookup that missed (by externalId), and the duplicate it created.
        try await d.request("GET", users + "?filter=externalId+eq+%22bjensen%22", status: 200, resultCount: 0)
        try await d.request(
            "POST", users, body: #"{"userName":"Barbara.Jensen@contoso.com","externalId":"bjensen"}"#, status: 201, resource: (.user, barbara),
            events: [.userCreated(resource: user("Barbara.Jensen@contoso.com", externalId: "bjensen", displayName: "Barbara Jensen", emails: []))])
        // No-op PATCHes re-sent every cycle, and a user Entra still PATCHes after it was removed.
        for _ in 0..<3 {
            try await d.request(
                "PATCH", users + "/" + bjensen, body: #"{"Operations":[{"op":"Replace","path":"title","value":"Sales Representative"}]}"#,
                status: 200, resource: (.user, bjensen))
            try await d.request(
                "PATCH", users + "/" + gone, body: #"{"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#,
                status: 404, resource: (.user, gone), detail: "Resource 00000000-dead-4bad-8bad-000000000000 not found")
        }
        try await d.request(
            "POST", users, body: #"{"userName":"amartin@contoso.com"}"#, status: 201, resource: (.user, amartin),
            events: [.userCreated(resource: user("amartin@contoso.com", externalId: "amartin", displayName: "Ann Martin", emails: ["BJensen@Contoso.com"]))])
        try await d.request("DELETE", users + "/" + jsmith, status: 204, resource: (.user, jsmith), events: [.userDeleted])
        try await d.request(
            "PATCH", groups + "/" + sales, body: #"{"Operations":[{"op":"Replace","path":"displayName","value":"Sales EMEA"}]}"#,
            status: 204, resource: (.group, sales),
            events: [.groupChanged(changes: [AttributeChange(path: "displayName", old: "Sales", new: "Sales EMEA")])])
        try mark("end")

        // Another tenant, with the same userName: never visible from the default tenant.
        try await d.request(
            "POST", users, body: #"{"userName":"bjensen@contoso.com"}"#, status: 201, tenant: "globex", resource: (.user, "7d1e0c4b-globex"),
            events: [.userCreated(resource: user("bjensen@contoso.com", externalId: "bjensen", displayName: "B. Jensen (Globex)", emails: []))])
        return EntraScenario(directory: d, marks: marks, snapshots: snapshots)
    }

    /// Every time in the directory, for ``TimeNormaliser``.
    var times: [Timestamp] { directory.times }

    func position(_ mark: String) -> Position { marks[mark] ?? .start }
}

/// The scenario, built once for every test that only reads it.
///
/// A shared value is never deinitialised (the test process just exits), so its directory is named
/// after the process, and directories left by earlier test processes that are gone are removed.
actor SharedScenario {
    static let shared = SharedScenario()
    /// One build, awaited by every caller (the actor is reentrant: caching the result alone would
    /// let concurrent callers start builds of their own).
    private var building: Task<EntraScenario, any Error>?

    func get() async throws -> EntraScenario {
        let task = building ?? Task { try await EntraScenario.build() }
        building = task
        return try await task.value
    }

    /// `$TMPDIR/replay-tests-shared-<pid>`, after removing those of processes no longer running.
    static func directoryForThisProcess() -> String {
        let base = FileManager.default.temporaryDirectory
        let prefix = "replay-tests-shared-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
        }
        return base.appendingPathComponent(prefix + String(getpid())).path
    }
}

func user(_ userName: String, externalId: String?, displayName: String, emails: [String]) -> JSONObject {
    var object = JSONObject()
    object["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User"]
    object["userName"] = .string(userName)
    object["externalId"] = externalId.map(JSONValue.string)
    object["displayName"] = .string(displayName)
    if !emails.isEmpty {
        object["emails"] = .array(emails.map { ["value": .string($0), "type": "work", "primary": true] })
    }
    object["active"] = true
    return object
}

func group(_ name: String, externalId: String?) -> JSONObject {
    var object = JSONObject()
    object["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:Group"]
    object["displayName"] = .string(name)
    object["externalId"] = externalId.map(JSONValue.string)
    return object
}
