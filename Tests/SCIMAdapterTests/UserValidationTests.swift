import Projections
import SCIMAdapter
import Testing

@Suite struct UserValidationTests {
    let user = ResourceTypeDefinition.user
    let enterprise = SchemaDefinition.URN.enterpriseUser

    /// entra-behaviour §1.1 "Create User" request body, verbatim.
    @Test func entraDocumentedCreateUserBodyIsStoredCanonically() throws {
        let body: JSONValue = [
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            ],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            "active": true,
            "emails": [
                [
                    "primary": true,
                    "type": "work",
                    "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com",
                ]
            ],
            "meta": ["resourceType": "User"],
            "name": [
                "formatted": "givenName familyName",
                "familyName": "familyName",
                "givenName": "givenName",
            ],
            "roles": [],
        ]
        let result = try user.validateResource(body)
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            "active": true,
            "emails": [
                [
                    "primary": true,
                    "type": "work",
                    "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com",
                ]
            ],
            "name": [
                "formatted": "givenName familyName",
                "familyName": "familyName",
                "givenName": "givenName",
            ],
        ]
        #expect(JSONValue.object(result.resource) == expected)
        #expect(result.resource.keys.first == "schemas")
        #expect(result.warnings == [ValidationWarning(path: "meta", reason: .readOnly)])
        #expect(result.password == nil)
        #expect(result.members == nil)
    }

    /// entra-behaviour §1.4 Example 2: typo'd enterprise URN, explicit nulls, unqualified enterprise attributes.
    @Test func entraLegacyBodyWithNullsAndTypoedURN() throws {
        let body: JSONValue = [
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0User",
            ],
            "externalId": "jyoung",
            "userName": "jyoung@testuser.com",
            "active": true,
            "addresses": nil,
            "displayName": "Joy Young",
            "emails": [["type": "work", "value": "jyoung@Contoso.com", "primary": true]],
            "meta": ["resourceType": "User"],
            "name": ["familyName": "Young", "givenName": "Joy"],
            "phoneNumbers": nil,
            "preferredLanguage": nil,
            "title": nil,
            "department": nil,
            "manager": nil,
        ]
        let result = try user.validateResource(body)
        #expect(result.resource.keys == ["schemas", "externalId", "userName", "active", "displayName", "emails", "name"])
        #expect(lookUp(result.resource, "schemas") == ["urn:ietf:params:scim:schemas:core:2.0:User"])
        #expect(lookUp(result.resource, "emails", 0, "value") == "jyoung@Contoso.com")
    }

    @Test func attributeNamesMatchCaseInsensitivelyAndAreStoredCanonically() throws {
        let body: JSONValue = [
            "Schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "UserName": "Joy.Young@Contoso.com",
            "Active": "True",
            "NAME": ["GivenName": "Joy", "FAMILYNAME": "Young"],
            "Emails": [["Value": "joy@contoso.com", "Type": "work", "Primary": "true"]],
            "ExternalID": "jyoung",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["Department": "Sales", "EmployeeNumber": "42"],
        ]
        let result = try user.validateResource(body)
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "Joy.Young@Contoso.com",
            "active": true,
            "name": ["givenName": "Joy", "familyName": "Young"],
            "emails": [["value": "joy@contoso.com", "type": "work", "primary": true]],
            "externalId": "jyoung",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": "Sales", "employeeNumber": "42"],
        ]
        #expect(JSONValue.object(result.resource) == expected)
        #expect(result.warnings.isEmpty)
    }

    @Test(arguments: [
        ("True", true), ("False", false), ("true", true), ("false", false), ("TRUE", true), ("fAlSe", false),
    ])
    func booleansMayArriveAsStringsInAnyCase(text: String, expected: Bool) throws {
        let result = try user.validateResource(["userName": "u", "active": .string(text)])
        #expect(result.resource["active"] == .bool(expected))
    }

    @Test func valuesAreStoredExactlyAsSent() throws {
        let result = try user.validateResource([
            "userName": "  Joy.YOUNG@Contoso.com ",
            "phoneNumbers": [["type": "work", "value": "55555555555"]],
            "displayName": "",
        ])
        #expect(result.resource["userName"] == "  Joy.YOUNG@Contoso.com ")
        #expect(lookUp(result.resource, "phoneNumbers", 0, "value") == "55555555555")
        #expect(result.resource["displayName"] == "")
    }

    @Test func numbersAndBooleansSentForStringAttributesKeepTheirLiteralText() throws {
        let literal = try #require(JSONNumber(literal: "120.50"))
        let result = try user.validateResource([
            "userName": "u",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["employeeNumber": .number(literal), "costCenter": true],
        ])
        #expect(lookUp(result.resource, .key(enterprise), "employeeNumber") == "120.50")
        #expect(lookUp(result.resource, .key(enterprise), "costCenter") == "true")
    }

    @Test func fullyQualifiedAttributeKeysAreAccepted() throws {
        let result = try user.validateResource([
            "urn:ietf:params:scim:schemas:core:2.0:User:userName": "jyoung",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:name.givenName": "Joy",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Retail",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
        ])
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "jyoung",
            "name": ["givenName": "Joy"],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": "Retail", "employeeNumber": "Aklq"],
        ]
        #expect(JSONValue.object(result.resource) == expected)
    }

    @Test func qualifiedKeysMergeWithTheExtensionObject() throws {
        let result = try user.validateResource([
            "userName": "u",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": "Retail"],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "CC1",
        ])
        #expect(lookUp(result.resource, .key(enterprise)) == ["department": "Retail", "costCenter": "CC1"])
    }

    @Test func extensionObjectWithoutItsURNInSchemasIsRecognised() throws {
        let result = try user.validateResource([
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "u",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": ["department": "Retail"],
        ])
        #expect(lookUp(result.resource, "schemas") == ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])
        #expect(lookUp(result.resource, .key(enterprise), "department") == "Retail")
    }

    @Test func listedExtensionWithoutAttributesIsNotKeptInSchemas() throws {
        let result = try user.validateResource([
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "u",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": [:],
        ])
        #expect(lookUp(result.resource, "schemas") == ["urn:ietf:params:scim:schemas:core:2.0:User"])
        #expect(result.resource[enterprise] == nil)
    }

    @Test func unknownAttributesAreDroppedWithWarnings() throws {
        let result = try user.validateResource([
            "userName": "u",
            "favouriteColour": "blue",
            "urn:ietf:params:scim:schemas:core:2.0:User:role": "Admin",
            "emails": [["value": "a@b.c", "verified": true]],
            "name": ["givenName": "Joy", "nickname": "J"],
        ])
        #expect(result.resource.keys == ["schemas", "userName", "emails", "name"])
        #expect(
            result.warnings == [
                ValidationWarning(path: "favouriteColour", reason: .unknownAttribute),
                ValidationWarning(path: "urn:ietf:params:scim:schemas:core:2.0:User:role", reason: .unknownAttribute),
                ValidationWarning(path: "emails[0].verified", reason: .unknownSubAttribute),
                ValidationWarning(path: "name.nickname", reason: .unknownSubAttribute),
            ]
        )
        #expect(result.warnings[0].description == "Ignored unknown attribute 'favouriteColour'")
    }

    @Test func unknownExtensionObjectsAreKeptVerbatimAndListedInSchemas() throws {
        let custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User"
        let result = try user.validateResource([
            "userName": "u",
            .init(stringLiteral: custom): ["CustomAttribute": "Value", "Nested": ["a": 1.50], "Empty": nil],
        ])
        #expect(lookUp(result.resource, .key(custom)) == ["CustomAttribute": "Value", "Nested": ["a": 1.50], "Empty": nil])
        #expect(lookUp(result.resource, "schemas") == ["urn:ietf:params:scim:schemas:core:2.0:User", .string(custom)])
    }

    @Test func fullyQualifiedAttributesOfUnknownExtensionsAreGroupedUnderTheirURN() throws {
        let result = try user.validateResource([
            "userName": "u",
            "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute": "x",
            "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Other": "y",
        ])
        let custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User"
        #expect(lookUp(result.resource, .key(custom)) == ["CustomAttribute": "x", "Other": "y"])
        #expect(lookUp(result.resource, "schemas", 1) == .string(custom))
    }

    @Test func readOnlyAttributesAreIgnoredNotRejected() throws {
        let result = try user.validateResource([
            "id": "client-chosen-id",
            "userName": "u",
            "meta": ["resourceType": "User", "created": "not a date"],
            "groups": [["value": "g1", "display": "Group 1"]],
        ])
        #expect(result.resource.keys == ["schemas", "userName"])
        #expect(result.warnings.map(\.path) == ["id", "meta", "groups"])
        #expect(result.warnings.allSatisfy { $0.reason == .readOnly })
    }

    @Test func passwordIsReturnedSeparatelyAndNotStored() throws {
        let result = try user.validateResource(["userName": "u", "Password": "t1meMa$heen"])
        #expect(result.password == "t1meMa$heen")
        #expect(result.resource["password"] == nil)
        #expect(result.resource.keys == ["schemas", "userName"])
    }

    @Test func multiValuedAttributeSentAsSingleValueIsWrapped() throws {
        let result = try user.validateResource(["userName": "u", "emails": ["value": "a@b.c", "type": "work"]])
        #expect(result.resource["emails"] == [["value": "a@b.c", "type": "work"]])
    }

    @Test func singleValuedAttributeSentAsOneElementArrayIsUnwrapped() throws {
        let result = try user.validateResource(["userName": ["u"], "displayName": ["Joy"], "name": [["givenName": "Joy"]]])
        #expect(result.resource["userName"] == "u")
        #expect(result.resource["displayName"] == "Joy")
        #expect(result.resource["name"] == ["givenName": "Joy"])
    }

    @Test func nullAndEmptyValuesMeanNoValue() throws {
        let result = try user.validateResource([
            "userName": "u", "roles": [], "emails": [nil], "name": ["givenName": nil], "title": nil, "entitlements": [[:]],
        ])
        #expect(result.resource.keys == ["schemas", "userName"])
    }

    @Test func rolesKeepStringifiedJSONValues() throws {
        let role = #"{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}"#
        let result = try user.validateResource([
            "userName": "u",
            "roles": [
                ["primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"],
                ["value": .string(role)],
            ],
        ])
        #expect(lookUp(result.resource, "roles", 0) == ["primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"])
        #expect(lookUp(result.resource, "roles", 1, "value") == .string(role))
    }

    @Test func onePrimaryAmongSeveralValuesIsAccepted() throws {
        let result = try user.validateResource([
            "userName": "u",
            "emails": [["value": "a@b.c", "primary": true], ["value": "d@e.f", "primary": false]],
        ])
        #expect(lookUp(result.resource, "emails", 1, "primary") == false)
    }

    @Test func sameAttributeWithEqualValuesInTwoSpellingsIsAccepted() throws {
        let result = try user.validateResource([
            "userName": "a",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName": "a",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": "X"],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "X",
        ])
        #expect(result.resource["userName"] == "a")
        #expect(lookUp(result.resource, .key(enterprise), "department") == "X")
    }
}
