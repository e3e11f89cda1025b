import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// The ways other SCIM servers failed with Entra (entra-behaviour.md §5), each reproduced against
/// this server, with the outcome read back.
@Suite struct EntraFailureModeTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test("§5.1 capitalised ops on group membership (offboarding) are accepted")
    func capitalisedOpsOnMembers() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try await client.createGroup("g")
            let user = try await client.createUser("u")
            #expect(try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Add", "path": "members", "value": [{"value": "\#(user)"}]}]}"#).status == 200)
            #expect(try await client.memberIDs(of: group) == [user])
            #expect(try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Remove", "path": "members", "value": [{"value": "\#(user)"}]}]}"#).status == 200)
            #expect(try await client.memberIDs(of: group).isEmpty)
        }
    }

    @Test("§5.2 and §5.18 active as the string \"False\" deactivates; the user stays visible")
    func activeStringDeactivates() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""active": "True""#)
            #expect(try await client.get("/scim/v2/Users/\(id)")["active"] == true)
            _ = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "Replace", "path": "active", "value": "False"}]}"#)
            let found = try await client.get("/scim/v2/Users?filter=userName+eq+%22u%22")
            #expect(found.totalResults == 1 && lookUp(found.resources.first, "active") == false)
        }
    }

    @Test("§5.3 Add of externalId on an existing group replaces it")
    func addExternalIdOnGroup() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try await client.createGroup("g", extra: #""externalId": "old""#)
            #expect(try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Add", "path": "externalId", "value": "new"}]}"#).status == 200)
            #expect(try await client.get("/scim/v2/Groups/\(group)")["externalId"] == "new")
        }
    }

    @Test("§5.4 removing one member by value list never wipes the group")
    func removeOneMemberKeepsTheOthers() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let users = [try await client.createUser("a"), try await client.createUser("b"), try await client.createUser("c")]
            let group = try await client.createGroup("g", extra: #""members": [\#(users.map { #"{"value": "\#($0)"}"# }.joined(separator: ","))]"#)
            _ = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "\#(users[1])"}]}]}"#)
            #expect(try await client.memberIDs(of: group) == [users[0], users[2]].sorted())
        }
    }

    @Test("§5.5 a non-member PATCH keeps every member, and a large add keeps all of them")
    func nonMemberPatchKeepsMembership() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            var users: [String] = []
            for index in 0..<150 { users.append(try await client.createUser("user\(index)")) }
            let group = try await client.createGroup("big")
            let values = users.map { #"{"value": "\#($0)"}"# }.joined(separator: ",")
            #expect(try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Add", "path": "members", "value": [\#(values)]}]}"#).status == 200)
            _ = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Replace", "path": "externalId", "value": "x"}, {"op": "Replace", "path": "displayName", "value": "Big"}]}"#)
            #expect(try await client.memberIDs(of: group) == users.sorted())
        }
    }

    @Test("§5.6 path-less replace applies every key: externalId with others, and active alone")
    func pathlessReplaceAppliesEveryKey() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""active": true"#)
            _ = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "replace", "value": {"externalId": "16bf3b76", "name.givenName": "Oswaldo", "name.familyName": "Rylan"}}]}
                """)
            _ = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "replace", "value": {"active": false}}]}"#)
            let user = try await client.get("/scim/v2/Users/\(id)")
            #expect(user["externalId"] == "16bf3b76" && user["name"] == ["givenName": "Oswaldo", "familyName": "Rylan"] && user["active"] == false)
        }
    }

    @Test("§5.7 and §5.8 replace on a filtered path with no match creates the element, siblings untouched")
    func filteredReplaceCreatesTheElement() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""emails": [{"type": "home", "value": "h@x.example"}]"#)
            let reply = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "w@x.example"}]}"#)
            #expect(reply.status == 200)
            #expect(reply["emails"] == [["type": "home", "value": "h@x.example"], ["type": "work", "value": "w@x.example"]])
        }
    }

    @Test("§5.9 a schema-qualified core path and an unmodelled address path do not fail the PATCH")
    func unsupportedPathsAreSkipped() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""active": true"#)
            let reply = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:role", "value": "Admin"},
                                {"op": "Replace", "path": "active", "value": false}]}
                """)
            #expect(reply.status == 200 && reply["active"] == false)
        }
    }

    @Test("§5.10 manager sent as a string (PATCH and POST body) is returned as {\"value\": id}")
    func managerStringInAndObjectOut() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let boss = try await client.createUser("boss")
            let id = try await client.createUser("u", extra: #""\#(Self.enterprise)": {"manager": "\#(boss)"}"#)
            #expect(lookUp(try await client.get("/scim/v2/Users/\(id)").json, .key(Self.enterprise), "manager") == ["value": .string(boss)])
            let other = try await client.createUser("v")
            _ = try await client.patch("/scim/v2/Users/\(other)", #"{"Operations": [{"op": "add", "path": "\#(Self.enterprise):manager", "value": "\#(boss)"}]}"#)
            #expect(lookUp(try await client.get("/scim/v2/Users/\(other)").json, .key(Self.enterprise), "manager") == ["value": .string(boss)])
        }
    }

    @Test("§5.11 manager[value eq \"id\"] removal clears the manager")
    func managerFilterRemoval() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""\#(Self.enterprise)": {"manager": {"value": "m-1"}}"#)
            #expect(try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "remove", "path": "manager[value eq \"m-1\"]"}]}"#).status == 200)
            #expect(try await client.get("/scim/v2/Users/\(id)")[Self.enterprise] == nil)
        }
    }

    @Test("§1.4 Example 4: the legacy reference probe id eq X and manager eq Y answers a 0- or 1-element list")
    func legacyManagerProbe() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let boss = try await client.createUser("boss")
            let id = try await client.createUser("u", extra: #""\#(Self.enterprise)": {"manager": "\#(boss)"}"#)
            let hit = try await client.get("/scim/v2/Users?filter=id+eq+%22\(id)%22+and+manager+eq+%22\(boss)%22&attributes=id")
            #expect(hit.status == 200 && hit.resourceIDs == [id])
            #expect(hit.resources.first?.objectValue?.keys == ["schemas", "id"])
            let miss = try await client.get("/scim/v2/Users?filter=id+eq+%22\(id)%22+and+manager+eq+%22someone-else%22&attributes=id")
            #expect(miss.status == 200 && miss.totalResults == 0)
        }
    }

    @Test("§5.12 and §5.13 lookups and uniqueness ignore case and see disabled users, so GET-then-POST never loops")
    func filterSeesWhatPostConflictsWith() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("Jane.Doe@Contoso.com", extra: #""active": false"#)
            let found = try await client.get("/scim/v2/Users?filter=userName+eq+%22jane.doe%40contoso.com%22")
            #expect(found.resourceIDs == [id])
            let conflict = try await client.post("/scim/v2/Users", #"{"userName": "JANE.DOE@CONTOSO.COM"}"#)
            #expect(conflict.status == 409 && conflict.scimType == "uniqueness")
            let groupConflict = try await client.post("/scim/v2/Groups", #"{"displayName": "Sales"}"#)
            #expect(groupConflict.status == 201)
            #expect(try await client.post("/scim/v2/Groups", #"{"displayName": "SALES"}"#).status == 409)
        }
    }

    @Test("§5.14 excludedAttributes=members on group filters")
    func excludedAttributesHonoured() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let user = try await client.createUser("u")
            try await client.createGroup("g", extra: #""members": [{"value": "\#(user)"}]"#)
            let reply = try await client.get("/scim/v2/Groups?filter=displayName+eq+%22g%22&excludedAttributes=members")
            #expect(reply.totalResults == 1 && lookUp(reply.resources.first, "members") == nil)
        }
    }

    @Test("§5.15 listing without startIndex or count, and an empty filter result, are 200 ListResponses")
    func listingShapes() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let empty = try await client.get("/scim/v2/Users")
            #expect(empty.status == 200 && empty.totalResults == 0 && empty["Resources"] == [])
            try await client.createUser("u")
            let list = try await client.get("/scim/v2/Users")
            #expect(list.totalResults == 1 && list["startIndex"] == 1 && list["itemsPerPage"] == 1)
        }
    }

    @Test("§5.16 and §5.17 no Accept, no Content-Type and no User-Agent are accepted; bodies are scim+json")
    func noHeadersAtAll() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let created = try await client.send(.post, "/scim/v2/Users", json: #"{"userName": "u"}"#, headers: ["Content-Type": ""])
            #expect(created.status == 201 && created.header("Content-Type") == "application/scim+json")
        }
    }

    @Test("§5.19 PATCH is advertised and allowed on users and groups")
    func patchAdvertised() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            #expect(lookUp(try await client.get("/scim/v2/ServiceProviderConfig").json, "patch", "supported") == true)
            let group = try await client.createGroup("g")
            #expect(try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": []}"#).status == 200)
        }
    }

    @Test("§5.20 a duplicate member add is a success, not a 409")
    func duplicateMemberAdd() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let user = try await client.createUser("u")
            let group = try await client.createGroup("g", extra: #""members": [{"value": "\#(user)"}]"#)
            let reply = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "Add", "path": "members", "value": [{"value": "\#(user)"}, {"value": "\#(user)"}]}]}"#)
            #expect(reply.status == 200)
            #expect(try await client.memberIDs(of: group) == [user])
        }
    }

    @Test("§5.21 Remove with a value on a filtered email path removes, never writes")
    func removeWithValueNeverWrites() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""emails": [{"type": "work", "value": "old@x.example"}, {"type": "home", "value": "h@x.example"}]"#)
            _ = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "Remove", "path": "emails[type eq \"work\"].value", "value": "updated@example.org"}]}"#)
            let emails = try await client.get("/scim/v2/Users/\(id)")["emails"]
            #expect(emails?.arrayValue?.contains { lookUp($0, "value") == "updated@example.org" } == false)
        }
    }

    @Test("§5.22 a 409 carries scimType uniqueness and a detail")
    func conflictHasScimType() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            try await client.createUser("u")
            let reply = try await client.post("/scim/v2/Users", #"{"userName": "u"}"#)
            #expect(reply.status == 409 && reply.scimType == "uniqueness" && reply["detail"]?.stringValue?.isEmpty == false)
            #expect(reply["status"] == "409")
        }
    }

    @Test("§5.23 capitalised attribute and sub-attribute names in bodies")
    func capitalisedNames() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Users", """
                {"UserName": "u", "Emails": [{"Value": "u@x.example", "Primary": true, "Type": "work"}],
                 "\(Self.enterprise)": {"Department": "bob", "Manager": {"Value": "SuzzyQ"}}}
                """)
            #expect(reply.status == 201)
            #expect(reply["userName"] == "u")
            #expect(lookUp(reply.json, "emails", 0, "value") == "u@x.example")
            #expect(lookUp(reply.json, .key(Self.enterprise), "manager", "value") == "SuzzyQ")
        }
    }

    @Test("§5.24 what a GET returns round-trips, so re-sending the same values is a no-op that appends nothing")
    func resendingTheSameValuesIsANoOp() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("u", extra: #""phoneNumbers": [{"type": "mobile", "value": "+1 (555) 555-5555"}], "active": true"#)
            _ = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "add", "path": "\#(Self.enterprise):manager", "value": "boss-id"}]}"#)
            let before = server.eventCount
            let reply = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Replace", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": "+1 (555) 555-5555"},
                                {"op": "Add", "path": "\(Self.enterprise):manager", "value": "boss-id"},
                                {"op": "Replace", "path": "active", "value": "True"}]}
                """)
            #expect(reply.status == 200)
            #expect(server.eventCount == before)
        }
    }
}
