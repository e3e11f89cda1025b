import Projections
import SCIMAdapter
import Testing

/// `/Bulk` (RFC 7644 §3.7): bulkId references, failOnErrors, limits.
@Suite struct BulkEndpointTests {
    @Test func bulkIdReferencesResolveAcrossOperationsInAnyOrder() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"displayName": "Tour Guides", "members": [{"type": "User", "value": "bulkId:u1"}]}},
                  {"method": "POST", "path": "/Users", "bulkId": "u1", "data": {"userName": "Alice"}},
                  {"method": "PATCH", "path": "/Groups/bulkId:g", "data": {"Operations": [{"op": "add", "path": "members", "value": [{"value": "bulkId:u2"}]}]}},
                  {"method": "POST", "path": "/Users", "bulkId": "u2", "data": {"userName": "Bob"}}]}
                """)
            #expect(reply.status == 200)
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"])
            let operations = try #require(reply["Operations"]?.arrayValue)
            #expect(operations.map { lookUp($0, "status")?.stringValue } == ["201", "201", "200", "201"])
            #expect(operations.map { lookUp($0, "bulkId")?.stringValue } == ["g", "u1", nil, "u2"])
            let groupLocation = try #require(lookUp(operations[0], "location")?.stringValue)
            let group = try #require(groupLocation.split(separator: "/").last.map(String.init))
            #expect(lookUp(operations[0], "version") == "W/\"2\"")
            let alice = try #require(lookUp(operations[1], "location")?.stringValue?.split(separator: "/").last.map(String.init))
            let bob = try #require(lookUp(operations[3], "location")?.stringValue?.split(separator: "/").last.map(String.init))
            let entries = try await server.journalEntries()
            #expect(entries.count == 5, "each operation is journaled, and the bulk request")
            #expect(entries.last?.path == "/scim/v2/Bulk")
            #expect(try await client.memberIDs(of: group) == [alice, bob].sorted())
        }
    }

    @Test func failedOperationsAndFailOnErrors() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            try await client.createUser("taken")
            let reply = try await client.post("/scim/v2/Bulk", """
                {"failOnErrors": 2, "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "a", "data": {"userName": "taken"}},
                  {"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"displayName": "G", "members": [{"value": "bulkId:a"}]}},
                  {"method": "POST", "path": "/Users", "bulkId": "c", "data": {"userName": "never-run"}}]}
                """)
            #expect(reply.status == 200)
            let operations = try #require(reply["Operations"]?.arrayValue)
            #expect(operations.count == 2, "processing stops after failOnErrors failures")
            #expect(lookUp(operations[0], "status") == "409")
            #expect(lookUp(operations[0], "response", "scimType") == "uniqueness")
            #expect(lookUp(operations[1], "status") == "409")
            #expect(try await client.get("/scim/v2/Users?filter=userName+eq+%22never-run%22").totalResults == 0)
        }
    }

    @Test func unresolvableAndCircularReferencesAre409() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Bulk", """
                {"Operations": [
                  {"method": "POST", "path": "/Groups", "bulkId": "x", "data": {"displayName": "X", "members": [{"value": "bulkId:y"}]}},
                  {"method": "POST", "path": "/Groups", "bulkId": "y", "data": {"displayName": "Y", "members": [{"value": "bulkId:x"}]}},
                  {"method": "DELETE", "path": "/Users/bulkId:nothing"},
                  {"method": "POST", "path": "/Users", "bulkId": "ok", "data": {"userName": "fine"}}]}
                """)
            let operations = try #require(reply["Operations"]?.arrayValue)
            #expect(operations.map { lookUp($0, "status")?.stringValue } == ["409", "409", "409", "201"])
            #expect(server.eventCount == 1)
        }
    }

    @Test func versionIsTheOperationsIfMatch() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice")
            let reply = try await client.post("/scim/v2/Bulk", """
                {"Operations": [
                  {"method": "PATCH", "path": "/Users/\(id)", "version": "W/\\"9\\"", "data": {"Operations": [{"op": "replace", "path": "title", "value": "x"}]}},
                  {"method": "PUT", "path": "/Users/\(id)", "version": "W/\\"1\\"", "data": {"userName": "alice", "title": "y"}},
                  {"method": "DELETE", "path": "/Users/\(id)", "version": "W/\\"2\\""}]}
                """)
            let operations = try #require(reply["Operations"]?.arrayValue)
            #expect(operations.map { lookUp($0, "status")?.stringValue } == ["412", "200", "204"])
        }
    }

    @Test func tooManyOperationsOrBytesAre413() async throws {
        var configuration = SCIMConfiguration.testing
        configuration.bulkMaxOperations = 2
        configuration.bulkMaxPayloadBytes = 600
        let server = try SCIMTestServer(configuration: configuration)
        try await server.run { client in
            let operation = #"{"method": "POST", "path": "/Users", "data": {"userName": "u"}}"#
            let many = try await client.post("/scim/v2/Bulk", #"{"Operations": [\#(operation), \#(operation), \#(operation)]}"#)
            #expect(many.status == 413 && many["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            let big = try await client.post("/scim/v2/Bulk", #"{"Operations": [{"method": "POST", "path": "/Users", "data": {"userName": "\#(String(repeating: "u", count: 700))"}}]}"#)
            #expect(big.status == 413)
            #expect(server.eventCount == 0)
            let config = try await client.get("/scim/v2/ServiceProviderConfig")
            #expect(config["bulk"] == ["supported": true, "maxOperations": 2, "maxPayloadSize": 600])
        }
    }
}
