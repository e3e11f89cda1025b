import Projections
import SCIMAdapter
import Testing

/// Manager PATCH shapes of entra-behaviour.md §3.11, §5 items 10 and 11, §7 item 8: the value
/// arrives as a bare id, an object or a one-element array, and is always stored as `{"value": id}`.
@Suite struct ManagerPatchTests {
    static let urn = FilterPatchFixtures.enterpriseURN
    static let managerPath = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
    static let managerID = "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"

    let user = FilterPatchFixtures.userObject

    /// The user with a manager set, as stored.
    var managed: JSONObject {
        var managed = user
        managed[Self.urn] = ["employeeNumber": "701984", "department": "Sales", "manager": ["value": .string(Self.managerID)]]
        return managed
    }

    @Test(arguments: [
        ["op": "Add", "path": .string(managerPath), "value": .string(managerID)],
        ["op": "add", "path": .string(managerPath), "value": .string(managerID)],
        ["op": "replace", "path": .string(managerPath), "value": ["value": .string(managerID)]],
        ["op": "Add", "path": "manager", "value": [["value": .string(managerID)]]],
        ["op": "add", "path": .string(managerPath), "value": [.string(managerID)]],
        ["op": "replace", "path": .string("\(managerPath).value"), "value": .string(managerID)],
        ["op": "Replace", "path": .string(managerPath), "value": #"{"value":"2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"}"#],
        ["op": "replace", "value": [.init(stringLiteral: managerPath): .string(managerID)]],
        ["op": "replace", "value": [.init(stringLiteral: urn): ["manager": .string(managerID)]]],
        ["op": "add", "path": .string(urn), "value": ["Manager": ["Value": .string(managerID)]]],
    ] as [JSONValue])
    func setManager(_ operation: JSONValue) throws {
        let outcome = try applyPatch(patchBody(operation), to: user)
        #expect(outcome.resource == managed)
        #expect(outcome.resource.enterprise?["manager"] == ["value": .string(Self.managerID)])
        #expect(outcome.warnings.isEmpty)
    }

    @Test func changeManagerStartsAFreshObject() throws {
        var stale = managed
        stale[Self.urn] = [
            "employeeNumber": "701984", "department": "Sales",
            "manager": ["value": .string(Self.managerID), "$ref": "../Users/old", "displayName": "Old Boss"],
        ]
        let outcome = try applyPatch(patchBody(["op": "replace", "path": .string(Self.managerPath), "value": "manager-2"]), to: stale)
        #expect(outcome.resource.enterprise?["manager"] == ["value": "manager-2"])
    }

    @Test(arguments: [
        ["op": "replace", "path": .string(managerPath), "value": ""],
        ["op": "replace", "path": .string(managerPath), "value": nil],
        ["op": "replace", "path": .string(managerPath), "value": []],
        ["op": "replace", "path": .string(managerPath), "value": ["value": ""]],
        ["op": "Remove", "path": .string(managerPath)],
        ["op": "remove", "path": "manager"],
        ["op": "Remove", "path": .string(managerPath), "value": [["value": .string(managerID)]]],
        ["op": "Remove", "path": .string(managerPath), "value": .string(managerID)],
        ["op": "remove", "path": .string("manager[value eq \"\(managerID)\"]")],
        ["op": "remove", "path": .string("\(managerPath)[value eq \"\(managerID)\"]")],
        ["op": "remove", "path": .string("\(managerPath).value")],
        ["op": "replace", "value": [.init(stringLiteral: managerPath): ""]],
    ] as [JSONValue])
    func clearManager(_ operation: JSONValue) throws {
        let outcome = try applyPatch(patchBody(operation), to: managed)
        #expect(outcome.resource == user)
        #expect(outcome.resource.enterprise?["manager"] == nil)
        #expect(outcome.warnings.isEmpty)
    }

    @Test(arguments: [
        ["op": "Remove", "path": .string(managerPath), "value": [["value": "someone-else"]]],
        ["op": "remove", "path": "manager[value eq \"someone-else\"]"],
    ] as [JSONValue])
    func removeOfAnotherManagerIsANoOp(_ operation: JSONValue) throws {
        let outcome = try applyPatch(patchBody(operation), to: managed)
        #expect(outcome.resource == managed)
        #expect(outcome.warnings.count == 1)
    }

    @Test func replaceThroughNonMatchingFilterIsNoTarget() {
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "replace", "path": "manager[value eq \"someone-else\"].value", "value": "x"]), to: managed)
        }
        #expect(error?.scimType == .noTarget)
    }

    @Test func settingManagerCreatesTheExtensionAndListsItsSchema() throws {
        var bare = user
        bare[Self.urn] = nil
        bare["schemas"] = [.string(FilterPatchFixtures.userURN)]
        let outcome = try applyPatch(patchBody(["op": "add", "path": .string(Self.managerPath), "value": "m1"]), to: bare)
        var expected = bare
        expected[Self.urn] = ["manager": ["value": "m1"]]
        expected["schemas"] = [.string(FilterPatchFixtures.userURN), .string(Self.urn)]
        #expect(outcome.resource == expected)
    }

    @Test func clearingTheLastExtensionAttributeRemovesTheExtensionObject() throws {
        var onlyManager = user
        onlyManager[Self.urn] = ["manager": ["value": "m1"]]
        let outcome = try applyPatch(patchBody(["op": "replace", "path": .string(Self.managerPath), "value": ""]), to: onlyManager)
        var expected = user
        expected[Self.urn] = nil
        #expect(outcome.resource == expected)
    }

    @Test func readOnlyDisplayNameInAManagerValueIsIgnored() throws {
        let outcome = try applyPatch(
            patchBody(["op": "add", "path": .string(Self.managerPath), "value": ["value": "m1", "displayName": "Boss"]]), to: user)
        #expect(outcome.resource.enterprise?["manager"] == ["value": "m1"])
        #expect(outcome.warnings.count == 1)
    }

    @Test func moreThanOneManagerIsInvalid() {
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "add", "path": "manager", "value": [["value": "m1"], ["value": "m2"]]]), to: user)
        }
        #expect(error?.scimType == .invalidValue)
    }
}
