import Projections
import SCIMAdapter
import Testing

/// RFC 7644 §3.5.2 semantics of add, replace and remove, mutability, and how the resource JSON is
/// maintained (extension objects, `schemas`, primary values).
@Suite struct PatchSemanticsTests {
    let user = FilterPatchFixtures.userObject

    @Test func addAppendsToMultiValuedSkippingDuplicates() throws {
        let outcome = try applyPatch(
            patchBody([
                "op": "add", "path": "emails",
                "value": [["value": "test.user@example.org", "type": "home"], ["value": "third@example.org", "type": "other"]],
            ]), to: user)
        var expected = user
        expected["emails"] = [
            ["value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
            ["value": "third@example.org", "type": "other"],
        ]
        #expect(outcome.resource == expected)
    }

    @Test func addingANewPrimaryValueDemotesTheOldOne() throws {
        let outcome = try applyPatch(
            patchBody(["op": "add", "path": "emails", "value": ["value": "new@example.org", "type": "work", "primary": "True"]]), to: user)
        #expect(outcome.resource.elements("emails").map { $0["primary"] } == [.bool(false), nil, .bool(true)])
    }

    @Test func twoNewPrimaryValuesAreInvalid() {
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(
                patchBody(["op": "replace", "path": "emails", "value": [["value": "a@x", "primary": true], ["value": "b@x", "primary": true]]]),
                to: user)
        }
        #expect(error?.scimType == .invalidValue)
    }

    @Test func addMergesIntoComplexAttribute() throws {
        let outcome = try applyPatch(patchBody(["op": "add", "path": "name", "value": ["givenName": "Joy", "formatted": nil]]), to: user)
        #expect(outcome.resource["name"] == ["familyName": "familyName", "givenName": "Joy"])
    }

    @Test func replaceOfComplexAttributeKeepsUnmentionedSubAttributes() throws {
        let outcome = try applyPatch(patchBody(["op": "replace", "value": ["name": ["familyName": "Young"]]]), to: user)
        #expect(outcome.resource["name"] == ["formatted": "givenName familyName", "familyName": "Young", "givenName": "givenName"])
    }

    @Test func replaceOfMultiValuedAttributeIsWholesale() throws {
        let outcome = try applyPatch(patchBody(["op": "replace", "path": "emails", "value": [["value": "only@example.org"]]]), to: user)
        #expect(outcome.resource["emails"] == [["value": "only@example.org"]])
    }

