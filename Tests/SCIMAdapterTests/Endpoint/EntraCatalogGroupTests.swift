import EventLog
import Projections
import SCIMAdapter
import Testing

/// Microsoft's documented group request catalogue (entra-behaviour.md §1.2), in both dialects,
/// with the state read back with GET.
@Suite struct EntraCatalogGroupTests {
    static let createBody = """
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "displayName",
            "meta": {
                "resourceType": "Group"
            }
        }
        """

    @Test func createGroupWithTheADSCIMSchemaIsCreatedEmpty() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Groups", Self.createBody)
            #expect(reply.status == 201)
            #expect(reply["displayName"] == "displayName")
            #expect(reply["externalId"] == "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159")
            #expect(reply["members"] == nil)
            #expect(lookUp(reply.json, "meta", "resourceType") == "Group")
            let id = try #require(reply["id"]?.stringValue)
            #expect(reply.header("Location") == "http://localhost/scim/v2/Groups/\(id)")
        }
    }

    @Test func getGroupWithExcludedMembersOmitsTheKey() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try #require(try await client.post("/scim/v2/Groups", Self.createBody)["id"]?.stringValue)
            let user = try await client.createUser("member")
            _ = try await client.patch("/scim/v2/Groups/\(group)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "\(user)"}]}]}
                """)
            let full = try await client.get("/scim/v2/Groups/\(group)")
            #expect(lookUp(full.json, "members", 0, "value")?.stringValue == user)
            let reply = try await client.get("/scim/v2/Groups/\(group)?excludedAttributes=members")
            #expect(reply.status == 200)
            #expect(reply["members"] == nil)
            #expect(reply.json?.objectValue?.keys.contains("members") == false)
            #expect(reply["displayName"] == "displayName")
        }
    }

    @Test func getGroupByDisplayNameWithExcludedMembersFirst() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try #require(try await client.post("/scim/v2/Groups", Self.createBody)["id"]?.stringValue)
            let user = try await client.createUser("member")
            _ = try await client.patch("/scim/v2/Groups/\(group)", """
                {"Operations": [{"op": "add", "path": "members", "value": [{"value": "\(user)"}]}]}
                """)
            try await client.createGroup("another")
            let reply = try await client.get("/scim/v2/Groups?excludedAttributes=members&filter=displayName+eq+%22DISPLAYNAME%22")
            #expect(reply.status == 200)
            #expect(reply.resourceIDs == [group])
            #expect(lookUp(reply.resources.first, "members") == nil)
            let none = try await client.get("/scim/v2/Groups?excludedAttributes=members&filter=displayName+eq+%22nothing%22")
            #expect(none.status == 200 && none.totalResults == 0)
        }
    }

    @Test(arguments: [EntraDialect.default, .compliant])
    func updateGroupDisplayNameAndExternalId(dialect: EntraDialect) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try #require(try await client.post("/scim/v2/Groups", Self.createBody)["id"]?.stringValue)
            let reply = try await client.patch("/scim/v2/Groups/\(group)?excludedAttributes=members", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                    {"op": "\(dialect.replace)", "path": "displayName", "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"},
                    {"op": "\(dialect.add)", "path": "externalId", "value": "new-external-id"}]}
                """)
            #expect(reply.status == 200)
            #expect(reply["displayName"] == "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName")
            let read = try await client.get("/scim/v2/Groups/\(group)")
            #expect(read["displayName"] == "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName")
            #expect(read["externalId"] == "new-external-id")
            let byName = try await client.get("/scim/v2/Groups?filter=displayName+eq+%221879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName%22")
            #expect(byName.resourceIDs == [group])
        }
    }

    @Test(arguments: [EntraDialect.default, .compliant])
    func addAndRemoveMembersInBothDialects(dialect: EntraDialect) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try #require(try await client.post("/scim/v2/Groups", Self.createBody)["id"]?.stringValue)
            let alice = try await client.createUser("alice")
            let bob = try await client.createUser("bob")
            let carol = try await client.createUser("carol")
            let add = try await client.patch("/scim/v2/Groups/\(group)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "\(dialect.add)", "path": "members",
                 "value": [{"$ref": null, "value": "\(alice)"}, {"$ref": null, "value": "\(bob)"}, {"$ref": null, "value": "\(carol)"}]}]}
                """)
            #expect(add.status == 200)
            #expect(try await client.memberIDs(of: group) == [alice, bob, carol].sorted())
            let removal = dialect == .default
                ? #"{"op": "Remove", "path": "members", "value": [{"value": "\#(bob)"}]}"#
                : #"{"op": "remove", "path": "members[value eq \"\#(bob)\"]"}"#
            let remove = try await client.patch("/scim/v2/Groups/\(group)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [\(removal)]}
                """)
            #expect(remove.status == 200)
            #expect(try await client.memberIDs(of: group) == [alice, carol].sorted(), "only the listed member is removed")
            let membersOf = try await client.get("/scim/v2/Groups?filter=members+eq+%22\(alice)%22&excludedAttributes=members")
            #expect(membersOf.resourceIDs == [group])
            let user = try await client.get("/scim/v2/Users/\(alice)")
            #expect(lookUp(user.json, "groups", 0, "value")?.stringValue == group)
            #expect(lookUp(user.json, "groups", 0, "display") == "displayName")
        }
    }

    @Test func deleteGroupIs204AndMembershipsGo() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try #require(try await client.post("/scim/v2/Groups", Self.createBody)["id"]?.stringValue)
            let user = try await client.createUser("alice")
            _ = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "add", "path": "members", "value": [{"value": "\#(user)"}]}]}"#)
            #expect(try await client.delete("/scim/v2/Groups/\(group)").status == 204)
            #expect(try await client.get("/scim/v2/Groups/\(group)").status == 404)
            #expect(try await client.get("/scim/v2/Users/\(user)")["groups"] == nil)
        }
    }

    @Test func deletingAUserRecordsItsRemovalInEachGroup() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let first = try await client.createGroup("first")
            let second = try await client.createGroup("second")
            let user = try await client.createUser("alice")
            for group in [first, second] {
                _ = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "add", "path": "members", "value": [{"value": "\#(user)"}]}]}"#)
            }
            #expect(try await client.delete("/scim/v2/Users/\(user)").status == 204)
            #expect(try await client.memberIDs(of: first).isEmpty)
            #expect(try await client.memberIDs(of: second).isEmpty)
            let tail = try server.events().suffix(3).map { ($0.0.stream.id, $0.1.type) }
            #expect(tail.map(\.1) == ["group.members.removed", "group.members.removed", "user.deleted"])
            #expect(Set(tail.prefix(2).map(\.0)) == [first, second])
        }
    }
}
