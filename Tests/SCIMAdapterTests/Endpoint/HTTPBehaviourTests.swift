import Foundation
import HTTPTypes
import HummingbirdTesting
import Projections
import SCIMAdapter
import Testing

/// Authentication and tenants, base paths, ETags and conditional requests, body limits, methods.
@Suite struct HTTPBehaviourTests {
    @Test(arguments: [nil, "wrong-token", ""] as [String?])
    func aMissingOrWrongTokenIs401WithWWWAuthenticate(token: String?) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.get("/scim/v2/Users", token: token)
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(reply.header("Content-Type") == "application/scim+json")
            let entries = try await server.journalEntries()
            #expect(entries.map(\.status) == [401])
            #expect(entries.first?.actor == "anonymous")
        }
    }

    @Test func aBasicCredentialIsNotABearerToken() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.send(.get, "/scim/v2/Users", headers: ["Authorization": "Basic \(SCIMTestServer.token)"], token: nil)
            #expect(reply.status == 401)
            let lowercase = try await client.send(.get, "/scim/v2/Users", headers: ["Authorization": "bearer \(SCIMTestServer.token)"], token: nil)
            #expect(lowercase.status == 200)
        }
    }

    @Test func tenantsAreIsolatedAndTenantPathsCheckTheToken() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("same-name")
            let other = try await client.send(.post, "/scim/v2/Users", json: #"{"userName": "same-name"}"#, token: SCIMTestServer.otherToken)
            #expect(other.status == 201, "userName uniqueness is per tenant")
            let otherID = try #require(other["id"]?.stringValue)
            #expect(try await client.get("/scim/v2/Users/\(otherID)").status == 404, "acme cannot read globex's user")
            #expect(try await client.get("/scim/v2/Users").resourceIDs == [id])
            let viaPath = try await client.get("/tenants/acme/scim/v2/Users/\(id)")
            #expect(viaPath.status == 200)
            #expect(lookUp(viaPath.json, "meta", "location")?.stringValue == "http://localhost/tenants/acme/scim/v2/Users/\(id)")
            let wrongTenant = try await client.get("/tenants/globex/scim/v2/Users")
            #expect(wrongTenant.status == 403)
            #expect(try await client.get("/tenants/globex/scim/v2/Users", token: SCIMTestServer.otherToken).resourceIDs == [otherID])
        }
    }

    @Test(arguments: ["/scim/v2/Users/", "/scim/Users", "/scim/v2//Users", "/scim/v2/users", "/scim/v2/Users/?aadOptscim062020"])
    func basePathSpellings(uri: String) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            try await client.createUser("alice")
            let reply = try await client.get(uri)
            #expect(reply.status == 200)
            #expect(reply.totalResults == 1)
        }
    }

    @Test func etagsAndConditionalRequests() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice")
            let read = try await client.get("/scim/v2/Users/\(id)")
            #expect(read.header("ETag") == "W/\"1\"")
            #expect(try await client.get("/scim/v2/Users/\(id)", headers: ["If-None-Match": "W/\"1\""]).status == 304)
            #expect(try await client.get("/scim/v2/Users/\(id)", headers: ["If-None-Match": "W/\"0\""]).status == 200)
            let body = #"{"Operations": [{"op": "replace", "path": "title", "value": "CEO"}]}"#
            let stale = try await client.patch("/scim/v2/Users/\(id)", body, headers: ["If-Match": "W/\"7\""])
            #expect(stale.status == 412)
            #expect(server.eventCount == 1)
            let fresh = try await client.patch("/scim/v2/Users/\(id)", body, headers: ["If-Match": "W/\"1\""])
            #expect(fresh.status == 200 && fresh.header("ETag") == "W/\"2\"" && lookUp(fresh.json, "meta", "version") == "W/\"2\"")
            #expect(try await client.patch("/scim/v2/Users/\(id)", body, headers: ["If-Match": "*"]).status == 200)
            #expect(try await client.delete("/scim/v2/Users/\(id)", headers: ["If-Match": "\"1\""]).status == 412)
            #expect(try await client.put("/scim/v2/Users/\(id)", #"{"userName": "alice"}"#, headers: ["If-None-Match": "*"]).status == 412)
            #expect(try await client.delete("/scim/v2/Users/\(id)", headers: ["If-Match": "W/\"2\""]).status == 204)
        }
    }

    @Test func aBodyOverTheLimitIs413AndChangesNothing() async throws {
        var configuration = SCIMConfiguration.testing
        configuration.maxRequestBodyBytes = 1024
        let server = try SCIMTestServer(configuration: configuration)
        try await server.run { client in
            let big = #"{"userName": "alice", "title": "\#(String(repeating: "x", count: 2000))"}"#
            let reply = try await client.post("/scim/v2/Users", big)
            #expect(reply.status == 413)
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(server.eventCount == 0)
            #expect(try await server.journalEntries().map(\.status) == [413])
        }
    }

    @Test func unknownMethodsAre405WithAllow() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.send(.put, "/scim/v2/Users", json: "{}")
            #expect(reply.status == 405)
            #expect(reply.header("Allow") == "GET, POST")
        }
    }

    @Test func putReplacesTheResourceAndGroupMembers() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("OMalley", extra: #""title": "Site engineer", "active": true"#)
            let reply = try await client.put("/scim/v2/Users/\(id)", """
                {"id": "\(id)", "userName": "OMalley", "active": false, "adreses": [{"country": "Germany"}],
                 "addresses": [{"type": "work", "country": "Germany"}]}
                """)
            #expect(reply.status == 200)
            #expect(reply["title"] == nil && reply["active"] == false && reply.body.contains("Germany") && !reply.body.contains("adreses"))
            let types = try server.events().map(\.1.type)
            #expect(types == ["user.created", "user.replaced", "user.deactivated"])
            let a = try await client.createUser("a")
            let b = try await client.createUser("b")
            let group = try await client.createGroup("g", extra: #""members": [{"value": "\#(a)"}]"#)
            let replaced = try await client.put("/scim/v2/Groups/\(group)", #"{"displayName": "putName", "members": [{"value": "\#(b)", "display": "B"}]}"#)
            #expect(replaced.status == 200 && replaced["displayName"] == "putName")
            #expect(try await client.memberIDs(of: group) == [b])
            _ = try await client.put("/scim/v2/Groups/\(group)", #"{"displayName": "putName"}"#)
            #expect(try await client.memberIDs(of: group).isEmpty, "PUT without members leaves none (RFC 7644 §3.5.1)")
        }
    }

    @Test func theLiveServerAnswersOverRealSockets() async throws {
        let server = try SCIMTestServer()
        try await server.run(.live) { client in
            let probe = try await client.send(.get, "/scim/v2/Users?filter=userName+eq+%22\(UUID().uuidString)%22")
            #expect(probe.status == 200 && probe.totalResults == 0)
            let created = try await client.post("/scim/v2/Users", #"{"userName": "live"}"#)
            #expect(created.status == 201)
            #expect(created.header("Location")?.hasSuffix("/scim/v2/Users/\(created["id"]?.stringValue ?? "")") == true)
        }
    }
}