    @Test func pathlessAddOfSeveralAttributes() throws {
        let outcome = try applyPatch(
            patchBody([
                "op": "add",
                "value": [
                    "nickName": "Babs",
                    "emails": [["value": "babs@jensen.org", "type": "other"]],
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["costCenter": "4130"],
                    "urn:ietf:params:scim:schemas:core:2.0:User": ["title": "Tour Guide"],
                ],
            ]), to: user)
        var expected = user
        expected["nickName"] = "Babs"
        expected["title"] = "Tour Guide"
        expected["emails"] = [
            ["value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
            ["value": "babs@jensen.org", "type": "other"],
        ]
        expected[FilterPatchFixtures.enterpriseURN] = ["employeeNumber": "701984", "department": "Sales", "costCenter": "4130"]
        #expect(outcome.resource == expected)
    }

    @Test func filteredReplaceWithoutSubAttributeReplacesTheElement() throws {
        let outcome = try applyPatch(
            patchBody(["op": "replace", "path": #"emails[type eq "home"]"#, "value": ["value": "h@example.org", "type": "home", "display": "Home"]]),
            to: user)
        #expect(outcome.resource.element("emails", type: "home") == ["value": "h@example.org", "type": "home", "display": "Home"])
        #expect(outcome.resource.elements("emails").count == 2)
    }

    @Test func filteredAddWithoutSubAttributeMergesIntoTheElement() throws {
        let outcome = try applyPatch(patchBody(["op": "add", "path": #"emails[type eq "home"]"#, "value": ["display": "Home"]]), to: user)
        #expect(outcome.resource.element("emails", type: "home") == ["value": "test.user@example.org", "type": "home", "display": "Home"])
    }

    @Test func filteredAddWithoutSubAttributeCreatesFromFilterAndValue() throws {
        let outcome = try applyPatch(
            patchBody(["op": "add", "path": #"emails[type eq "other"]"#, "value": ["value": "o@example.org"]]), to: user)
        #expect(outcome.resource.element("emails", type: "other") == ["type": "other", "value": "o@example.org"])
    }

    @Test(arguments: [
        "nickName", "title", "emails", #"emails[type eq "home"]"#, "name.givenName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    ])
    func removes(_ path: String) throws {
        let outcome = try applyPatch(patchBody(["op": "remove", "path": .string(path)]), to: user)
        var expected = user
        switch path {
        case "title": expected["title"] = nil
        case "emails": expected["emails"] = nil
        case #"emails[type eq "home"]"#:
            expected["emails"] = [["value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", "type": "work", "primary": true]]
        case "name.givenName": expected["name"] = ["formatted": "givenName familyName", "familyName": "familyName"]
        case "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":
            expected[FilterPatchFixtures.enterpriseURN] = ["employeeNumber": "701984"]
        default: break  // nickName is unassigned: removing it succeeds and changes nothing.
        }
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.isEmpty)
    }

    @Test func removeWithValueOnMultiValuedRemovesOnlyMatches() throws {
        let outcome = try applyPatch(
            patchBody(["op": "remove", "path": "emails", "value": [["value": "TEST.USER@EXAMPLE.ORG"]]]), to: user)
        #expect(outcome.resource.elements("emails").count == 1)
        #expect(outcome.resource.element("emails", type: "home") == nil)
    }

    @Test func removeSubAttributeFromEveryElement() throws {
        let outcome = try applyPatch(patchBody(["op": "remove", "path": "emails.type"]), to: user)
        #expect(
            outcome.resource["emails"] == [
                ["value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", "primary": true], ["value": "test.user@example.org"],
            ])
    }

    @Test func removeWholeExtension() throws {
        let outcome = try applyPatch(
            patchBody(["op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]), to: user)
        var expected = user
        expected[FilterPatchFixtures.enterpriseURN] = nil
        #expect(outcome.resource == expected)
    }

    @Test func addToExtensionPath() throws {
        let outcome = try applyPatch(
            patchBody(["op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": ["costCenter": "4130"]]),
            to: user)
        #expect(outcome.resource[FilterPatchFixtures.enterpriseURN] == ["employeeNumber": "701984", "department": "Sales", "costCenter": "4130"])
    }

    static let mutabilityViolations: [JSONValue] = [
        ["op": "replace", "path": "id", "value": "another-id"],
        ["op": "remove", "path": "id"],
        ["op": "replace", "value": ["id": "another-id"]],
        ["op": "replace", "path": "meta", "value": ["created": "2020-01-01T00:00:00Z"]],
        ["op": "replace", "path": "meta.lastModified", "value": "2020-01-01T00:00:00Z"],
        ["op": "add", "path": "groups", "value": [["value": "g1"]]],
        ["op": "remove", "path": "userName"],
        ["op": "replace", "path": "userName", "value": ""],
        ["op": "replace", "path": "userName", "value": nil],
        ["op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "value": "x"],
    ]

    @Test(arguments: mutabilityViolations.dropLast())
    func rejectsMutabilityViolations(_ operation: JSONValue) {
        let error = #expect(throws: SCIMError.self) { try applyPatch(patchBody(operation), to: user) }
        #expect(error?.scimType == .mutability, "\(error?.detail ?? "")")
    }

    @Test func unchangedReadOnlyValuesAreAccepted() throws {
        let outcome = try applyPatch(
            patchBody(
                ["op": "replace", "value": ["id": "2441309d85324e7793ae", "meta": ["resourceType": "User"]]],
                ["op": "add", "path": "meta.created", "value": "2018-03-27T19:59:26.000Z"]
            ), to: user)
        #expect(outcome.resource == user)
    }

    @Test func immutableAttributesCanBeSetOnceOnly() throws {
        let schema = SchemaDefinition(
            id: "urn:example:params:scim:schemas:core:2.0:Badge", name: "Badge", description: "",
            attributes: [AttributeDefinition(name: "serial", type: .string, mutability: .immutable)]
        )
        let type = ResourceTypeDefinition(name: "Badge", endpoint: "/Badges", description: "", schema: schema, extensions: [])
        let set = try applyPatch(patchBody(["op": "add", "path": "serial", "value": "S-1"]), to: JSONObject(), type: type)
        #expect(set.resource["serial"] == "S-1")
        let same = try applyPatch(patchBody(["op": "replace", "path": "serial", "value": "S-1"]), to: set.resource, type: type)
        #expect(same.resource == set.resource)
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "replace", "path": "serial", "value": "S-2"]), to: set.resource, type: type)
        }
        #expect(error?.scimType == .mutability)
    }

    @Test func requiredExtensionCannotBeRemoved() {
        var type = FilterPatchFixtures.user
        type.extensions = [.init(schema: FilterPatchFixtures.enterpriseSchema, required: true)]
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]), to: user, type: type)
        }
        #expect(error?.scimType == .mutability)
    }

    @Test func otherResourceTypesCoreAttributesAreUnknown() throws {
        let outcome = try applyPatch(patchBody(Self.mutabilityViolations[Self.mutabilityViolations.count - 1]), to: user)
        #expect(outcome.resource == user)
        #expect(outcome.warnings.count == 1)
    }

    @Test func failingOperationLeavesTheResourceUntouched() {
        let original = user
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(
                patchBody(["op": "replace", "path": "title", "value": "CTO"], ["op": "replace", "path": "active", "value": "perhaps"]),
                to: original)
        }
        #expect(error?.scimType == .invalidValue)
        #expect(original == FilterPatchFixtures.userObject)
    }

    @Test func operationsApplyInOrder() throws {
        let outcome = try applyPatch(
            patchBody(
                ["op": "add", "path": "nickName", "value": "A"],
                ["op": "replace", "path": "nickName", "value": "B"],
                ["op": "remove", "path": "nickName"],
                ["op": "add", "path": "nickName", "value": "C"]
            ), to: user)
        #expect(outcome.resource["nickName"] == "C")
    }

    /// `id`, `externalId` and `meta` (RFC 7643 §3.1) behave the same when a schema does not list them.
    @Test func commonAttributesWorkWithoutSchemaEntries() throws {
        var schema = FilterPatchFixtures.userSchema
        schema.attributes.removeAll { ["id", "externalId", "meta"].contains($0.name) }
        let type = ResourceTypeDefinition(name: "User", endpoint: "/Users", description: "", schema: schema, extensions: [])
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "replace", "path": "id", "value": "x"]), to: user, type: type)
        }
        #expect(error?.scimType == .mutability)
        let outcome = try applyPatch(patchBody(["op": "Add", "path": "externalId", "value": "ext"]), to: user, type: type)
        #expect(outcome.resource["externalId"] == "ext")
        let filters: [(String, Bool)] = [
            (#"id eq "2441309d85324e7793ae""#, true), (#"externalId eq "EXT""#, false), (#"externalId eq "ext""#, true),
            (#"meta.lastModified gt "2018-03-27T19:59:25.999Z""#, true),
        ]
        for (filter, expected) in filters {
            #expect(try FilterEvaluator(parsing: filter, resourceType: type).matches(outcome.resource) == expected, "\(filter)")
        }
    }

    @Test func hostileStringifiedJSONIsTakenAsAPlainValue() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let outcome = try applyPatch(patchBody(["op": "add", "path": "roles", "value": [["value": .string(deep)]]]), to: user)
        #expect(outcome.resource["roles"] == [["value": .string(deep)]])
        let broken = try applyPatch(patchBody(["op": "add", "path": "roles", "value": #"[{"value":"Admin""#]), to: user)
        #expect(broken.resource["roles"] == [["value": #"[{"value":"Admin""#]])
    }

    @Test func typedValuesAreCoerced() throws {
        let outcome = try applyPatch(patchBody(["op": "replace", "path": "emails[type eq \"work\"].primary", "value": "FALSE"]), to: user)
        #expect(outcome.resource.element("emails", type: "work")?.objectValue?["primary"] == .bool(false))
    }
}
