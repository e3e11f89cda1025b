import Projections
import SCIMAdapter
import Testing

/// Every user PATCH body of entra-behaviour.md §1 (the documented request catalogue and the real
/// traffic quoted with it), applied to a provisioned user and checked field by field: each test
/// builds the complete expected resource, so any unintended change fails.
@Suite struct EntraCatalogUserPatchTests {
    static let enterpriseURN = FilterPatchFixtures.enterpriseURN
    static let workEmail = "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"
    let user = FilterPatchFixtures.userObject

    /// §1.1 "Update User [Multi-valued properties]".
    @Test func updateUserMultiValuedProperties() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                ["op": "Replace", "path": #"emails[type eq "work"].value"#, "value": "updatedEmail@microsoft.com"],
                ["op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"],
            ],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["emails"] = [
            ["value": "updatedEmail@microsoft.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
        ]
        expected["name"] = ["formatted": "givenName familyName", "familyName": "updatedFamilyName", "givenName": "givenName"]
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.memberChanges.isEmpty)
    }

    /// §1.1 real multi-valued update (`limosa-io/laravel-scim-server` issue #34).
    @Test func realMultiValuedUpdateWithAddressAndDepartment() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                ["op": "Replace", "path": #"emails[type eq "work"].value"#, "value": "AdeleV2@REDACTED.onmicrosoft.com"],
                ["op": "Replace", "path": #"addresses[type eq "work"].formatted"#, "value": "18/2111"],
                ["op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Retail"],
            ],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["emails"] = [
            ["value": "AdeleV2@REDACTED.onmicrosoft.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
        ]
        expected["addresses"] = [
            ["type": "work", "streetAddress": "1 Microsoft Way", "postalCode": "98052", "country": "US", "formatted": "18/2111"]
        ]
        expected[Self.enterpriseURN] = ["employeeNumber": "701984", "department": "Retail"]
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.isEmpty)
    }

    /// §1.1 (`ssoready/ssoready` issue #228, anonymisation repaired): five replaces in one PATCH.
    @Test func fiveReplacesInOnePatch() throws {
        let body = patchBody(
            ["op": "Replace", "path": "displayName", "value": "Adele Vance"],
            ["op": "Replace", "path": #"emails[type eq "work"].value"#, "value": "AdeleV@contoso.com"],
            ["op": "Replace", "path": "userName", "value": "AdeleV@contoso.com"],
            ["op": "Replace", "path": "name.familyName", "value": "Vance"],
            ["op": "Replace", "path": "name.formatted", "value": "Adele Vance"]
        )
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["displayName"] = "Adele Vance"
        expected["userName"] = "AdeleV@contoso.com"
        expected["emails"] = [
            ["value": "AdeleV@contoso.com", "type": "work", "primary": true], ["value": "test.user@example.org", "type": "home"],
        ]
        expected["name"] = ["formatted": "Adele Vance", "familyName": "Vance", "givenName": "givenName"]
        #expect(outcome.resource == expected)
    }

    /// §1.1 "Update User [Single-valued properties]".
    @Test func updateUserSingleValuedProperty() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Replace", "path": "userName", "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"]],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["userName"] = "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
        #expect(outcome.resource == expected)
    }

    /// §1.1 "Disable User" as documented (capital `Replace`, JSON boolean, `Operations` first).
    @Test func disableUserAsDocumented() throws {
        let body: JSONValue = [
            "Operations": [["op": "Replace", "path": "active", "value": false]],
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["active"] = false
        #expect(outcome.resource == expected)
    }

    /// §1.4 Example 5: legacy manager PATCH, `path: "manager"` with a one-element array.
    @Test func legacyManagerArrayWithRef() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                [
                    "op": "Add", "path": "manager",
                    "value": [
                        [
                            "$ref": "http://example.com/scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
                            "value": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
                        ]
                    ],
                ]
            ],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected[Self.enterpriseURN] = [
            "employeeNumber": "701984", "department": "Sales",
            "manager": [
                "$ref": "http://example.com/scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
                "value": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            ],
        ]
        #expect(outcome.resource == expected)
    }

    /// §1.5 SingleAppRoleAssignment PATCH: the role arrives as stringified JSON inside `value`.
    @Test func rolesAddWithStringifiedRole() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                [
                    "op": "Add", "path": "roles",
                    "value": [["value": #"{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}"#]],
                ]
            ],
        ]
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["roles"] = [["value": "25", "display": "Role1234"]]
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.map(\.message) == [#"ignored unknown sub-attribute "id" of "roles""#])
    }

    /// §1.5 AssertiveAppRoleAssignmentsComplex: replace removes roles Entra no longer assigns.
    @Test func rolesAssertiveReplace() throws {
        var user = self.user
        user["roles"] = [["value": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": true]]
        let body = patchBody([
            "op": "replace", "path": "roles",
            "value": [
                ["primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "User", "value": "User"],
                ["primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "Reader", "value": "Reader"],
            ],
        ])
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["roles"] = [
            ["primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "User", "value": "User"],
            ["primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "Reader", "value": "Reader"],
        ]
        #expect(outcome.resource == expected)
    }

    /// §1.1 POST shows `roles: []`; later PATCH adds go onto an empty list, and re-adding is a no-op.
    @Test func rolesAddIsIdempotent() throws {
        var user = self.user
        user["roles"] = []
        let body = patchBody([
            "op": "Add", "path": "roles",
            "value": #"[{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]"#,
        ])
        let once = try applyPatch(body, to: user)
        let twice = try applyPatch(body, to: once.resource)
        var expected = user
        expected["roles"] = [["primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"]]
        #expect(once.resource == expected)
        #expect(twice.resource == expected)
    }
}
