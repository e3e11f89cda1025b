import Projections
import SCIMAdapter
import Testing

@Suite struct AttributeSelectionPathTests {
    @Test func parsesPlainSubAttributeAndQualifiedPaths() throws {
        #expect(AttributeSelection.Path("userName") == AttributeSelection.Path(attribute: "userName"))
        #expect(AttributeSelection.Path("name.givenName") == AttributeSelection.Path(attribute: "name", subAttribute: "givenName"))
        #expect(AttributeSelection.Path("members.$ref") == AttributeSelection.Path(attribute: "members", subAttribute: "$ref"))
        #expect(
            AttributeSelection.Path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
                == AttributeSelection.Path(schemaURN: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attribute: "manager", subAttribute: "value")
        )
        #expect(
            AttributeSelection.Path("URN:ietf:params:scim:schemas:core:2.0:User:userName")
                == AttributeSelection.Path(schemaURN: "URN:ietf:params:scim:schemas:core:2.0:User", attribute: "userName")
        )
        #expect(AttributeSelection.Path("name.givenName")?.description == "name.givenName")
    }

    @Test(arguments: [
        "", "emails[type eq \"work\"].value", "name.givenName.extra", "1abc", "user name", ".value", "name.", "urn:", "urn:x:",
        "http://example.com:attr", "a,b",
    ])
    func rejectsMalformedPaths(_ text: String) {
        #expect(AttributeSelection.Path(text) == nil)
    }

    @Test func parameterListIsLenientAboutSpacesAndEmptyItems() throws {
        let paths = try AttributeSelection.Path.list(" userName , name.givenName,,emails.value,", parameterName: "attributes")
        #expect(paths.map(\.description) == ["userName", "name.givenName", "emails.value"])
        #expect(try AttributeSelection.Path.list(nil, parameterName: "attributes").isEmpty)
        #expect(try AttributeSelection.Path.list("", parameterName: "attributes").isEmpty)
    }

    @Test func malformedParameterIsInvalidValue() {
        let error = expectRejection(.invalidValue) {
            _ = try AttributeSelection(attributes: nil, excludedAttributes: "members[value eq \"1\"]")
        }
        #expect(error?.detail.hasPrefix("The excludedAttributes parameter contains 'members[value eq \"1\"]', which is not an attribute path") == true)
    }

    @Test func resolvesAgainstCoreCommonAndExtensionSchemas() throws {
        let user = ResourceTypeDefinition.user
        let enterprise = SchemaDefinition.URN.enterpriseUser
        let userName = try #require(user.resolve(AttributeSelection.Path(attribute: "USERNAME")))
        #expect(userName.schemaURN == SchemaDefinition.URN.user && userName.isCore && userName.attribute.name == "userName")
        #expect(user.resolve(AttributeSelection.Path(attribute: "id"))?.attribute.returned == .always)
        #expect(user.attribute(path: AttributeSelection.Path(attribute: "meta", subAttribute: "LASTMODIFIED"))?.type == .dateTime)
        let manager = try #require(user.resolve(AttributeSelection.Path(attribute: "manager", subAttribute: "value")))
        #expect(manager.schemaURN == enterprise && !manager.isCore && manager.subAttribute?.name == "value")
        #expect(user.resolve(AttributeSelection.Path(schemaURN: enterprise.uppercased(), attribute: "department"))?.attribute.name == "department")
        #expect(user.resolve(AttributeSelection.Path(schemaURN: SchemaDefinition.URN.user, attribute: "department")) == nil)
        #expect(user.resolve(AttributeSelection.Path(attribute: "name", subAttribute: "nope")) == nil)
        #expect(user.resolve(AttributeSelection.Path(schemaURN: "urn:example:unknown", attribute: "userName")) == nil)
    }
}
