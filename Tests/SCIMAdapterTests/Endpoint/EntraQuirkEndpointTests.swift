import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// Each item of the quirk checklist (entra-behaviour.md §7), over HTTP against a real directory.
@Suite struct EntraQuirkEndpointTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test("§7.1 op is case-insensitive")
    func opIsCaseInsensitive() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice")
            for (op, title) in [("ADD", "a"), ("Replace", "b"), ("rEpLaCe", "c")] {
                let reply = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "\#(op)", "path": "title", "value": "\#(title)"}]}"#)
                #expect(reply.status == 200 && reply["title"]?.stringValue == title)
            }
            #expect(try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "REMOVE", "path": "title"}]}"#)["title"] == nil)
        }
    }

    @Test("§7.2 active arrives as boolean strings in any case, or with op Add", arguments: [
        (#"{"op": "Replace", "path": "active", "value": "False"}"#, false),
        (#"{"op": "replace", "path": "active", "value": "false"}"#, false),
        (#"{"op": "Add", "path": "active", "value": "FALSE"}"#, false),
        (#"{"op": "Add", "path": "active", "value": false}"#, false),
        (#"{"op": "replace", "path": "active", "value": "True"}"#, true),
    ])
    func activeAsString(operation: String, expected: Bool) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""active": true"#)
            let reply = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [\#(operation)]}"#)
            #expect(reply.status == 200)
            #expect(try await client.get("/scim/v2/Users/\(id)")["active"] == .bool(expected))
        }
    }

    @Test("§7.3 Add on an existing single-valued attribute replaces it")
    func addReplacesSingleValued() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""externalId": "old", "nickName": "Al""#)
            _ = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Add", "path": "externalId", "value": "new"}, {"op": "Add", "path": "nickName", "value": "Babs"}]}
                """)
            let user = try await client.get("/scim/v2/Users/\(id)")
            #expect(user["externalId"] == "new")
            #expect(user["nickName"] == "Babs")
        }
    }

    @Test("§7.4 path-less replace whose keys are paths (aadOptscim062020)")
    func pathlessReplaceWithDottedAndURNKeys() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""name": {"givenName": "A", "familyName": "B"}, "active": true"#)
            let reply = try await client.patch("/scim/v2/Users/\(id)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "value": {
                    "displayName": "Bjfe", "name.givenName": "Kkom", "name.familyName": "Unua",
                    "\(Self.enterprise):employeeNumber": "Aklq", "active": false}}]}
                """)
            #expect(reply.status == 200)
            let user = try await client.get("/scim/v2/Users/\(id)")
            #expect(user["displayName"] == "Bjfe")
            #expect(user["name"] == ["givenName": "Kkom", "familyName": "Unua"])
            #expect(lookUp(user.json, .key(Self.enterprise), "employeeNumber") == "Aklq")
            #expect(user["active"] == false)
            #expect(user["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:User", .string(Self.enterprise)])
        }
    }

    @Test("§7.5 filtered paths upsert the element and leave siblings alone; remove may carry the value")
    func filteredPathsUpsert() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""emails": [{"type": "home", "value": "a@home.example"}]"#)
            _ = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [
                    {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "a@work.example"},
                    {"op": "Add", "path": "addresses[type eq \\"work\\"].streetAddress", "value": "1 Main St"},
                    {"op": "replace", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": "55555555555"}]}
                """)
            let user = try await client.get("/scim/v2/Users/\(id)")
            #expect(user["emails"] == [["type": "home", "value": "a@home.example"], ["type": "work", "value": "a@work.example"]])
            #expect(user["addresses"] == [["type": "work", "streetAddress": "1 Main St"]])
            #expect(user["phoneNumbers"] == [["type": "mobile", "value": "55555555555"]])
            _ = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Remove", "path": "emails[type eq \\"work\\"].value", "value": "a@work.example"}]}
                """)
            #expect(try await client.get("/scim/v2/Users/\(id)")["emails"] == [["type": "home", "value": "a@home.example"]])
        }
    }

    @Test("§7.6 member removal by value list, by members[value eq], and remove-all", arguments: [EntraDialect.default, .compliant])
    func memberRemovalShapes(dialect: EntraDialect) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try await client.createGroup("team")
            let users = [try await client.createUser("a"), try await client.createUser("b"), try await client.createUser("c")]
            let values = users.map { #"{"value": "\#($0)"}"# }.joined(separator: ", ")
            _ = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "\#(dialect.add)", "path": "members", "value": [\#(values)]}]}"#)
            _ = try await client.patch("/scim/v2/Groups/\(group)", """
                {"Operations": [{"op": "\(dialect.remove)", "path": "members", "value": [{"$ref": null, "value": "\(users[0])"}]},
                                {"op": "\(dialect.remove)", "path": "members[value eq \\"\(users[1])\\"]"}]}
                """)
            #expect(try await client.memberIDs(of: group) == [users[2]])
            _ = try await client.patch("/scim/v2/Groups/\(group)", #"{"Operations": [{"op": "\#(dialect.remove)", "path": "members"}]}"#)
            #expect(try await client.memberIDs(of: group).isEmpty)
        }
    }

    @Test("§7.7 member add with $ref null; re-adding is a no-op success that appends nothing")
    func reAddingAMemberIsANoOp() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let group = try await client.createGroup("team")
            #expect(try await client.get("/scim/v2/Groups/\(group)")["members"] == nil, "groups are created empty")
            let user = try await client.createUser("a")
            let body = #"{"Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "\#(user)"}]}]}"#
            #expect(try await client.patch("/scim/v2/Groups/\(group)", body).status == 200)
            let before = server.eventCount
            let again = try await client.patch("/scim/v2/Groups/\(group)", body)
            #expect(again.status == 200)
            #expect(server.eventCount == before)
            #expect(try await client.memberIDs(of: group) == [user])
        }
    }

    @Test("§7.8 manager as a bare id, legacy array, and the ways to clear it; always returned as an object", arguments: [
        #"{"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": ""}"#,
        #"{"op": "Remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}"#,
        #"{"op": "remove", "path": "manager[value eq \"MANAGER\"]"}"#,
        #"{"op": "Remove", "path": "manager", "value": [{"value": "MANAGER"}]}"#,
    ])
    func managerRoundTrip(clear: String) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let boss = try await client.createUser("boss")
            let id = try await client.createUser("alice")
            let set = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Add", "path": "\(Self.enterprise):manager", "value": "\(boss)"}]}
                """)
            #expect(lookUp(set.json, .key(Self.enterprise), "manager") == ["value": .string(boss)])
            let legacy = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Add", "path": "manager", "value": [{"$ref": "http://x/Users/\(boss)", "value": "\(boss)"}]}]}
                """)
            #expect(legacy.status == 200)
            #expect(lookUp(try await client.get("/scim/v2/Users/\(id)").json, .key(Self.enterprise), "manager", "value")?.stringValue == boss)
            let cleared = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [\#(clear.replacingOccurrences(of: "MANAGER", with: boss))]}"#)
            #expect(cleared.status == 200)
            #expect(lookUp(try await client.get("/scim/v2/Users/\(id)").json, .key(Self.enterprise), "manager") == nil)
        }
    }

    @Test("§7.9 excludedAttributes=members on group GET and filter omits the key")
    func excludedMembersEverywhere() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let user = try await client.createUser("a")
            let group = try await client.createGroup("Team", extra: #""members": [{"value": "\#(user)"}]"#)
            for uri in ["/scim/v2/Groups/\(group)?excludedAttributes=members", "/scim/v2/Groups?excludedAttributes=members&filter=displayName+eq+%22team%22"] {
                let body = try await client.get(uri).body
                #expect(!body.contains("\"members\""), "\(uri)")
                #expect(body.contains(group))
            }
        }
    }

    @Test("§7.10 filter spellings: + or %20, quoted or not, any attribute case, case-insensitive userName; no match is 200", arguments: [
        ("USERNAME+eq+%22ALICE%40Example.com%22", 1),
        ("userName%20EQ%20alice@example.com", 1),
        ("UserName eq \"alice@example.com\" and Active eq true", 1),
        ("userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22", 0),
    ])
    func filterSpellings(filter: String, expected: Int) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            try await client.createUser("alice@example.com", extra: #""active": true"#)
            let reply = try await client.get("/scim/v2/Users?filter=\(filter.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "\"", with: "%22"))")
            #expect(reply.status == 200)
            #expect(reply.totalResults == expected)
        }
    }

    @Test("§7.11 Test Connection: random GUID, no Accept, no User-Agent → 200 and an empty ListResponse")
    func testConnectionProbe() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            for probe in ["/scim/v2/Users?filter=userName+eq+%22cf4d78e8-1c1d-4a64-9d35-6b1e2d2e7a6f%22",
                          "/scim/v2/Users?aadOptscim062020&filter=externalId+eq+%22cf4d78e8-1c1d-4a64-9d35-6b1e2d2e7a6f%22",
                          "/scim/v2/Groups?excludedAttributes=members&filter=displayName+eq+%22cf4d78e8-1c1d-4a64-9d35-6b1e2d2e7a6f%22"] {
                let reply = try await client.send(.get, probe)
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type") == "application/scim+json")
                #expect(reply.json == ["schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "itemsPerPage": 0, "startIndex": 1, "Resources": []])
            }
            #expect(server.eventCount == 0, "a probe never creates anything")
        }
    }

    @Test("§7.12 request content types and Accept values are all accepted; responses are application/scim+json", arguments: [
        ["Content-Type": "application/scim+json; charset=utf-8"],
        ["Content-Type": "application/json"],
        ["Content-Type": "application/scim+json", "Accept": "application/scim+json"],
        ["Content-Type": "text/plain", "Accept": "application/json"],
        ["Content-Type": "application/json; charset=utf-8", "Accept": "*/*"],
    ])
    func contentTypes(headers: [String: String]) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Users", #"{"userName": "alice"}"#, headers: headers)
            #expect(reply.status == 201)
            #expect(reply.header("Content-Type") == "application/scim+json")
            let read = try await client.get("/scim/v2/Users?filter=userName+eq+%22alice%22", headers: headers.filter { $0.key == "Accept" })
            #expect(read.status == 200 && read.totalResults == 1)
        }
    }

    @Test("§7.13 create bodies with client meta, empty roles, nulls, a typo'd URN and capitalised names")
    func tolerantCreateBodies() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
                 "externalId": "jyoung", "UserName": "jyoung@testuser.com", "active": true, "addresses": null, "displayName": "Joy Young",
                 "emails": [{"type": "work", "value": "jyoung@Contoso.com", "Primary": true}], "meta": {"resourceType": "User", "created": "2019-09-18T18:15:26Z"},
                 "name": {"familyName": "Young", "givenName": "Joy"}, "phoneNumbers": null, "preferredLanguage": null, "title": null,
                 "department": null, "manager": null, "roles": [],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"Department": "Sales"}}
                """)
            #expect(reply.status == 201, "\(reply.body)")
            #expect(reply["userName"] == "jyoung@testuser.com")
            #expect(lookUp(reply.json, "emails", 0, "primary") == true)
            #expect(lookUp(reply.json, .key(Self.enterprise), "department") == "Sales")
            #expect(lookUp(reply.json, "meta", "created")?.stringValue != "2019-09-18T18:15:26Z", "client meta is ignored")
            #expect(reply["title"] == nil && reply["addresses"] == nil)
        }
    }

    @Test("§7.14 status codes: 201, 409 uniqueness ignoring case, 404, 204, PATCH 200 with the resource")
    func statusCodes() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("Alice")
            let duplicate = try await client.post("/scim/v2/Users", #"{"userName": "ALICE"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.scimType == "uniqueness")
            #expect(duplicate["detail"]?.stringValue?.contains("ALICE") == true)
            #expect(try await client.get("/scim/v2/Users/nope").status == 404)
            let patch = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "replace", "path": "title", "value": "CEO"}]}"#)
            #expect(patch.status == 200 && patch["title"] == "CEO" && patch["userName"] == "Alice")
            #expect(try await client.delete("/scim/v2/Users/\(id)").status == 204)
        }
    }

    @Test("§7.16 values are stored and returned exactly as sent")
    func valuesRoundTripExactly() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let body = """
                {"userName": "MiXeD.Case@Contoso.COM", "phoneNumbers": [{"type": "work", "value": "55555555555"}],
                 "emails": [{"type": "work", "value": "First.Last@Contoso.COM", "primary": true}], "name": {"givenName": "  Spaced  "},
                 "title": "Senior  Engineer", "locale": "en-US", "userType": "Employee",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"costCenter": "4130", "organization": "Contoso",
                   "employeeNumber": "000701984", "department": "R&D"}}
                """
            let id = try #require(try await client.post("/scim/v2/Users", body)["id"]?.stringValue)
            let user = try #require(try await client.get("/scim/v2/Users/\(id)").json)
            let sent = try JSONValue(parsing: body)
            for key in ["userName", "phoneNumbers", "emails", "name", "title", "locale", "userType", Self.enterprise] {
                #expect(lookUp(user, .key(key)) == lookUp(sent, .key(key)), "\(key)")
            }
        }
    }

    @Test("§7.17 an unmodelled attribute never fails the PATCH that carries active=false")
    func unknownAttributeDoesNotBlockDeactivation() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""active": true"#)
            let reply = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "Replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:role", "value": "x"},
                                {"op": "Replace", "path": "favouriteColour", "value": "blue"},
                                {"op": "Replace", "path": "addresses[type eq \\"work\\"].streetAddress", "value": "1 Main St"},
                                {"op": "Replace", "path": "active", "value": "False"}]}
                """)
            #expect(reply.status == 200)
            #expect(try await client.get("/scim/v2/Users/\(id)")["active"] == false)
        }
    }

    @Test("§7.18 no If-Match needed; listing pages like the validator's pagination test")
    func paginationWithoutETags() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            for index in 0..<11 { try await client.createUser("user\(index)") }
            var seen: [String] = []
            for page in 0..<3 {
                let reply = try await client.get("/scim/v2/Users?startIndex=\(page * 5 + 1)&count=5")
                #expect(reply.status == 200)
                #expect(reply["startIndex"] == .number(JSONNumber(page * 5 + 1)))
                #expect(reply.totalResults == 11)
                seen += reply.resourceIDs
            }
            #expect(seen.count == 11 && Set(seen).count == 11)
        }
    }

    @Test("§7.19 roles PATCH with a stringified JSON role")
    func stringifiedRoles() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice")
            let reply = try await client.patch("/scim/v2/Users/\(id)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Add", "path": "roles",
                 "value": [{"value": "{\\"id\\":\\"06b07648-ecfe-589f-9d2f-6325724a46ee\\",\\"value\\":\\"25\\",\\"displayName\\":\\"Role1234\\"}"}]}]}
                """)
            #expect(reply.status == 200)
            #expect(try await client.get("/scim/v2/Users/\(id)")["roles"] == [["value": "25", "display": "Role1234"]])
        }
    }

    @Test("§7.20 Provision on demand ignores the flag: both shapes in one PATCH work")
    func bothDialectsInOnePatch() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try await client.createUser("alice", extra: #""active": true"#)
            let reply = try await client.patch("/scim/v2/Users?aadOptscim062020".replacingOccurrences(of: "Users?", with: "Users/\(id)?"), """
                {"Operations": [{"op": "Replace", "path": "displayName", "value": "Alice"},
                                {"op": "replace", "value": {"name.familyName": "Smith", "active": "False"}}]}
                """)
            #expect(reply.status == 200)
            let user = try await client.get("/scim/v2/Users/\(id)")
            #expect(user["displayName"] == "Alice" && lookUp(user.json, "name", "familyName") == "Smith" && user["active"] == false)
        }
    }
}
