import Projections
import SCIMAdapter
import Testing

@Suite struct ResourceRenderingTests {
    let user = ResourceTypeDefinition.user
    let group = ResourceTypeDefinition.group
    static let enterprise = SchemaDefinition.URN.enterpriseUser
    static let custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User"

    /// A stored user as the directory keeps it (with a password hash that must never be rendered).
    let storedUser: JSONObject = {
        let value: JSONValue = [
            "schemas": [.string(SchemaDefinition.URN.user), .string(enterprise), .string(custom)],
            "id": "2819c223",
            "externalId": "jyoung",
            "meta": ["resourceType": "User", "created": "2018-03-27T19:59:26.000Z", "lastModified": "2018-03-27T19:59:26.000Z"],
            "userName": "jyoung@contoso.com",
            "password": "should-never-leave",
            "name": ["givenName": "Joy", "familyName": "Young"],
            "active": true,
            "emails": [["value": "jyoung@contoso.com", "type": "work", "primary": true], ["value": "joy@home.example", "type": "home"]],
            .init(stringLiteral: enterprise): ["department": "Sales", "manager": ["value": "m1"]],
            .init(stringLiteral: custom): ["CustomAttribute": "x"],
        ]
        return value.objectValue ?? JSONObject()
    }()

    @Test func defaultRenderingDropsPasswordAndKeepsEverythingElse() {
        let rendered = user.render(storedUser)
        var expected = storedUser
        expected["password"] = nil
        #expect(rendered == expected)
        #expect(rendered.keys.first == "schemas")
    }

    @Test func attributesIdReturnsOnlyIdAndSchemas() throws {
        let rendered = try user.render(storedUser, attributes: "id", excludedAttributes: nil)
        #expect(JSONValue.object(rendered) == ["schemas": [.string(SchemaDefinition.URN.user)], "id": "2819c223"])
    }

    @Test func attributesAlwaysIncludeId() throws {
        let rendered = try user.render(storedUser, attributes: "USERNAME", excludedAttributes: nil)
        #expect(rendered.keys == ["schemas", "id", "userName"])
    }

    @Test func subAttributePathsKeepOnlyThoseSubAttributes() throws {
        let rendered = try user.render(storedUser, attributes: "Name.GivenName,emails.value", excludedAttributes: nil)
        #expect(rendered["name"] == ["givenName": "Joy"])
        #expect(rendered["emails"] == [["value": "jyoung@contoso.com"], ["value": "joy@home.example"]])
        #expect(rendered.keys == ["schemas", "id", "name", "emails"])
    }

    @Test func qualifiedExtensionAttributeSelectsOnlyIt() throws {
        let rendered = try user.render(
            storedUser,
            attributes: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            excludedAttributes: nil
        )
        let expected: JSONValue = [
            "schemas": [.string(SchemaDefinition.URN.user), .string(Self.enterprise)],
            "id": "2819c223",
            .init(stringLiteral: Self.enterprise): ["manager": ["value": "m1"]],
        ]
        #expect(JSONValue.object(rendered) == expected)
    }

    @Test func unqualifiedExtensionAttributeResolvesToTheExtension() throws {
        let rendered = try user.render(storedUser, attributes: "department", excludedAttributes: nil)
        #expect(lookUp(rendered, .key(Self.enterprise)) == ["department": "Sales"])
    }

    @Test func wholeExtensionCanBeSelectedOrExcluded() throws {
        let selected = try user.render(storedUser, attributes: Self.enterprise, excludedAttributes: nil)
        #expect(lookUp(selected, .key(Self.enterprise)) == ["department": "Sales", "manager": ["value": "m1"]])
        let excluded = try user.render(storedUser, attributes: nil, excludedAttributes: Self.enterprise.lowercased())
        #expect(excluded[Self.enterprise] == nil)
        #expect(lookUp(excluded, "schemas") == [.string(SchemaDefinition.URN.user), .string(Self.custom)])
    }

    @Test func extensionLeftEmptyIsOmittedAndLeavesSchemas() throws {
        let rendered = try user.render(
            storedUser,
            attributes: nil,
            excludedAttributes: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,manager"
        )
        #expect(rendered[Self.enterprise] == nil)
        #expect(lookUp(rendered, "schemas") == [.string(SchemaDefinition.URN.user), .string(Self.custom)])
    }

    @Test func excludedSubAttributeIsRemovedFromEveryValue() throws {
        let rendered = try user.render(storedUser, attributes: nil, excludedAttributes: "emails.type, name.familyName, meta")
        #expect(rendered["emails"] == [["value": "jyoung@contoso.com", "primary": true], ["value": "joy@home.example"]])
        #expect(rendered["name"] == ["givenName": "Joy"])
        #expect(rendered["meta"] == nil)
    }

