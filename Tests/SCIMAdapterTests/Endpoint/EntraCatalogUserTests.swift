import Projections
import SCIMAdapter
import Testing

/// Microsoft's documented user request catalogue (entra-behaviour.md §1.1), replayed against the
/// server over a real LMDB directory; each step's effect is read back with GET.
@Suite struct EntraCatalogUserTests {
    static let createBody = """
        {
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            "active": true,
            "emails": [{
                "primary": true,
                "type": "work",
                "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"
            }],
            "meta": {
                "resourceType": "User"
            },
            "name": {
                "formatted": "givenName familyName",
                "familyName": "familyName",
                "givenName": "givenName"
            },
            "roles": []
        }
        """

    @Test func createUserAnswers201WithTheResourceLocationAndMeta() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Users", Self.createBody)
            #expect(reply.status == 201)
            #expect(reply.header("Content-Type") == "application/scim+json")
            let id = try #require(reply["id"]?.stringValue)
            #expect(reply.header("Location") == "http://localhost/scim/v2/Users/\(id)")
            #expect(reply.header("ETag") == "W/\"1\"")
            #expect(reply["userName"] == "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee")
            #expect(reply["externalId"] == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")
            #expect(lookUp(reply.json, "emails", 0, "value") == "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com")
            #expect(lookUp(reply.json, "name", "givenName") == "givenName")
            #expect(reply["roles"] == nil, "an empty roles array is stored as absent")
            #expect(lookUp(reply.json, "meta", "resourceType") == "User")
            #expect(lookUp(reply.json, "meta", "location")?.stringValue == reply.header("Location"))
            #expect(lookUp(reply.json, "meta", "version") == "W/\"1\"")
            let created = try #require(lookUp(reply.json, "meta", "created")?.stringValue)
            #expect(lookUp(reply.json, "meta", "lastModified")?.stringValue == created)
            #expect(created.hasSuffix("Z") && created.count == 24)
        }
    }

    @Test func getUserReturnsTheStoredUserAndUnknownIdsAre404() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try #require(try await client.post("/scim/v2/Users", Self.createBody)["id"]?.stringValue)
            let reply = try await client.get("/scim/v2/Users/\(id)")
            #expect(reply.status == 200)
            #expect(reply["id"]?.stringValue == id)
            #expect(reply["active"] == true)
            #expect(reply.header("ETag") == "W/\"1\"")
            let missing = try await client.get("/scim/v2/Users/5171a35d82074e068ce2")
            #expect(missing.status == 404)
            #expect(missing["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(missing["status"] == "404")
        }
    }

    @Test(arguments: [
        "/scim/v2/Users?filter=userName+eq+%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22",
        "/scim/v2/Users?filter=userName%20eq%20%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22",
        "/scim/v2/Users?filter=userName%20eq%20%22test_user_00AA00AA-bb11-cc22-dd33-44ee44ee44ee%22",
        "/scim/v2/Users?aadOptscim062020&filter=userName+eq+%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22",
        "/scim/v2/Users?filter=externalId+eq+%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22",
        "/scim/v2/Users?filter=externalId+eq+0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "/scim/v2/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22test_user_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com%22",
    ])
    func getUserByQueryFindsExactlyTheUser(uri: String) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try #require(try await client.post("/scim/v2/Users", Self.createBody)["id"]?.stringValue)
            try await client.createUser("someone-else", extra: #""externalId": "other""#)
            let reply = try await client.get(uri)
            #expect(reply.status == 200)
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
            #expect(reply.totalResults == 1)
            #expect(reply.resourceIDs == [id])
            #expect(reply["startIndex"] == 1)
            #expect(reply["itemsPerPage"] == 1)
        }
    }

    @Test func queryWithZeroResultsIs200WithAnEmptyList() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let reply = try await client.get("/scim/v2/Users?filter=userName+eq+%22non-existent%20user%22")
            #expect(reply.status == 200)
            #expect(reply.totalResults == 0)
            #expect(reply["Resources"] == [])
        }
    }

    @Test(arguments: [EntraDialect.default, .compliant])
    func updateUserMultiValuedAndSingleValued(dialect: EntraDialect) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try #require(try await client.post("/scim/v2/Users", Self.createBody)["id"]?.stringValue)
            let multi = try await client.patch("/scim/v2/Users/\(id)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                    {"op": "\(dialect.replace)", "path": "emails[type eq \\"work\\"].value", "value": "updatedEmail@microsoft.com"},
                    {"op": "\(dialect.replace)", "path": "name.familyName", "value": "updatedFamilyName"}]}
                """)
            #expect(multi.status == 200)
            #expect(multi["id"]?.stringValue == id)
            #expect(multi.header("ETag") == "W/\"2\"")
            let single = try await client.patch("/scim/v2/Users/\(id)", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "\(dialect.replace)", "path": "userName", "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]}
                """)
            #expect(single.status == 200)
            let user = try await client.get("/scim/v2/Users/\(id)")
            #expect(user["userName"] == "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com")
            #expect(lookUp(user.json, "name", "familyName") == "updatedFamilyName")
            #expect(lookUp(user.json, "name", "givenName") == "givenName")
            #expect(user["emails"] == [["primary": true, "type": "work", "value": "updatedEmail@microsoft.com"]])
            let oldName = try await client.get("/scim/v2/Users?filter=userName+eq+%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22")
            #expect(oldName.totalResults == 0, "the userName index follows the rename")
            let newName = try await client.get("/scim/v2/Users?filter=userName+eq+%225b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com%22")
            #expect(newName.resourceIDs == [id])
        }
    }

    @Test(arguments: [EntraDialect.default, .compliant])
    func disableAndReenableUserKeepsItVisible(dialect: EntraDialect) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try #require(try await client.post("/scim/v2/Users", Self.createBody)["id"]?.stringValue)
            let disable = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "\(dialect.replace)", "path": "active", "value": \(dialect.boolean(false))}],
                 "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}
                """)
            #expect(disable.status == 200)
            #expect(disable["active"] == false)
            let byQuery = try await client.get("/scim/v2/Users?filter=userName+eq+%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22")
            #expect(byQuery.resourceIDs == [id], "a disabled user is still found by filter")
            #expect(lookUp(byQuery.resources.first, "active") == false)
            #expect(try await client.get("/scim/v2/Users/\(id)")["active"] == false)
            let enable = try await client.patch("/scim/v2/Users/\(id)", """
                {"Operations": [{"op": "\(dialect.replace)", "path": "active", "value": \(dialect.boolean(true))}],
                 "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}
                """)
            #expect(enable["active"] == true)
            let types = try server.events().map { $0.1.type }
            #expect(types == ["user.created", "user.deactivated", "user.reactivated"])
        }
    }

    @Test func deleteUserIs204AndThenGone() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let id = try #require(try await client.post("/scim/v2/Users", Self.createBody)["id"]?.stringValue)
            let reply = try await client.delete("/scim/v2/Users/\(id)")
            #expect(reply.status == 204)
            #expect(reply.body.isEmpty)
            #expect(try await client.get("/scim/v2/Users/\(id)").status == 404)
            #expect(try await client.get("/scim/v2/Users?filter=userName+eq+%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22").totalResults == 0)
            #expect(try await client.delete("/scim/v2/Users/\(id)").status == 404)
            let again = try await client.post("/scim/v2/Users", Self.createBody)
            #expect(again.status == 201, "the userName is free again after the hard delete")
        }
    }
}

/// The two shapes Entra sends (entra-behaviour.md §2): without `aadOptscim062020` (capitalised ops,
/// boolean strings) and with it (lowercase ops, JSON booleans).
enum EntraDialect: String, CustomTestStringConvertible, Sendable {
    case `default`
    case compliant

    var add: String { self == .default ? "Add" : "add" }
    var replace: String { self == .default ? "Replace" : "replace" }
    var remove: String { self == .default ? "Remove" : "remove" }

    func boolean(_ value: Bool) -> String {
        self == .default ? (value ? "\"True\"" : "\"False\"") : (value ? "true" : "false")
    }

    var testDescription: String { self == .default ? "without aadOptscim062020" : "with aadOptscim062020" }
}
