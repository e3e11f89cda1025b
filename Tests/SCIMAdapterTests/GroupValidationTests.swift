import Projections
import SCIMAdapter
import Testing

@Suite struct GroupValidationTests {
    let group = ResourceTypeDefinition.group

    /// entra-behaviour §1.2 "Create Group" request body, verbatim (with the non-standard ADSCIM schema URI).
    @Test func entraDocumentedCreateGroupBody() throws {
        let body: JSONValue = [
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:Group",
                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
            ],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "displayName",
            "meta": ["resourceType": "Group"],
        ]
        let result = try group.validateResource(body)
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "displayName",
        ]
        #expect(JSONValue.object(result.resource) == expected)
        #expect(result.members == nil)
        #expect(result.warnings == [ValidationWarning(path: "meta", reason: .readOnly)])
    }

    @Test func membersAreReturnedSeparatelyAndNotStoredInTheResource() throws {
        let result = try group.validateResource([
            "displayName": "Sales",
            "members": [
                ["$ref": nil, "value": "f648f8d5ea4e4cd38e9c"],
                ["Value": "u2", "Type": "User", "Display": "Joy Young", "$ref": "https://example.com/scim/Users/u2"],
                ["value": "g1", "type": "Group"],
            ],
        ])
        #expect(result.resource.keys == ["schemas", "displayName"])
        #expect(
            result.members == [
                .init(value: "f648f8d5ea4e4cd38e9c"),
                .init(value: "u2", type: "User", display: "Joy Young"),
                .init(value: "g1", type: "Group"),
            ]
        )
    }

    @Test func emptyMembersAreAnEmptyListNotAbsent() throws {
        #expect(try group.validateResource(["displayName": "G", "members": []]).members == [])
        #expect(try group.validateResource(["displayName": "G", "members": nil]).members == [])
    }

    @Test func singleMemberObjectIsWrapped() throws {
        let result = try group.validateResource(["displayName": "G", "members": ["value": "u1"]])
        #expect(result.members == [.init(value: "u1")])
    }

    @Test func duplicateMembersAreListedOnce() throws {
        let result = try group.validateResource(["displayName": "G", "members": [["value": "u1"], ["value": "u2"], ["value": "u1", "display": "again"]]])
        #expect(result.members?.map(\.value) == ["u1", "u2"])
    }

    @Test(arguments: GroupValidationTests.membersWithoutValue)
    func memberWithoutValueIsRejected(_ members: JSONValue) {
        let error = expectRejection(.invalidValue) { _ = try group.validateResource(["displayName": "G", "members": members]) }
        #expect(error?.detail == "Attribute 'members[1].value' is required: each member needs the non-empty id of a User or Group")
    }

    static let membersWithoutValue: [JSONValue] = [
        [["value": "u1"], ["display": "no id"]],
        [["value": "u1"], ["value": ""]],
        [["value": "u1"], ["value": nil, "type": "User"]],
    ]

    @Test func memberThatIsNotAnObjectIsRejected() {
        let error = expectRejection(.invalidValue) { _ = try group.validateResource(["displayName": "G", "members": ["u1"]]) }
        #expect(error?.detail == "Attribute 'members[0]' must be an object with a 'value' member id, got string")
    }

    @Test func capitalisedGroupAttributesAreCanonicalised() throws {
        let result = try group.validateResource(["DisplayName": "Sales", "ExternalId": "e1", "Members": [["Value": "u1"]]])
        #expect(JSONValue.object(result.resource) == ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Sales", "externalId": "e1"])
        #expect(result.members == [.init(value: "u1")])
    }

    @Test(arguments: GroupValidationTests.bodiesWithoutDisplayName)
    func missingOrEmptyDisplayNameIsRejected(_ body: JSONValue) {
        let error = expectRejection(.invalidValue) { _ = try group.validateResource(body) }
        #expect(error?.detail == "Attribute 'displayName' is required and must not be empty")
    }

    static let bodiesWithoutDisplayName: [JSONValue] = [
        ["externalId": "e1"],
        ["displayName": ""],
        ["displayName": nil, "members": [["value": "u1"]]],
    ]

    @Test func userAttributesInAGroupBodyAreUnknown() throws {
        let result = try group.validateResource(["displayName": "G", "userName": "u"])
        #expect(result.resource.keys == ["schemas", "displayName"])
        #expect(result.warnings == [ValidationWarning(path: "userName", reason: .unknownAttribute)])
    }
}
