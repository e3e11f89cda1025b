import EventLog
import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// Each tenant is its own directory over HTTP: its own ids, userName uniqueness, queries and history.
@Suite struct TenantIsolationTests {
    @Test func theSameUserNameInTwoTenantsNeverCrosses() async throws {
        let server = try SCIMTestServer()
        try await server.runWithTenancy { client, tokens in
            #expect(try await client.admin(.post, "/admin/tenants", json: #"{"id": "globex", "name": "Globex"}"#, token: tokens.admin).status == 201)
            let minted = try await client.admin(.post, "/provisioning/token", json: #"{"tenant": "globex", "name": "entra"}"#, token: tokens.admin)
            let globex = try #require(minted["token"]?.stringValue)
            let body = #"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen@example.com", "title": "%@"}"#
            let inDefault = try await client.send(.post, "/scim/v2/Users", json: body.replacingOccurrences(of: "%@", with: "default"), token: tokens.provisioning)
            let inGlobex = try await client.send(.post, "/scim/v2/Users", json: body.replacingOccurrences(of: "%@", with: "globex"), token: globex)
            #expect(inDefault.status == 201 && inGlobex.status == 201, "userName uniqueness is per tenant")
            let defaultID = try #require(inDefault["id"]?.stringValue)
            let globexID = try #require(inGlobex["id"]?.stringValue)
            #expect(defaultID != globexID)

            // Queries: each tenant sees only its own user, by filter, by list and by id.
            let filter = "/scim/v2/Users?filter=userName+eq+%22bjensen@example.com%22"
            let fromDefault = try await client.get(filter, token: tokens.provisioning)
            let fromGlobex = try await client.get("/tenants/globex" + filter, token: globex)
            #expect(fromDefault.resourceIDs == [defaultID] && fromGlobex.resourceIDs == [globexID])
            #expect(lookUp(fromGlobex.json, "Resources", 0, "title") == "globex")
            #expect(try await client.get("/scim/v2/Users/\(globexID)", token: tokens.provisioning).status == 404)
            #expect(try await client.get("/scim/v2/Users/\(defaultID)", token: globex).status == 404)
            #expect(try await client.send(.delete, "/scim/v2/Users/\(globexID)", token: tokens.provisioning).status == 404)
            #expect(try await client.get("/scim/v2/Users", token: globex).resourceIDs == [globexID])

            // History: the events and journal entries of one tenant never name the other's user.
            let events = try server.allEvents().filter { $0.stream.type == "User" }
            #expect(events.filter { $0.stream.tenant == "default" }.map(\.stream.id) == [defaultID])
            #expect(events.filter { $0.stream.tenant == "globex" }.map(\.stream.id) == [globexID])
            let entries = try await server.journalEntries()
            let globexEntries = entries.filter { $0.tenant == "globex" }
            let defaultEntries = entries.filter { $0.tenant == "default" }
            #expect(globexEntries.count == 4 && defaultEntries.count == 4, "each request journaled under its token's tenant")
            #expect(!globexEntries.contains { $0.status < 400 && ($0.resourceID == defaultID || $0.returnedIDs.contains(defaultID)) })
            #expect(!defaultEntries.contains { $0.status < 400 && ($0.resourceID == globexID || $0.returnedIDs.contains(globexID)) })
        }
    }
}
