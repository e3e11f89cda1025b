import Projections
import SCIMAdapter
import Testing

@Suite struct DiscoveryDocumentTests {
    let base = "https://scim.example.com/scim/v2/"

    /// The `/Schemas` representation of the schema with `urn`, from the ListResponse.
    private func schemaResource(_ urn: String) -> JSONValue? {
        let list = DiscoveryListResponse.schemas(baseURL: base)
        return lookUp(list, "Resources")?.arrayValue?.first { lookUp($0, "id") == .string(urn) }
    }

    /// The representation of the attribute `path` (`name` or `name.sub`) in the schema `urn`.
    private func attribute(_ path: String, in urn: String) -> JSONValue? {
        let names = path.split(separator: ".").map(String.init)
        var candidates = lookUp(schemaResource(urn), "attributes")?.arrayValue ?? []
        var found: JSONValue?
        for name in names {
            found = candidates.first { lookUp($0, "name") == .string(name) }
            candidates = lookUp(found, "subAttributes")?.arrayValue ?? []
        }
        return found
    }

    /// Every attribute of the product's Entra mapping table (`001_b0c2d84675ed11a9.txt`).
    @Test(arguments: [
        ("userName", SchemaDefinition.URN.user),
        ("name.givenName", SchemaDefinition.URN.user),
        ("name.familyName", SchemaDefinition.URN.user),
        ("emails.value", SchemaDefinition.URN.user),
        ("emails.primary", SchemaDefinition.URN.user),
        ("displayName", SchemaDefinition.URN.user),
        ("active", SchemaDefinition.URN.user),
        ("title", SchemaDefinition.URN.user),
        ("locale", SchemaDefinition.URN.user),
        ("userType", SchemaDefinition.URN.user),
        ("department", SchemaDefinition.URN.enterpriseUser),
        ("costCenter", SchemaDefinition.URN.enterpriseUser),
        ("organization", SchemaDefinition.URN.enterpriseUser),
        ("employeeNumber", SchemaDefinition.URN.enterpriseUser),
        ("manager.value", SchemaDefinition.URN.enterpriseUser),
    ])
    func productMappingAttributesAreDiscoverable(path: String, urn: String) throws {
        let definition = try #require(attribute(path, in: urn))
        #expect(lookUp(definition, "mutability") == "readWrite")
        #expect(lookUp(definition, "returned") == "default")
    }

    @Test func mappingTableTypesAreRight() {
        let user = SchemaDefinition.URN.user
        #expect(lookUp(attribute("userName", in: user), "required") == true)
        #expect(lookUp(attribute("userName", in: user), "uniqueness") == "server")
        #expect(lookUp(attribute("userName", in: user), "caseExact") == false)
        #expect(lookUp(attribute("active", in: user), "type") == "boolean")
        #expect(lookUp(attribute("emails", in: user), "multiValued") == true)
        #expect(lookUp(attribute("emails.type", in: user), "canonicalValues") == ["work", "home", "other"])
        #expect(lookUp(attribute("manager", in: SchemaDefinition.URN.enterpriseUser), "type") == "complex")
        #expect(lookUp(attribute("manager.displayName", in: SchemaDefinition.URN.enterpriseUser), "mutability") == "readOnly")
        #expect(lookUp(attribute("manager.$ref", in: SchemaDefinition.URN.enterpriseUser), "referenceTypes") == ["User"])
    }

    @Test func passwordIsWriteOnlyAndNeverReturned() {
        let password = attribute("password", in: SchemaDefinition.URN.user)
        #expect(lookUp(password, "mutability") == "writeOnly")
        #expect(lookUp(password, "returned") == "never")
    }

    @Test func groupSchemaHasDisplayNameAndMembers() {
        let group = SchemaDefinition.URN.group
        #expect(lookUp(attribute("displayName", in: group), "required") == true)
        #expect(lookUp(attribute("members", in: group), "multiValued") == true)
        #expect(lookUp(attribute("members.value", in: group), "mutability") == "immutable")
        #expect(lookUp(attribute("members.type", in: group), "canonicalValues") == ["User", "Group"])
    }