    @Test func alwaysReturnedAttributesCannotBeExcluded() throws {
        let rendered = try user.render(storedUser, attributes: nil, excludedAttributes: "id,schemas,userName")
        #expect(rendered["id"] == "2819c223")
        #expect(rendered["schemas"] != nil)
        #expect(rendered["userName"] == nil)
    }

    @Test func passwordIsNeverReturnedEvenWhenAskedFor() throws {
        let rendered = try user.render(storedUser, attributes: "password,userName", excludedAttributes: nil)
        #expect(rendered.keys == ["schemas", "id", "userName"])
    }

    @Test func unknownAttributeNamesAreIgnored() throws {
        let rendered = try user.render(storedUser, attributes: "nickName,favouriteColour", excludedAttributes: "foo.bar")
        #expect(rendered.keys == ["schemas", "id"])
        #expect(try user.render(storedUser, attributes: nil, excludedAttributes: "foo") == user.render(storedUser))
    }

    @Test func schemalessExtensionAttributesCanBeSelected() throws {
        let rendered = try user.render(storedUser, attributes: "\(Self.custom):customattribute", excludedAttributes: nil)
        #expect(lookUp(rendered, .key(Self.custom)) == ["CustomAttribute": "x"])
        #expect(lookUp(rendered, "schemas") == [.string(SchemaDefinition.URN.user), .string(Self.custom)])
    }

    @Test func bothParametersApplyInOrder() throws {
        let rendered = try user.render(storedUser, attributes: "name,emails", excludedAttributes: "name.givenName,emails.primary")
        #expect(rendered["name"] == ["familyName": "Young"])
        #expect(rendered["emails"] == [["value": "jyoung@contoso.com", "type": "work"], ["value": "joy@home.example", "type": "home"]])
    }

    @Test func malformedParameterIsRejected() {
        let error = expectRejection(.invalidValue) {
            _ = try user.render(storedUser, attributes: "emails[type eq \"work\"].value", excludedAttributes: nil)
        }
        #expect(error?.detail.contains("attributes parameter") == true)
    }

    /// entra-behaviour §1.2 "Get Group" / §3.5: `excludedAttributes=members` must remove the key entirely.
    @Test func excludedMembersRemovesTheMembersKeyFromAGroup() throws {
        let stored: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "40734ae655284ad3abcc",
            "externalId": "60f1bb27-2e1e-402d-bcc4-ec999564a194",
            "meta": ["resourceType": "Group", "created": "2018-03-27T19:59:26.000Z", "lastModified": "2018-03-27T19:59:26.000Z"],
            "displayName": "displayName",
            "members": [["value": "u1", "type": "User"], ["value": "u2"]],
        ]
        let object = try #require(stored.objectValue)
        let selection = try AttributeSelection(attributes: nil, excludedAttributes: "members")
        let rendered = group.render(object, selection: selection)
        var expected = object
        expected["members"] = nil
        #expect(rendered == expected)
        #expect(group.returnsAttribute(named: "members", selection: selection) == false)
        #expect(group.returnsAttribute(named: "Members", selection: .all) == true)
        #expect(group.returnsAttribute(named: "members", selection: try AttributeSelection(attributes: "displayName", excludedAttributes: nil)) == false)
        #expect(group.returnsAttribute(named: "id", selection: try AttributeSelection(attributes: "displayName", excludedAttributes: "id")) == true)
        #expect(try group.render(object, attributes: "members.value", excludedAttributes: nil)["members"] == [["value": "u1"], ["value": "u2"]])
    }

    @Test func returnedRequestAttributesAppearOnlyWhenAsked() throws {
        let schema = SchemaDefinition(
            id: "urn:example:schemas:Thing",
            name: "Thing",
            description: "",
            attributes: [
                AttributeDefinition(name: "label", type: .string),
                AttributeDefinition(name: "secretHint", type: .string, returned: .request),
                AttributeDefinition(
                    name: "detail",
                    type: .complex,
                    subAttributes: [AttributeDefinition(name: "a", type: .string), AttributeDefinition(name: "b", type: .string, returned: .request)]
                ),
            ]
        )
        let things = ResourceTypeDefinition(name: "Thing", endpoint: "/Things", description: "", schema: schema, extensions: [])
        let stored: JSONValue = ["schemas": ["urn:example:schemas:Thing"], "id": "t1", "label": "L", "secretHint": "H", "detail": ["a": "A", "b": "B"]]
        let object = try #require(stored.objectValue)
        #expect(things.render(object).keys == ["schemas", "id", "label", "detail"])
        #expect(things.render(object)["detail"] == ["a": "A"])
        #expect(try things.render(object, attributes: "secretHint,detail.b", excludedAttributes: nil).keys == ["schemas", "id", "secretHint", "detail"])
        #expect(try things.render(object, attributes: "detail.b", excludedAttributes: nil)["detail"] == ["b": "B"])
    }
}
