import Projections
import SCIMAdapter
import Testing

/// The `aadOptscim062020` sample pairs of entra-behaviour.md §2.3 (without and with the flag),
/// applied to a provisioned user and checked field by field.
@Suite struct EntraDialectPatchTests {
    static let enterpriseURN = FilterPatchFixtures.enterpriseURN
    let user = FilterPatchFixtures.userObject

    static let disableBodies: [JSONValue] = [
        // Without the flag.
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Replace", "path": "active", "value": "False"]],
        ],
        // With the flag.
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "path": "active", "value": false]],
        ],
        // Variants seen in the wild (§1.1, §5 items 2, 3 and 6).
        patchBody(["op": "Replace", "path": "active", "value": "false"]),
        patchBody(["op": "Replace", "path": "active", "value": "FALSE"]),
        patchBody(["op": "Add", "path": "active", "value": "False"]),
        patchBody(["op": "replace", "value": ["active": false]]),
        patchBody(["op": "Replace", "value": ["Active": "False"]]),
        patchBody(["op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": false]),
    ]

    @Test(arguments: disableBodies)
    func disableUser(_ body: JSONValue) throws {
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["active"] = false
        #expect(outcome.resource == expected)
        #expect(outcome.resource["active"] == .bool(false))
    }

    @Test(arguments: ["True", "true", "TRUE", true] as [JSONValue])
    func reEnableUser(_ value: JSONValue) throws {
        var disabled = user
        disabled["active"] = false
        let outcome = try applyPatch(patchBody(["op": "Replace", "path": "active", "value": value]), to: disabled)
        #expect(outcome.resource == user)
    }

    @Test(arguments: [
        // Without the flag.
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Add", "path": "nickName", "value": "Babs"]],
        ],
        // With the flag.
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "add", "path": "nickName", "value": "Babs"]],
        ],
    ] as [JSONValue])
    func addSingleValueStringAttribute(_ body: JSONValue) throws {
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["nickName"] = "Babs"
        #expect(outcome.resource == expected)
        // Add on an attribute that already has a value replaces it.
        let again = try applyPatch(patchBody(["op": "Add", "path": "nickName", "value": "Barbara"]), to: outcome.resource)
        expected["nickName"] = "Barbara"
        #expect(again.resource == expected)
    }

    @Test func replaceMultipleAttributesWithoutFlag() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                ["op": "Replace", "path": "displayName", "value": "Pvlo"],
                ["op": "Replace", "path": #"emails[type eq "work"].value"#, "value": "TestBcwqnm@test.microsoft.com"],
                ["op": "Replace", "path": "name.givenName", "value": "Gtfd"],
                ["op": "Replace", "path": "name.familyName", "value": "Pkqf"],
                ["op": "Replace", "path": "externalId", "value": "Eqpj"],
                ["op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "Eqpj"],
            ],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["displayName"] = "Pvlo"
        expected["emails"] = [
            ["value": "TestBcwqnm@test.microsoft.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
        ]
        expected["name"] = ["formatted": "givenName familyName", "familyName": "Pkqf", "givenName": "Gtfd"]
        expected["externalId"] = "Eqpj"
        expected[Self.enterpriseURN] = ["employeeNumber": "Eqpj", "department": "Sales"]
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.isEmpty)
    }

    @Test func replaceMultipleAttributesWithFlag() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                ["op": "replace", "path": #"emails[type eq "work"].value"#, "value": "TestMhvaes@test.microsoft.com"],
                [
                    "op": "replace",
                    "value": [
                        "displayName": "Bjfe",
                        "name.givenName": "Kkom",
                        "name.familyName": "Unua",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
                    ],
                ],
            ],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["displayName"] = "Bjfe"
        expected["emails"] = [
            ["value": "TestMhvaes@test.microsoft.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
        ]
        expected["name"] = ["formatted": "givenName familyName", "familyName": "Unua", "givenName": "Kkom"]
        expected[Self.enterpriseURN] = ["employeeNumber": "Aklq", "department": "Sales"]
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.isEmpty)
    }

    /// Both dialects of the same change produce the same resource.
    @Test func bothDialectsAgree() throws {
        let legacy = patchBody(
            ["op": "Replace", "path": "displayName", "value": "Pvlo"],
            ["op": "Replace", "path": "name.givenName", "value": "Gtfd"],
            ["op": "Replace", "path": "externalId", "value": "Eqpj"],
            ["op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "Eqpj"],
            ["op": "Replace", "path": "active", "value": "False"]
        )
        let flag = patchBody([
            "op": "replace",
            "value": [
                "displayName": "Pvlo", "name.givenName": "Gtfd", "externalId": "Eqpj",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Eqpj", "active": false,
            ],
        ])
        #expect(try applyPatch(legacy, to: user).resource == applyPatch(flag, to: user).resource)
    }

    @Test func removeGroupMemberWithoutFlag() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Remove", "path": "members", "value": [["value": "u1091"]]]],
        ]
        let outcome = try applyPatch(body, to: FilterPatchFixtures.groupObject, type: FilterPatchFixtures.group)
        #expect(outcome.memberChanges == [.remove(["u1091"])])
        #expect(outcome.resource == FilterPatchFixtures.groupObject)
    }

    @Test func removeGroupMemberWithFlag() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "remove", "path": #"members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]"#]],
        ]
        let outcome = try applyPatch(body, to: FilterPatchFixtures.groupObject, type: FilterPatchFixtures.group)
        #expect(outcome.memberChanges == [.remove(["7f4bc1a3-285e-48ae-8202-5accb43efb0e"])])
        #expect(outcome.resource == FilterPatchFixtures.groupObject)
    }
}
