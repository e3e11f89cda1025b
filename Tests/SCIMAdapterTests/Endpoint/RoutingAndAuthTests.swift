import Projections
import SCIMAdapter
import Testing

/// Pure pieces of the HTTP layer: query strings, paths, tokens, password hashes, discovery.
@Suite struct RoutingAndAuthTests {
    @Test func queryStringsDecodeLikeEntraEncodesThem() {
        let plus = QueryParameters("filter=userName+eq+%227d420df3%22&aadOptscim062020&Count=5&bad=%zz%4")
        #expect(plus["filter"] == #"userName eq "7d420df3""#)
        #expect(plus["count"] == "5")
        #expect(plus.contains("AADOPTSCIM062020") && plus["aadOptscim062020"] == "")
        #expect(plus["bad"] == "%zz%4")
        #expect(QueryParameters("filter=userName%20eq%20%22Fred.Smith%40mydomain.com%22")["filter"] == #"userName eq "Fred.Smith@mydomain.com""#)
        #expect(QueryParameters("x=%C3%A9%FF")["x"] == "é\u{FFFD}")
        #expect(QueryParameters(nil).items.isEmpty)
    }

    @Test(arguments: [
        ("/scim/v2/Users", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .resources(.user))),
        ("/scim/v2/Users/", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .resources(.user))),
        ("/scim/v2/Users/abc", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .resource(.user, id: "abc"))),
        ("/scim/v2/Users/a%20b", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .resource(.user, id: "a b"))),
        ("/scim/v2/Users/.search", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .search(.user))),
        ("/scim/v2/groups/.search", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .search(.group))),
        ("/scim/v2/.search", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .search(nil))),
        ("/scim/Groups/g1", SCIMRoute(tenantInPath: nil, basePath: "/scim", endpoint: .resource(.group, id: "g1"))),
        ("/tenants/acme/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
         SCIMRoute(tenantInPath: "acme", basePath: "/tenants/acme/scim/v2", endpoint: .schemas(id: "urn:ietf:params:scim:schemas:core:2.0:User"))),
        ("/scim/v2/ServiceProviderConfig", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .serviceProviderConfig)),
        ("/scim/v2/ResourceTypes/User", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .resourceTypes(id: "User"))),
        ("/scim/v2/Bulk", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .bulk)),
        ("/scim/v2/Users/a/b", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .unknown)),
        ("/", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .unknown)),
        ("/api/Users", SCIMRoute(tenantInPath: nil, basePath: "/scim/v2", endpoint: .unknown)),
    ])
    func routes(path: String, expected: SCIMRoute) {
        #expect(SCIMRoute(path: path) == expected)
    }

    @Test func passwordHashesAreSaltedAndVerifiable() throws {
        let hasher = PasswordHasher(logN: 4)
        let first = try hasher.hash("correct horse")
        let second = try hasher.hash("correct horse")
        #expect(first != second)
        #expect(hasher.verify("correct horse", against: first) && hasher.verify("correct horse", against: second))
        #expect(!hasher.verify("Correct horse", against: first))
        #expect(!hasher.verify("correct horse", against: "$scrypt$ln=99,r=8,p=1$AAAA$AAAA"))
        #expect(!hasher.verify("correct horse", against: "plain"))
        #expect(PasswordHasher().logN == 14, "the production default costs 16 MiB per hash")
    }

    @Test func discoveryEndpoints() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let config = try await client.get("/scim/v2/ServiceProviderConfig")
            #expect(config.status == 200)
            #expect(lookUp(config.json, "bulk", "supported") == true && lookUp(config.json, "pagination", "cursor") == true)
            #expect(lookUp(config.json, "filter", "maxResults") == 200 && lookUp(config.json, "etag", "supported") == true)
            #expect(lookUp(config.json, "meta", "location") == "http://localhost/scim/v2/ServiceProviderConfig")
            let types = try await client.get("/scim/v2/ResourceTypes")
            #expect(lookUp(types.json, "Resources", 0, "endpoint") == "/Users")
            #expect(try await client.get("/scim/v2/ResourceTypes/group")["endpoint"] == "/Groups")
            let schemas = try await client.get("/scim/v2/Schemas")
            #expect(schemas.totalResults == 3 && schemas.body.contains("User Account"))
            let enterprise = try await client.get("/scim/v2/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            #expect(enterprise.status == 200 && enterprise["name"] == "EnterpriseUser")
            #expect(try await client.get("/scim/v2/ResourceTypes/Widget").status == 404)
            #expect(try await client.get("/scim/v2/ServiceProviderConfig", token: nil).status == 401)
        }
    }
}
