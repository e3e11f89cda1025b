import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// Per-tenant policies: off by default; a violation is a 400 invalidValue naming the rule.
@Suite struct PolicyEndpointTests {
    static let strict = TenantPolicy(
        userName: .init(allowedCharacters: CharacterClass(spec: "a-zA-Z0-9._-"), maximumLength: 12, forbidEmailAddress: true),
        requiredUserAttributes: ["name.familyName"], requirePrimaryEmail: true, createInactiveUsers: false)

    static func server() throws -> SCIMTestServer {
        var configuration = SCIMConfiguration.testing
        configuration.policies = PolicySet(tenants: ["acme": strict])
        return try SCIMTestServer(configuration: configuration)
    }

    static let valid = #""name": {"familyName": "Doe"}, "emails": [{"value": "j@x.example"}]"#

    @Test(arguments: [
        (#"{"userName": "jane.doe-with-a-long-name", "name": {"familyName": "Doe"}, "emails": [{"value": "j@x.example"}]}"#, "userName.maximumLength"),
        (#"{"userName": "jane doe", "name": {"familyName": "Doe"}, "emails": [{"value": "j@x.example"}]}"#, "userName.allowedCharacters"),
        (#"{"userName": "jane@x.io", "name": {"familyName": "Doe"}, "emails": [{"value": "j@x.example"}]}"#, "userName.allowedCharacters"),
        (#"{"userName": "jane", "emails": [{"value": "j@x.example"}]}"#, "requiredAttributes"),
        (#"{"userName": "jane", "name": {"familyName": "Doe"}, "emails": [{"value": "a@x.example"}, {"value": "b@x.example"}]}"#, "requirePrimaryEmail"),
        (#"{"userName": "jane", "name": {"familyName": "Doe"}}"#, "requirePrimaryEmail"),
        (#"{"userName": "jane", "active": false, "name": {"familyName": "Doe"}, "emails": [{"value": "j@x.example"}]}"#, "createInactiveUsers"),
    ])
    func violationsNameTheRule(body: String, rule: String) async throws {
        let server = try Self.server()
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Users", body)
            #expect(reply.status == 400)
            #expect(reply.scimType == "invalidValue")
            #expect(reply["detail"]?.stringValue?.contains("policy \(rule)") == true, "\(reply.body)")
            #expect(server.eventCount == 0)
        }
    }

    @Test func emailUserNamesAreRefusedWhenOnlyThatRuleIsOn() async throws {
        var configuration = SCIMConfiguration.testing
        configuration.policies = PolicySet(defaultPolicy: TenantPolicy(userName: .init(forbidEmailAddress: true)))
        let server = try SCIMTestServer(configuration: configuration)
        try await server.run { client in
            let reply = try await client.post("/scim/v2/Users", #"{"userName": "jane@contoso.com"}"#)
            #expect(reply.status == 400 && reply["detail"]?.stringValue?.contains("userName.forbidEmailAddress") == true)
            #expect(try await client.post("/scim/v2/Users", #"{"userName": "jane"}"#).status == 201)
        }
    }

    @Test func patchesMayNotBreakARuleButLegacyUsersCanStillBeDeactivated() async throws {
        let server = try Self.server()
        try await server.run { client in
            let id = try await client.createUser("jane", extra: Self.valid)
            let rename = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "replace", "path": "userName", "value": "jane@x.io"}]}"#)
            #expect(rename.status == 400 && rename["detail"]?.stringValue?.contains("userName") == true)
            let dropName = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "remove", "path": "name.familyName"}]}"#)
            #expect(dropName.status == 400 && dropName["detail"]?.stringValue?.contains("requiredAttributes") == true)
            let deactivate = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "Replace", "path": "active", "value": "False"}]}"#)
            #expect(deactivate.status == 200, "createInactiveUsers governs creation only")
            let other = try await client.send(.post, "/scim/v2/Users", json: #"{"userName": "x@y.example"}"#, token: SCIMTestServer.otherToken)
            #expect(other.status == 201, "policies are per tenant; globex has none")
        }
    }

    @Test func unknownMembersAreAcceptedUnlessTheTenantRequiresExistingMembers() async throws {
        var configuration = SCIMConfiguration.testing
        configuration.policies = PolicySet(tenants: ["globex": TenantPolicy(requireExistingMembers: true)])
        let server = try SCIMTestServer(configuration: configuration)
        try await server.run { client in
            let group = try await client.createGroup("g", extra: #""members": [{"value": "created-later"}]"#)
            #expect(try await client.memberIDs(of: group) == ["created-later"])
            let member = try await client.get("/scim/v2/Groups/\(group)")
            #expect(lookUp(member.json, "members", 0) == ["value": "created-later"], "no type or $ref for an unknown id")
            let strict = try await client.send(.post, "/scim/v2/Groups", json: #"{"displayName": "g", "members": [{"value": "ghost"}]}"#,
                                               token: SCIMTestServer.otherToken)
            #expect(strict.status == 400 && strict["detail"]?.stringValue?.contains("policy requireExistingMembers") == true)
            #expect(server.eventCount == 2, "the refused group appended nothing")
        }
    }

    @Test func policyFilesParseAndRejectNonsense() throws {
        let set = try PolicySet(jsonText: Array("""
            {"default": {"createInactiveUsers": false},
             "tenants": {"acme": {"userName": {"allowedCharacters": "a-z0-9._-", "maximumLength": 64, "forbidEmailAddress": true},
                                  "requiredAttributes": ["name.familyName"], "requirePrimaryEmail": true, "requireExistingMembers": true}}}
            """.utf8))
        #expect(set.policy(for: "other").createInactiveUsers == false)
        #expect(set.policy(for: "acme").userName.maximumLength == 64)
        #expect(set.policy(for: "acme").requirePrimaryEmail && set.policy(for: "acme").requireExistingMembers)
        #expect(!set.policy(for: "other").requireExistingMembers)
        #expect(set.policy(for: "acme").userName.allowedCharacters?.firstDisallowed(in: "jane.doe_1") == nil)
        #expect(set.policy(for: "acme").userName.allowedCharacters?.firstDisallowed(in: "Jane") == "J")
        for bad in [#"{"tenants": []}"#, #"{"default": {"userName": {"maximumLength": -1}}}"#, #"{"default": {"requiredAttributes": ["a b"]}}"#,
                    #"{"default": {"userName": {"allowedCharacters": "z-a"}}}"#, #"{"default": {"requirePrimaryEmail": "yes"}}"#] {
            #expect(throws: PolicyConfigurationError.self, "\(bad)") { try PolicySet(jsonText: Array(bad.utf8)) }
        }
    }
}
