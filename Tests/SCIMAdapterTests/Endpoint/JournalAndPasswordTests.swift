import EventLog
import Projections
import SCIMAdapter
import Testing

/// The request journal and passwords: no-op PATCHes are journaled without events, every request
/// is journaled once, passwords are hashed and never stored, returned or journaled in clear.
@Suite struct JournalAndPasswordTests {
    @Test func aNoOpPatchAppendsNoEventButIsJournaled() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""active": true, "title": "CEO""#)
            let before = server.eventCount
            let journaled = try await server.journalEntries().count
            let reply = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Replace", "path": "title", "value": "CEO"}, {"op": "Replace", "path": "active", "value": "True"}]}
                """)
            #expect(reply.status == 200)
            #expect(reply.header("ETag") == "W/\"1\"", "the version did not change")
            #expect(server.eventCount == before)
            let entries = try await server.journalEntries()
            #expect(entries.count == journaled + 1)
            let entry = try #require(entries.last)
            #expect(entry.method == "PATCH" && entry.status == 200 && entry.positions.isEmpty)
            #expect(entry.resourceID == id && entry.resourceType == "User")
            #expect(entry.responseBody?.contains("\"title\":\"CEO\"") == true)
            #expect(entry.requestBody?.contains("Replace") == true)
        }
    }

    @Test func writesJournalTheirEventPositionsAndReadsTheirResults() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice")
            _ = try await client.get("/scim/v2/Users?filter=userName+eq+%22alice%22", headers: ["client-request-id": "entra-42"])
            let entries = try await server.journalEntries()
            #expect(entries.count == 2)
            #expect(entries[0].method == "POST" && entries[0].status == 201 && entries[0].positions == [Position(1)])
            #expect(entries[0].actor == "token:entra" && entries[0].tenant == "acme")
            #expect(entries[1].method == "GET" && entries[1].resultCount == 1 && entries[1].returnedIDs == [id])
            #expect(entries[1].clientRequestID == "entra-42")
            #expect(entries[1].path == "/scim/v2/Users?filter=userName+eq+%22alice%22")
            #expect(entries.allSatisfy { $0.headers["authorization"] == nil })
            let events = try server.events()
            #expect(events.first?.0.requestID == entries[0].requestID)
        }
    }

    @Test func passwordsAreHashedAndNeverStoredReturnedOrJournaledInClear() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let created = try await client.post("/scim/v2/Users", #"{"userName": "alice", "password": "Create-Secret-1"}"#)
            #expect(created.status == 201)
            #expect(created["password"] == nil)
            let id = try #require(created["id"]?.stringValue)
            let patched = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "replace", "path": "password", "value": "Patch-Secret-2"}]}"#)
            #expect(patched.status == 200 && !patched.body.contains("Secret"))
            _ = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "replace", "value": {"password": "Pathless-Secret-3"}}]}"#)
            _ = try await client.put("/scim/v2/Users/\(id)", #"{"userName": "alice", "PassWord": "Put-Secret-4"}"#)
            _ = try await client.post("/scim/v2/Users", #"{"userName": "broken", "password": "Bad-Json-Secret-5""#)
            let read = try await client.get("/scim/v2/Users/\(id)?attributes=password")
            #expect(read["password"] == nil)

            let events = try server.events()
            let hashes = events.compactMap { event -> String? in
                if case .userPasswordChanged(let hash) = event.1 { return hash }
                return nil
            }
            #expect(hashes.count == 4)
            let hasher = SCIMConfiguration.testing.passwordHashing
            for (hash, password) in zip(hashes, ["Create-Secret-1", "Patch-Secret-2", "Pathless-Secret-3", "Put-Secret-4"]) {
                #expect(hash.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
                #expect(hasher.verify(password, against: hash))
                #expect(!hasher.verify("wrong", against: hash))
            }
            for event in events {
                let payload = String(decoding: event.0.payload, as: UTF8.self)
                #expect(!payload.contains("Secret"), "\(event.1.type)")
            }
            for entry in try await server.journalEntries() {
                #expect(entry.requestBody?.contains("Secret") != true, "\(entry.method) \(entry.path)")
                #expect(entry.responseBody?.contains("Secret") != true)
            }
            let stored = try server.directory.projection.read { reader in try reader.resource(.user, tenant: "acme", id: id) }
            #expect(stored?.resource.value(caseInsensitiveKey: "password") == nil)
            let credential = try server.directory.projection.read { reader in try reader.passwordHash(user: id, tenant: "acme") }
            #expect(credential.map { hasher.verify("Put-Secret-4", against: $0) } == true)
        }
    }

    @Test func passwordsInQualifiedKeysAndBulkOperationsAreRedactedToo() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let created = try await client.post("/scim/v2/Users", """
                {"userName": "alice", "urn:ietf:params:scim:schemas:core:2.0:User:password": "Qualified-Secret-6"}
                """)
            #expect(created.status == 201)
            let bulk = try await client.post("/scim/v2/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "b", "data": {"userName": "bob", "password": "Bulk-Secret-7"}}]}
                """)
            #expect(bulk.status == 200)
            #expect(try server.events().filter { $0.1.type == "user.password.changed" }.count == 2)
            for entry in try await server.journalEntries() {
                #expect(entry.requestBody?.contains("Secret") != true, "\(entry.method) \(entry.path)")
                #expect(entry.requestBody?.contains("[redacted]") == true)
            }
        }
    }
}
