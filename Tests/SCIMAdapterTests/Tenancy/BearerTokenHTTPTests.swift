import EventLog
import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// The server's bearer check over HTTP: refusals are 401 with `WWW-Authenticate: Bearer` and a
/// SCIM Error body, never echo the token, change nothing, and are journaled under the right tenant.
@Suite struct BearerTokenHTTPTests {
    @Test func anExpiredTokenIsRefusedAndJournaledUnderItsTenant() async throws {
        let server = try SCIMTestServer()
        let clock = TestClock()
        try await server.runWithTenancy(clock: { clock.now }) { client, tokens in
            let minted = try await client.admin(
                .post, "/provisioning/token", json: #"{"tenant": "default", "name": "ten-hours", "expiresIn": "10h"}"#, token: tokens.admin)
            let secret = try #require(minted["token"]?.stringValue)
            let id = try #require(minted["id"]?.stringValue)
            #expect(try await client.get("/scim/v2/Users", token: secret).status == 200)
            clock.advance(seconds: 10 * 3600)
            let before = server.directory.eventCount
            let reply = try await client.send(.post, "/scim/v2/Users", json: #"{"userName": "late@example.com"}"#, token: secret)
            try expectRefusal(reply, 401, detailContains: "expired", secret: secret)
            #expect(server.directory.eventCount == before, "a refused request appends nothing")
            let refused = try await server.journalEntries().last
            #expect(refused?.status == 401 && refused?.tenant == "default" && refused?.actor == "token:\(id)")
            #expect(refused?.detail?.contains(secret) == false)
        }
    }

    @Test func aRevokedTokenIsRefusedFromTheMomentItIsRevoked() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let minted = try await client.admin(.post, "/provisioning/token", json: #"{"tenant": "default", "name": "old"}"#, token: tokens.admin)
            let secret = try #require(minted["token"]?.stringValue)
            let id = try #require(minted["id"]?.stringValue)
            #expect(try await client.get("/scim/v2/Users", token: secret).status == 200)
            let revoked = try await client.admin(.delete, "/admin/tokens/\(id)?reason=rotated", token: tokens.admin)
            #expect(revoked.status == 200 && revoked["revoked"] == true && revoked["status"] == "revoked")
            let reply = try await client.get("/tenants/default/scim/v2/Users", token: secret)
            try expectRefusal(reply, 401, detailContains: "revoked", secret: secret)
            let refused = try await server.journalEntries().last
            #expect(refused?.status == 401 && refused?.tenant == "default" && refused?.actor == "token:\(id)")
            #expect(try await client.get("/scim/v2/Users", token: tokens.provisioning).status == 200, "other tokens keep working")
        }
    }

    @Test(arguments: [
        (nil, "Authentication required"), ("", "Authentication required"), ("not-a-token-at-all-but-long", "not valid"),
        ("scim_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not valid"),
    ] as [(String?, String)])
    func missingMalformedAndUnknownTokensAreRefusedAlike(token: String?, detail: String) async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, _ in
            let reply = try await client.get("/tenants/acme/scim/v2/Users", token: token)
            try expectRefusal(reply, 401, detailContains: detail, secret: token)
            let refused = try await server.journalEntries().last
            #expect(refused?.status == 401 && refused?.tenant == "acme" && refused?.actor == "anonymous", "unknown token: the path's tenant")
            let bare = try await client.get("/scim/v2/Users", token: token)
            #expect(bare.status == 401)
            #expect(try await server.journalEntries().last?.tenant == "", "no tenant known at all")
        }
    }

    @Test func aWrongSecretForAKnownTokenIdIsRefusedWithoutTellingItsState() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let id = String(tokens.provisioning.split(separator: "_")[1])
            let forged = "scim_\(id)_" + String(repeating: "A", count: 43)
            let reply = try await client.get("/scim/v2/Users", token: forged)
            try expectRefusal(reply, 401, detailContains: "not valid", secret: forged)
            let refused = try await server.journalEntries().last
            #expect(refused?.tenant == "default" && refused?.actor == "token:\(id)", "counted against the tenant the id names")
        }
    }

    @Test func aTokenOfOneTenantUnderAnotherTenantsURLIsRefused() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            #expect(try await client.admin(.post, "/admin/tenants", json: #"{"id": "globex"}"#, token: tokens.admin).status == 201)
            let reply = try await client.send(.post, "/tenants/globex/scim/v2/Users", json: #"{"userName": "x@globex.example"}"#, token: tokens.provisioning)
            #expect(reply.status == 403)
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(reply["detail"]?.stringValue?.contains("belongs to tenant \"default\"") == true)
            #expect(try await client.get("/tenants/globex/scim/v2/Users?filter=userName+eq+%22x@globex.example%22", token: tokens.provisioning).status == 403)
            let entries = try await server.journalEntries()
            #expect(entries.suffix(2).allSatisfy { $0.status == 403 && $0.tenant == "default" }, "journaled under the token's tenant")
            #expect(try server.allEvents().allSatisfy { $0.stream.tenant != "globex" || $0.stream.type == "Tenant" }, "nothing written to globex")
        }
    }

    @Test func scopesSeparateTheSCIMEndpointFromTheAdminAPI() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let scim = try await client.get("/scim/v2/Users", token: tokens.admin)
            #expect(scim.status == 403 && scim["detail"]?.stringValue?.contains("scope provisioning") == true)
            let admin = try await client.admin(.get, "/admin/tenants", token: tokens.provisioning)
            #expect(admin.status == 403 && admin["detail"]?.stringValue?.contains("scope admin") == true)
            #expect(admin.header("Content-Type") == "application/json")
            let none = try await client.admin(.get, "/admin/tenants", token: "")
            #expect(none.status == 401 && none.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let both = try await client.admin(
                .post, "/provisioning/token", json: #"{"tenant": "default", "name": "ops", "scopes": ["admin", "provisioning"]}"#, token: tokens.admin)
            let secret = try #require(both["token"]?.stringValue)
            #expect(try await client.get("/scim/v2/Users", token: secret).status == 200)
            #expect(try await client.admin(.get, "/admin/tenants", token: secret).status == 200)
        }
    }

    @Test func aSuccessfulRequestIsNotedAsTheTokensLastUse() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            let before = try await client.admin(.get, "/admin/tenants/default/tokens", token: tokens.admin)
            let entra = try #require(before["tokens"]?.arrayValue?.first { lookUp($0, "name") == "entra" })
            #expect(lookUp(entra, "lastUsed")?.isNull == true)
            #expect(try await client.get("/scim/v2/Users", token: tokens.provisioning).status == 200)
            try await server.drain()
            let after = try await client.admin(.get, "/admin/tenants/default/tokens", token: tokens.admin)
            let used = try #require(after["tokens"]?.arrayValue?.first { lookUp($0, "name") == "entra" })
            #expect(lookUp(used, "lastUsed")?.stringValue != nil)
        }
    }
}

/// Checks a 401 or 403 refusal: SCIM Error body, `WWW-Authenticate` on 401, a detail that says
/// `detailContains` and does not contain the token.
func expectRefusal(
    _ reply: SCIMReply, _ status: Int, detailContains: String, secret: String?, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(reply.status == status, "\(reply.body)", sourceLocation: sourceLocation)
    if status == 401 {
        #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, sourceLocation: sourceLocation)
    }
    #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"], sourceLocation: sourceLocation)
    #expect(reply["status"] == JSONValue.string(String(status)), sourceLocation: sourceLocation)
    let detail = try #require(reply["detail"]?.stringValue, sourceLocation: sourceLocation)
    #expect(detail.contains(detailContains), "\(detail)", sourceLocation: sourceLocation)
    if let secret, !secret.isEmpty {
        #expect(!reply.body.contains(secret), "the token is never echoed", sourceLocation: sourceLocation)
    }
}
