import EventLog
import Foundation
import Projections

#if canImport(Glibc)
import Glibc
#endif

/// A data directory written by the real `scim-server`, driven over HTTP with Entra's request
/// catalogue (entra-behaviour.md §1, §2, §3.7, §3.14), built once per test process.
///
/// The server runs with a tenant policy (`requiredAttributes: name.familyName`) so that one POST is
/// rejected by policy (400), as a misconfigured mapping would be; another is rejected as a duplicate
/// (409). Requests, in order: the Test Connection probe; lookup, create and GET of bjensen (the GET
/// is what `state --at` must reproduce); lookup and create of jsmith (the ``windowStart`` mark);
/// PATCH replace in the default dialect (`Replace`, filtered email path) and in the
/// `aadOptscim062020` dialect (path-less `replace` with dotted keys); deactivate with `"False"`;
/// group lookup, create and add members; the duplicate POST (409); the POST without a family name
/// (400); a member removal in the flag's dialect; a GET of bjensen after all that.
final class ServerScenario: Sendable {
    static let token = "replay-tests-secret-token"
    static let strictPolicy = #"{"default": {"requiredAttributes": ["name.familyName"]}}"#
    static let probe = "7d420df3-9995-4831-a406-ecf8166f5f6a"

    let path: String
    let policyFile: String
    /// The tenant and actor the server recorded (read from the journal, not assumed).
    let tenant: String
    let actor: String
    let bjensen: String
    let jsmith: String
    let sales: String
    /// What `GET /Users/{bjensen}` answered right after the create, and a time just after that answer.
    let firstGet: JSONValue
    let afterFirstGet: Timestamp
    /// A time after the two creates and before everything else.
    let windowStart: Timestamp
    /// A time after the last request.
    let end: Timestamp

    private init(
        path: String, policyFile: String, tenant: String, actor: String, ids: [String], firstGet: JSONValue, marks: [Timestamp]
    ) {
        self.path = path
        self.policyFile = policyFile
        self.tenant = tenant
        self.actor = actor
        (bjensen, jsmith, sales) = (ids[0], ids[1], ids[2])
        self.firstGet = firstGet
        (afterFirstGet, windowStart, end) = (marks[0], marks[1], marks[2])
    }

