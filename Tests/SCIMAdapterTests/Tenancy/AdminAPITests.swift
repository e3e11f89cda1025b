import EventLog
import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// The admin API: minting, listing and revoking tokens, the tenant lifecycle, errors, actors.
@Suite struct AdminAPITests {
    @Test func mintListAndRevokeATokenShowingTheSecretOnce() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let minted = try await client.admin(
                .post, "/provisioning/token", json: #"{"tenant": "default", "name": "ci", "expiresIn": "10h"}"#, token: tokens.admin)
            #expect(minted.status == 201 && minted.header("Content-Type") == "application/json")
            let secret = try #require(minted["token"]?.stringValue)
            let id = try #require(minted["id"]?.stringValue)
            #expect(secret.hasPrefix("scim_\(id)_") && minted["scopes"] == ["provisioning"] && minted["status"] == "active")
            let expiresAt = try #require(minted["expiresAt"]?.stringValue.flatMap { Timestamp(iso8601: $0) })
            let tenHours = Timestamp.now().microseconds + 36_000_000_000
            #expect(abs(expiresAt.microseconds - tenHours) < 60_000_000, "10h from now")

            let listing = try await client.admin(.get, "/admin/tenants/default/tokens", token: tokens.admin)
            #expect(listing.status == 200)
            #expect(!listing.body.contains(String(secret.split(separator: "_", maxSplits: 2)[2])), "a listing never shows a secret")
            let names = (listing["tokens"]?.arrayValue ?? []).compactMap { lookUp($0, "name")?.stringValue }
            #expect(names.sorted() == ["admin", "ci", "entra"])
            let ci = try #require(listing["tokens"]?.arrayValue?.first { lookUp($0, "id")?.stringValue == id })
            #expect(lookUp(ci, "revoked") == false && lookUp(ci, "expiresAt")?.stringValue != nil && lookUp(ci, "lastUsed")?.isNull == true)

            #expect(try await client.admin(.delete, "/admin/tokens/\(id)", token: tokens.admin)["revoked"] == true)
            #expect(try await client.get("/scim/v2/Users", token: secret).status == 401)
            let again = try await client.admin(.delete, "/admin/tokens/\(id)", token: tokens.admin)
            #expect(again.status == 200, "revoking a revoked token changes nothing")
            let unknown = try await client.admin(.delete, "/admin/tokens/0123456789abcdef", token: tokens.admin)
            #expect(unknown.status == 404 && unknown["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])

            // Every change is an event whose actor is the admin token.
            let adminID = String(tokens.admin.split(separator: "_")[1])
            let changes = try server.allEvents().filter { $0.actor != "system:bootstrap" }
            #expect(changes.map(\.type) == ["token.issued", "token.revoked"])
            #expect(changes.allSatisfy { $0.actor == "token:\(adminID)" })
        }
    }

    @Test func disablingATenantRefusesItsTokensUntilItIsEnabled() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let created = try await client.admin(.post, "/admin/tenants", json: #"{"id": "acme", "name": "Acme Corp"}"#, token: tokens.admin)
            #expect(created.status == 201 && created["state"] == "active" && created["name"] == "Acme Corp")
            let minted = try await client.admin(.post, "/provisioning/token", json: #"{"tenant": "acme", "name": "entra"}"#, token: tokens.admin)
            let acme = try #require(minted["token"]?.stringValue)
            try await client.createUserWith(token: acme, "alice@acme.example")

            #expect(try await client.admin(.post, "/admin/tenants/acme/disable", token: tokens.admin)["state"] == "disabled")
            let refused = try await client.get("/scim/v2/Users", token: acme)
            try expectRefusal(refused, 401, detailContains: "disabled", secret: acme)
            let issue = try await client.admin(.post, "/provisioning/token", json: #"{"tenant": "acme", "name": "more"}"#, token: tokens.admin)
            #expect(issue.status == 409, "no token is issued for a disabled tenant")

            #expect(try await client.admin(.post, "/admin/tenants/acme/enable", token: tokens.admin)["state"] == "active")
            #expect(try await client.get("/scim/v2/Users", token: acme).totalResults == 1, "its data is intact")

            #expect(try await client.admin(.delete, "/admin/tenants/acme", token: tokens.admin).status == 409, "only a disabled tenant is deleted")
            _ = try await client.admin(.post, "/admin/tenants/acme/disable", token: tokens.admin)
            #expect(try await client.admin(.delete, "/admin/tenants/acme", token: tokens.admin)["state"] == "deleted")
            #expect(try await client.get("/scim/v2/Users", token: acme).status == 401)
            let listed = try await client.admin(.get, "/admin/tenants", token: tokens.admin)
            #expect((listed["tenants"]?.arrayValue ?? []).compactMap { lookUp($0, "id")?.stringValue } == ["default"])
            let all = try await client.admin(.get, "/admin/tenants?includeDeleted=true", token: tokens.admin)
            #expect((all["tenants"]?.arrayValue ?? []).count == 2)
            let reused = try await client.admin(.post, "/admin/tenants", json: #"{"id": "acme"}"#, token: tokens.admin)
            #expect(reused.status == 409 && reused.scimType == "uniqueness", "ids are never reused")
        }
    }

    @Test func anAdminTokenCannotLockItsOwnTenantOut() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let reply = try await client.admin(.post, "/admin/tenants/default/disable", token: tokens.admin)
            #expect(reply.status == 409 && reply["detail"]?.stringValue?.contains("its own tenant") == true)
            #expect(try await client.get("/scim/v2/Users", token: tokens.provisioning).status == 200)
        }
    }

    @Test(arguments: [
        ("/provisioning/token", "{", 400, "not valid JSON"),
        ("/provisioning/token", #"{"name": "x"}"#, 400, "\"tenant\" is required"),
        ("/provisioning/token", #"{"tenant": "default", "name": "x", "expiresIn": "ten hours"}"#, 400, "expiresIn"),
        ("/provisioning/token", #"{"tenant": "default", "name": "x", "expiresIn": -5}"#, 400, "expiresIn"),
        ("/provisioning/token", #"{"tenant": "default", "name": "x", "scopes": ["root"]}"#, 400, "Unknown scope"),
        ("/provisioning/token", #"{"tenant": "nope", "name": "x"}"#, 404, "No tenant"),
        ("/admin/tenants", #"{"id": "Not Valid"}"#, 400, "a-z"),
        ("/admin/tenants", #"[]"#, 400, "JSON object"),
    ] as [(String, String, Int, String)])
    func badRequestsGetAnActionableSCIMErrorAndChangeNothing(path: String, json: String, status: Int, detail: String) async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let before = server.directory.eventCount
            let reply = try await client.admin(.post, path, json: json, token: tokens.admin)
            #expect(reply.status == status, "\(reply.body)")
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(reply["detail"]?.stringValue?.contains(detail) == true, "\(reply.body)")
            #expect(server.directory.eventCount == before)
        }
    }

    @Test func unknownAdminRoutesAndMethodsAreSCIMErrors() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            #expect(try await client.admin(.get, "/admin/widgets", token: tokens.admin).status == 404)
            let wrong = try await client.admin(.get, "/provisioning/token", token: tokens.admin)
            #expect(wrong.status == 405 && wrong.header("Allow") == "POST")
            #expect(try await client.admin(.get, "/admin/tenants/nope/quarantine", token: tokens.admin).status == 404)
        }
    }
}

extension SCIMTestClient {
    /// Creates a user with `token` (expects 201).
    func createUserWith(token: String, _ userName: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await send(.post, "/scim/v2/Users", json: #"{"userName": "\#(userName)"}"#, token: token)
        #expect(reply.status == 201, "\(reply.body)", sourceLocation: sourceLocation)
    }
}
