import Projections
import SCIMAdapter
import Testing

@Suite struct SchemaDefinitionTests {
    @Test func standardResourceTypes() {
        let user = ResourceTypeDefinition.user
        #expect(user.schema.id == "urn:ietf:params:scim:schemas:core:2.0:User")
        #expect(user.endpoint == "/Users")
        #expect(user.extensions.map(\.schema.id) == ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])
        #expect(user.extensions.map(\.required) == [false])
        let group = ResourceTypeDefinition.group
        #expect(group.schema.id == "urn:ietf:params:scim:schemas:core:2.0:Group")
        #expect(group.endpoint == "/Groups")
        #expect(group.extensions.isEmpty)
    }

    @Test func commonAttributesFollowRFC7643Section3_1() throws {
        let id = try #require(SchemaDefinition.commonAttribute(named: "ID"))
        #expect(id.mutability == .readOnly && id.returned == .always && id.caseExact && id.uniqueness == .server)
        let externalId = try #require(SchemaDefinition.commonAttribute(named: "externalid"))
        #expect(externalId.mutability == .readWrite && externalId.caseExact && externalId.uniqueness == .none)
        let meta = try #require(SchemaDefinition.commonAttribute(named: "meta"))
        #expect(meta.mutability == .readOnly)
        #expect(meta.subAttributes.map(\.name) == ["resourceType", "created", "lastModified", "location", "version"])
        #expect(meta.subAttributes.allSatisfy { $0.mutability == .readOnly })
    }

    @Test func multiValuedUserAttributesHaveTheRFCSubAttributes() throws {
        let user = SchemaDefinition.user
        for name in ["emails", "phoneNumbers", "ims", "photos", "entitlements", "roles", "x509Certificates"] {
            let attribute = try #require(user.attribute(named: name))
            #expect(attribute.multiValued && attribute.type == .complex)
            #expect(attribute.subAttributes.map(\.name) == ["value", "display", "type", "primary"])
        }
        #expect(user.attribute(named: "phoneNumbers")?.subAttribute(named: "type")?.canonicalValues == ["work", "home", "mobile", "fax", "pager", "other"])
        #expect(user.attribute(named: "ims")?.subAttribute(named: "type")?.canonicalValues == ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"])
        #expect(user.attribute(named: "photos")?.subAttribute(named: "type")?.canonicalValues == ["photo", "thumbnail"])
        #expect(user.attribute(named: "x509Certificates")?.subAttribute(named: "value")?.type == .binary)
        #expect(
            user.attribute(named: "addresses")?.subAttributes.map(\.name)
                == ["formatted", "streetAddress", "locality", "region", "postalCode", "country", "type", "primary"]
        )
        let groups = try #require(user.attribute(named: "groups"))
        #expect(groups.mutability == .readOnly)
        #expect(groups.subAttributes.map(\.name) == ["value", "$ref", "display", "type"])
        #expect(groups.subAttributes.allSatisfy { $0.mutability == .readOnly })
        #expect(groups.subAttribute(named: "type")?.canonicalValues == ["direct", "indirect"])
    }

    @Test func enterpriseExtensionAttributes() {
        let enterprise = SchemaDefinition.enterpriseUser
        #expect(enterprise.attributes.map(\.name) == ["employeeNumber", "costCenter", "organization", "division", "department", "manager"])
        #expect(enterprise.attribute(named: "manager")?.subAttributes.map(\.name) == ["value", "$ref", "displayName"])
    }
}
