import SCIMAdapter
import Testing

@Suite struct ResourceTypeDefinitionTests {
    @Test func attributeAndExtensionLookupsIgnoreCase() {
        let core = SchemaDefinition(
            id: "urn:ietf:params:scim:schemas:core:2.0:User",
            name: "User",
            description: "",
            attributes: [.init(name: "userName", type: .string, required: true, uniqueness: .server)]
        )
        let enterprise = SchemaDefinition(
            id: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            name: "EnterpriseUser",
            description: "",
            attributes: [.init(name: "department", type: .string)]
        )
        let user = ResourceTypeDefinition(
            name: "User",
            endpoint: "/Users",
            description: "",
            schema: core,
            extensions: [.init(schema: enterprise, required: false)]
        )
        #expect(user.schema.attribute(named: "USERNAME")?.name == "userName")
        #expect(user.extensionSchema(urn: "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER")?.name == "EnterpriseUser")
        #expect(user.allSchemas.map(\.name) == ["User", "EnterpriseUser"])
    }
}