    static func build(base: String) async throws -> ServerScenario {
        let path = base + "/data"
        let policyFile = base + "/policy.json"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try strictPolicy.write(toFile: policyFile, atomically: true, encoding: .utf8)
        let server = try await LiveServer(dataDirectory: path, token: token, policyFile: policyFile)
        defer { server.stop() }
        var number = 0
        func send(_ method: String, _ target: String, _ body: String? = nil, expect status: Int) async throws -> LiveServer.Response {
            number += 1
            usleep(3_000)
            let response = try await server.send(method, target, body: body, clientRequestID: String(format: "entra-%04d", number))
            guard response.status == status else {
                throw ServerFailure(description: "\(method) \(target) answered \(response.status), expected \(status): \(response.body)")
            }
            usleep(3_000)
            return response
        }
        func id(_ response: LiveServer.Response) throws -> String {
            guard let id = response.json?["id"] as? String else { throw ServerFailure(description: "no id in \(response.body)") }
            return id
        }
        let users = "/scim/v2/Users"
        let groups = "/scim/v2/Groups"

        _ = try await send("GET", users + "?filter=userName+eq+%22\(probe)%22", expect: 200)
        _ = try await send("GET", users + "?filter=userName+eq+%22bjensen%40contoso.com%22", expect: 200)
        let bjensen = try id(try await send("POST", users, createBody("bjensen@contoso.com", "bjensen", "Barbara", "Jensen"), expect: 201))
        let firstGet = try JSONValue(parsing: Array(try await send("GET", users + "/" + bjensen, expect: 200).body.utf8))
        let afterFirstGet = Timestamp.now()
        _ = try await send("GET", users + "?filter=userName+eq+%22jsmith%40contoso.com%22", expect: 200)
        let jsmith = try id(try await send("POST", users, createBody("jsmith@contoso.com", "jsmith", "John", "Smith"), expect: 201))
        let windowStart = Timestamp.now()

        _ = try await send(
            "PATCH", users + "/" + bjensen,
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"Babs Jensen"},{"op":"Replace","path":"emails[type eq \"work\"].value","value":"babs@contoso.com"}]}"#,
            expect: 200)
        _ = try await send(
            "PATCH", users + "/" + jsmith,
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"displayName":"Johnny Smith","name.givenName":"Johnny","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales"}}]}"#,
            expect: 200)
        _ = try await send(
            "PATCH", users + "/" + bjensen,
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#,
            expect: 200)
        _ = try await send("GET", groups + "?excludedAttributes=members&filter=displayName+eq+%22Sales%22", expect: 200)
        let sales = try id(try await send(
            "POST", groups,
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Sales","meta":{"resourceType":"Group"}}"#,
            expect: 201))
        _ = try await send(
            "PATCH", groups + "/" + sales,
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"\#(bjensen)"},{"$ref":null,"value":"\#(jsmith)"}]}]}"#,
            expect: 200)
        _ = try await send("POST", users, createBody("bjensen@contoso.com", "bjensen", "Barbara", "Jensen"), expect: 409)
        _ = try await send(
            "POST", users,
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"nofamily","userName":"nofamily@contoso.com","active":true,"displayName":"No Family"}"#,
            expect: 400)
        _ = try await send(
            "PATCH", groups + "/" + sales,
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"\#(jsmith)\"]"}]}"#,
            expect: 200)
        _ = try await send("GET", users + "/" + bjensen, expect: 200)
        let end = Timestamp.now()
        server.stop()

        let journal = try replay(["journal", "--all-tenants", "--json", "--data-dir", path])
        guard journal.status == 0, let first = try JSONValue(parsing: journal.stdout).arrayValue?.first?.objectValue,
            let tenant = first["tenant"]?.stringValue, let actor = first["actor"]?.stringValue
        else { throw ServerFailure(description: "the journal could not be read: \(journal.stderr)") }
        return ServerScenario(
            path: path, policyFile: policyFile, tenant: tenant, actor: actor, ids: [bjensen, jsmith, sales], firstGet: firstGet,
            marks: [afterFirstGet, windowStart, end])
    }

    /// Entra's create body (§1.1 Create User), with the enterprise URN and client-sent `meta`.
    static func createBody(_ userName: String, _ externalId: String, _ given: String, _ family: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"externalId":"\#(externalId)","userName":"\#(userName)","active":true,"emails":[{"primary":true,"type":"work","value":"\#(userName)"}],"meta":{"resourceType":"User"},"name":{"formatted":"\#(given) \#(family)","familyName":"\#(family)","givenName":"\#(given)"},"roles":[]}"#
    }

    /// The arguments every command needs: the data directory and the recorded tenant.
    var target: [String] { ["--data-dir", path, "--tenant", tenant] }

    /// Normalises the human output of a command on this directory for golden files: known ids by
    /// name, other ids (request ids, ids made by a replay) by order of appearance, times, the tenant
    /// and actor names, and runs of spaces (column widths depend on them) collapsed to two.
    func normalise(_ text: String) -> String {
        var names = [bjensen: "<bjensen>", jsmith: "<jsmith>", sales: "<sales>"]
        var result = text.replacing(#/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/#) { match in
            let id = String(match.output)
            if let name = names[id] { return name }
            let name = "<id-\(names.count - 2)>"
            names[id] = name
            return name
        }
        result = result.replacing(#/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/#, with: "<time>")
        result = result.replacing(actor, with: "<actor>")
        result = result.replacing("tenant \(tenant)", with: "tenant <tenant>")
        result = result.replacing(#/ {2,}/#, with: "  ")
        return result
    }
}

/// The server scenario, built once for every test that reads it.
actor SharedServerScenario {
    static let shared = SharedServerScenario()
    private var building: Task<ServerScenario, any Error>?

    func get() async throws -> ServerScenario {
        let task = building ?? Task {
            let temporary = FileManager.default.temporaryDirectory
            let prefix = "replay-tests-server-"
            // Directories of earlier test processes that are gone.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
                guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
            let base = temporary.appendingPathComponent(prefix + String(getpid())).path
            try? FileManager.default.removeItem(atPath: base)
            return try await ServerScenario.build(base: base)
        }
        building = task
        return try await task.value
    }
}
