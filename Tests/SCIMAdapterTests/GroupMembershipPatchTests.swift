import Projections
import SCIMAdapter
import Testing

/// Group PATCHes of entra-behaviour.md §1.2 and §2, plus every membership shape of §5 items 4, 5
/// and 20 and §7 items 6 and 7. Membership is reported, never written into the group JSON.
@Suite struct GroupMembershipPatchTests {
    let group = FilterPatchFixtures.groupObject

    private func patchGroup(_ body: JSONValue) throws(SCIMError) -> PatchOutcome {
        try applyPatch(body, to: group, type: FilterPatchFixtures.group)
    }

    /// §1.2 "Update Group [Non-member attributes]".
    @Test func replaceDisplayName() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Replace", "path": "displayName", "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"]],
        ]
        let outcome = try patchGroup(body)
        var expected = group
        expected["displayName"] = "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"
        #expect(outcome.resource == expected)
        #expect(outcome.memberChanges.isEmpty)
    }

    /// §1.2: Entra emits `op: "Add"` for `externalId` on existing groups (`rancher/rancher` PR #55776).
    @Test func addExternalIdOnExistingGroup() throws {
        let outcome = try patchGroup(patchBody(["op": "Add", "path": "externalId", "value": "0db508eb-91e2-46e4-809c-30dcbda0c685"]))
        var expected = group
        expected["externalId"] = "0db508eb-91e2-46e4-809c-30dcbda0c685"
        #expect(outcome.resource == expected)
        #expect(outcome.memberChanges.isEmpty)
    }

    /// §1.2 "Update Group [Add Members]" and the real traffic of `Azure/AzureAD-BYOA-Provisioning-Samples` #24.
    @Test(arguments: ["f648f8d5ea4e4cd38e9c", "636823803314257913"])
    func addMembers(_ id: String) throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Add", "path": "members", "value": [["$ref": nil, "value": .string(id)]]]],
        ]
        let outcome = try patchGroup(body)
        #expect(outcome.memberChanges == [.add([MemberReference(value: id)])])
        #expect(outcome.resource == group)
        #expect(outcome.warnings.isEmpty)
    }

    /// §1.2 "Update Group [Remove Members]": only the listed member, never all (§5 item 4).
    @Test func removeListedMembersOnly() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                ["op": "Remove", "path": "members", "value": [["$ref": nil, "value": "f648f8d5ea4e4cd38e9c"], ["value": "u2"]]]
            ],
        ]
        let outcome = try patchGroup(body)
        #expect(outcome.memberChanges == [.remove(["f648f8d5ea4e4cd38e9c", "u2"])])
        #expect(outcome.resource == group)
    }

    /// RFC 7644 §3.5.2.2: `remove` on `members` without a value removes everybody (Postman #31).
    @Test(arguments: [["op": "remove", "path": "members"], ["op": "Remove", "path": "members", "value": nil]] as [JSONValue])
    func removeAllMembers(_ operation: JSONValue) throws {
        #expect(try patchGroup(patchBody(operation)).memberChanges == [.removeAll])
    }

    @Test func replaceMembers() throws {
        let outcome = try patchGroup(
            patchBody(["op": "replace", "path": "members", "value": [["value": "u1", "display": "Ann"], ["value": "u2", "type": "User"]]]))
        #expect(outcome.memberChanges == [.replaceAll([MemberReference(value: "u1", display: "Ann"), MemberReference(value: "u2", type: "User")])])
        let emptied = try patchGroup(patchBody(["op": "replace", "path": "members", "value": []]))
        #expect(emptied.memberChanges == [.replaceAll([])])
    }

    @Test(arguments: [
        (#"members[value eq "u1"]"#, ["u1"]),
        (#"members[value eq u1]"#, ["u1"]),
        (#"Members[Value EQ "u1"]"#, ["u1"]),
        (#"members[value eq "u1" or value eq "u2" or value eq "u1"]"#, ["u1", "u2"]),
        (#"members[value eq "u1" and value eq "u1"]"#, ["u1"]),
        (#"urn:ietf:params:scim:schemas:core:2.0:Group:members[value eq "u1"]"#, ["u1"]),
    ])
    func removeByValueFilter(_ path: String, _ ids: [String]) throws {
        let outcome = try patchGroup(patchBody(["op": "remove", "path": .string(path)]))
        #expect(outcome.memberChanges == [.remove(ids)])
    }

    @Test(arguments: [
        #"members[display eq "Ann"]"#, #"members[value co "u"]"#, #"members[value ne "u1"]"#, #"members[not (value eq "u1")]"#,
        #"members[value eq "u1" or display eq "x"]"#, #"members[value pr]"#, #"members[value eq ""]"#,
    ])
    func rejectsUnsupportedMemberFilter(_ path: String) {
        let error = #expect(throws: SCIMError.self) { try patchGroup(patchBody(["op": "remove", "path": .string(path)])) }
        #expect(error?.scimType == .invalidFilter)
        #expect(error?.detail.contains(#"members[value eq "<id>"]"#) == true)
    }

    @Test(arguments: [
        patchBody(["op": "add", "path": #"members[value eq "u1"]"#, "value": [["value": "u1"]]]),
        patchBody(["op": "replace", "path": "members.value", "value": "u1"]),
        patchBody(["op": "remove", "path": "members.display"]),
    ])
    func rejectsUnsupportedMemberPath(_ body: JSONValue) {
        let error = #expect(throws: SCIMError.self) { try patchGroup(body) }
        #expect(error?.scimType == .invalidPath)
    }

    @Test(arguments: [
        patchBody(["op": "add", "path": "members", "value": [["display": "no id"]]]),
        patchBody(["op": "add", "path": "members", "value": [["value": ""]]]),
        patchBody(["op": "add", "path": "members", "value": [["value": 42]]]),
        patchBody(["op": "add", "path": "members", "value": [true]]),
    ])
    func rejectsMembersWithoutId(_ body: JSONValue) {
        let error = #expect(throws: SCIMError.self) { try patchGroup(body) }
        #expect(error?.scimType == .invalidValue)
    }

    /// Microsoft's Postman collection #67/#68: a bare string member id.
    @Test func addMemberAsBareString() throws {
        let body: JSONValue = [
            "id": "a99962b9f99d4c4fac67",
            "Operations": [["op": "add", "path": "members", "value": "string id 1"]],
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        ]
        #expect(try patchGroup(body).memberChanges == [.add([MemberReference(value: "string id 1")])])
    }

    /// Postman #27: `displayName` in a member object is taken as its display.
    @Test func addMemberWithDisplayName() throws {
        let body = patchBody(["name": "addMember", "op": "add", "path": "members", "value": [["displayName": "new User", "value": "u4"]]])
        #expect(try patchGroup(body).memberChanges == [.add([MemberReference(value: "u4", display: "new User")])])
    }

    /// Path-less add/replace carrying `members`, with other attributes in the same object (§5 item 5:
    /// a non-member change must not touch membership, and vice versa).
    @Test func pathlessOperationsWithMembers() throws {
        let body = patchBody(
            ["op": "replace", "value": ["displayName": "Renamed", "externalId": "ext-1"]],
            ["op": "add", "value": ["members": [["value": "u1"]]]],
            ["op": "replace", "value": ["members": [["value": "u2"]], "displayName": "Renamed again"]]
        )
        let outcome = try patchGroup(body)
        var expected = group
        expected["displayName"] = "Renamed again"
        expected["externalId"] = "ext-1"
        #expect(outcome.resource == expected)
        #expect(outcome.memberChanges == [.add([MemberReference(value: "u1")]), .replaceAll([MemberReference(value: "u2")])])
    }

    /// Several membership operations in one PATCH keep their order; re-adding is reported as
    /// intent (the caller makes it a no-op, §5 item 20).
    @Test func membershipChangesKeepRequestOrder() throws {
        let body = patchBody(
            ["op": "Add", "path": "members", "value": [["value": "u1"], ["value": "u2"]]],
            ["op": "Add", "path": "members", "value": [["value": "u1"]]],
            ["op": "remove", "path": #"members[value eq "u2"]"#],
            ["op": "Remove", "path": "members", "value": []]
        )
        let outcome = try patchGroup(body)
        #expect(
            outcome.memberChanges == [
                .add([MemberReference(value: "u1"), MemberReference(value: "u2")]), .add([MemberReference(value: "u1")]), .remove(["u2"]),
            ])
    }

    /// A group resource that still carries a `members` array is not rewritten by member operations.
    @Test func storedMembersArrayIsLeftAlone() throws {
        var stored = group
        stored["members"] = [["value": "u9"]]
        let outcome = try applyPatch(
            patchBody(["op": "remove", "path": "members"], ["op": "Replace", "path": "displayName", "value": "x"]),
            to: stored, type: FilterPatchFixtures.group)
        #expect(outcome.resource["members"] == [["value": "u9"]])
        #expect(outcome.resource["displayName"] == "x")
        #expect(outcome.memberChanges == [.removeAll])
    }

    @Test func removingTheRequiredDisplayNameIsRejected() {
        let error = #expect(throws: SCIMError.self) { try patchGroup(patchBody(["op": "remove", "path": "displayName"])) }
        #expect(error?.scimType == .mutability)
    }
}