    @Test func schemasListResponseHasEachSchemaOnceWithMeta() throws {
        let list = DiscoveryListResponse.schemas(baseURL: base)
        #expect(lookUp(list, "schemas") == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
        #expect(lookUp(list, "totalResults") == 3)
        #expect(lookUp(list, "itemsPerPage") == 3)
        #expect(lookUp(list, "startIndex") == 1)
        let ids = (lookUp(list, "Resources")?.arrayValue ?? []).map { lookUp($0, "id") }
        #expect(ids == [.string(SchemaDefinition.URN.user), .string(SchemaDefinition.URN.enterpriseUser), .string(SchemaDefinition.URN.group)])
        let user = try #require(schemaResource(SchemaDefinition.URN.user))
        #expect(lookUp(user, "schemas") == ["urn:ietf:params:scim:schemas:core:2.0:Schema"])
        #expect(lookUp(user, "name") == "User")
        #expect(lookUp(user, "meta") == ["resourceType": "Schema", "location": "https://scim.example.com/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"])
        #expect(!containsJSONNull(list))
    }

    @Test func everyUserAttributeOfRFC7643IsListedAndCommonAttributesAreNot() {
        let names = (lookUp(schemaResource(SchemaDefinition.URN.user), "attributes")?.arrayValue ?? []).compactMap { lookUp($0, "name")?.stringValue }
        #expect(
            names == [
                "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale",
                "timezone", "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements",
                "roles", "x509Certificates",
            ]
        )
    }

    @Test func attributeRepresentationCarriesEveryCharacteristic() {
        let photosValue = attribute("photos.value", in: SchemaDefinition.URN.user)
        let keys = photosValue?.objectValue?.keys ?? []
        #expect(keys == ["name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness", "referenceTypes"])
        #expect(lookUp(photosValue, "referenceTypes") == ["external"])
        #expect(lookUp(attribute("name", in: SchemaDefinition.URN.user), "subAttributes")?.arrayValue?.count == 6)
        #expect(lookUp(attribute("groups", in: SchemaDefinition.URN.user), "mutability") == "readOnly")
    }

    @Test func resourceTypesListResponse() throws {
        let list = DiscoveryListResponse.resourceTypes(baseURL: "https://scim.example.com/scim/v2")
        #expect(lookUp(list, "totalResults") == 2)
        let user: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "User Account",
            "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
            "schemaExtensions": [["schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "required": false]],
            "meta": ["resourceType": "ResourceType", "location": "https://scim.example.com/scim/v2/ResourceTypes/User"],
        ]
        #expect(lookUp(list, "Resources", 0) == user)
        let group = try #require(lookUp(list, "Resources", 1))
        #expect(lookUp(group, "endpoint") == "/Groups")
        #expect(lookUp(group, "schema") == "urn:ietf:params:scim:schemas:core:2.0:Group")
        #expect(lookUp(group, "schemaExtensions") == nil)
    }

    @Test func serviceProviderConfigAdvertisesTheConfiguredFeatures() {
        let configuration = ServiceProviderConfiguration(
            documentationURI: "https://example.com/docs/scim",
            bulk: .init(supported: true, maxOperations: 100, maxPayloadSize: 1_048_576),
            filter: .init(supported: true, maxResults: 500)
        )
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://example.com/docs/scim",
            "patch": ["supported": true],
            "bulk": ["supported": true, "maxOperations": 100, "maxPayloadSize": 1_048_576],
            "filter": ["supported": true, "maxResults": 500],
            "pagination": [
                "cursor": true, "index": true, "defaultPaginationMethod": "index", "defaultPageSize": 100, "maxPageSize": 200,
                "cursorTimeout": 86_400,
            ],
            "changePassword": ["supported": false],
            "sort": ["supported": true],
            "etag": ["supported": true],
            "authenticationSchemes": [
                [
                    "type": "oauthbearertoken",
                    "name": "OAuth Bearer Token",
                    "description": "Authentication scheme using the OAuth Bearer Token Standard",
                    "specUri": "https://www.rfc-editor.org/info/rfc6750",
                    "primary": true,
                ]
            ],
            "meta": ["resourceType": "ServiceProviderConfig", "location": "https://scim.example.com/scim/v2/ServiceProviderConfig"],
        ]
        #expect(configuration.representation(baseURL: base) == expected)
    }

    @Test func defaultServiceProviderConfigHasNoNullsAndSupportsPatchBulkAndCursors() {
        let document = ServiceProviderConfiguration().representation(baseURL: base)
        #expect(lookUp(document, "patch", "supported") == true)
        #expect(lookUp(document, "bulk", "supported") == true)
        #expect(lookUp(document, "pagination", "cursor") == true)
        #expect(lookUp(document, "pagination", "defaultPaginationMethod") == "index")
        #expect(lookUp(document, "documentationUri") == nil)
        #expect(!containsJSONNull(document))
    }
}
