import Projections
import SCIMAdapter
import Testing

/// Compact User / EnterpriseUser / Group definitions and realistic resources for the filter and
/// PATCH tests. The production schema definitions live elsewhere; these carry just the
/// characteristics the filter and PATCH code depend on (types, caseExact, mutability, required).
enum FilterPatchFixtures {
    static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"

    static func multiValued(
        _ name: String, _ subAttributes: [AttributeDefinition], mutability: AttributeDefinition.Mutability = .readWrite
    ) -> AttributeDefinition {
        AttributeDefinition(name: name, type: .complex, multiValued: true, mutability: mutability, subAttributes: subAttributes)
    }

    static let typedValueSubAttributes: [AttributeDefinition] = [
        AttributeDefinition(name: "value", type: .string),
        AttributeDefinition(name: "display", type: .string),
        AttributeDefinition(name: "type", type: .string, canonicalValues: ["work", "home", "other", "mobile", "fax"]),
        AttributeDefinition(name: "primary", type: .boolean),
    ]

    static let meta = AttributeDefinition(
        name: "meta", type: .complex, mutability: .readOnly,
        subAttributes: [
            AttributeDefinition(name: "resourceType", type: .string, caseExact: true, mutability: .readOnly),
            AttributeDefinition(name: "created", type: .dateTime, mutability: .readOnly),
            AttributeDefinition(name: "lastModified", type: .dateTime, mutability: .readOnly),
            AttributeDefinition(name: "location", type: .reference, caseExact: true, mutability: .readOnly),
        ]
    )

    static let userSchema = SchemaDefinition(
        id: userURN, name: "User", description: "User Account",
        attributes: [
            AttributeDefinition(name: "id", type: .string, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server),
            AttributeDefinition(name: "externalId", type: .string, caseExact: true),
            meta,
            AttributeDefinition(name: "userName", type: .string, required: true, caseExact: false, uniqueness: .server),
            AttributeDefinition(
                name: "name", type: .complex,
                subAttributes: [
                    AttributeDefinition(name: "formatted", type: .string),
                    AttributeDefinition(name: "familyName", type: .string),
                    AttributeDefinition(name: "givenName", type: .string),
                ]
            ),
            AttributeDefinition(name: "displayName", type: .string),
            AttributeDefinition(name: "nickName", type: .string),
            AttributeDefinition(name: "title", type: .string),
            AttributeDefinition(name: "preferredLanguage", type: .string),
            AttributeDefinition(name: "active", type: .boolean),
            multiValued("emails", typedValueSubAttributes),
            multiValued("phoneNumbers", typedValueSubAttributes),
            multiValued(
                "addresses",
                [
                    AttributeDefinition(name: "type", type: .string),
                    AttributeDefinition(name: "formatted", type: .string),
                    AttributeDefinition(name: "streetAddress", type: .string),
                    AttributeDefinition(name: "locality", type: .string),
                    AttributeDefinition(name: "region", type: .string),
                    AttributeDefinition(name: "postalCode", type: .string),
                    AttributeDefinition(name: "country", type: .string),
                    AttributeDefinition(name: "primary", type: .boolean),
                ]
            ),
            multiValued("roles", typedValueSubAttributes),
            multiValued(
                "groups",
                [
                    AttributeDefinition(name: "value", type: .string, mutability: .readOnly),
                    AttributeDefinition(name: "$ref", type: .reference, mutability: .readOnly),
                    AttributeDefinition(name: "display", type: .string, mutability: .readOnly),
                ],
                mutability: .readOnly
            ),
        ]
    )

    static let enterpriseSchema = SchemaDefinition(
        id: enterpriseURN, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            AttributeDefinition(name: "employeeNumber", type: .string),
            AttributeDefinition(name: "costCenter", type: .string),
            AttributeDefinition(name: "department", type: .string),
            AttributeDefinition(
                name: "manager", type: .complex,
                subAttributes: [
                    AttributeDefinition(name: "value", type: .string),
                    AttributeDefinition(name: "$ref", type: .reference),
                    AttributeDefinition(name: "displayName", type: .string, mutability: .readOnly),
                ]
            ),
        ]
    )

    static let user = ResourceTypeDefinition(
        name: "User", endpoint: "/Users", description: "User Account", schema: userSchema,
        extensions: [.init(schema: enterpriseSchema, required: false)]
    )

    static let groupSchema = SchemaDefinition(
        id: groupURN, name: "Group", description: "Group",
        attributes: [
            AttributeDefinition(name: "id", type: .string, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server),
            AttributeDefinition(name: "externalId", type: .string, caseExact: true),
            meta,
            AttributeDefinition(name: "displayName", type: .string, required: true),
            multiValued(
                "members",
                [
                    AttributeDefinition(name: "value", type: .string, caseExact: true, mutability: .immutable),
                    AttributeDefinition(name: "$ref", type: .reference, mutability: .immutable),
                    AttributeDefinition(name: "display", type: .string, mutability: .readOnly),
                    AttributeDefinition(name: "type", type: .string, mutability: .immutable),
                ]
            ),
        ]
    )

    static let group = ResourceTypeDefinition(
        name: "Group", endpoint: "/Groups", description: "Group", schema: groupSchema, extensions: []
    )

    /// A provisioned user as the directory stores it (based on entra-behaviour.md §1.1).
    static let storedUser: JSONValue = [
        "schemas": [.string(userURN), .string(enterpriseURN)],
        "id": "2441309d85324e7793ae",
        "externalId": "7fce0092-d52e-4f76-b727-3955bd72c939",
        "meta": [
            "resourceType": "User",
            "created": "2018-03-27T19:59:26.000Z",
            "lastModified": "2018-03-27T19:59:26.000Z",
        ],
        "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
        "name": ["formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"],
        "displayName": "Test User",
        "title": "Engineer",
        "active": true,
        "emails": [
            ["value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
        ],
        "phoneNumbers": [["value": "+1 425 555 0100", "type": "work"]],
        "addresses": [["type": "work", "streetAddress": "1 Microsoft Way", "postalCode": "98052", "country": "US"]],
        enterpriseURN: ["employeeNumber": "701984", "department": "Sales"],
    ]

    /// A provisioned group (entra-behaviour.md §1.2); members are not part of the stored JSON.
    static let storedGroup: JSONValue = [
        "schemas": [.string(groupURN)],
        "id": "a99962b9f99d4c4fac67",
        "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        "meta": ["resourceType": "Group", "created": "2018-03-27T19:59:26.000Z", "lastModified": "2018-03-27T19:59:26.000Z"],
        "displayName": "displayName",
    ]

    static var userObject: JSONObject { storedUser.objectValue ?? JSONObject() }
    static var groupObject: JSONObject { storedGroup.objectValue ?? JSONObject() }
}

extension JSONValue {
    /// The object payload, recording a test issue when the literal is not an object.
    var testObject: JSONObject {
        guard case .object(let object) = self else {
            Issue.record("expected a JSON object literal, got \(typeName)")
            return JSONObject()
        }
        return object
    }
}

extension JSONObject {
    /// The value at a chain of keys (exact spelling), descending through objects.
    func at(_ keys: String...) -> JSONValue? {
        var current: JSONValue = .object(self)
        for key in keys {
            guard let next = current.objectValue?[key] else { return nil }
            current = next
        }
        return current
    }

    /// The enterprise extension object.
    var enterprise: JSONObject? { self[FilterPatchFixtures.enterpriseURN]?.objectValue }

    /// The elements of a multi-valued attribute.
    func elements(_ key: String) -> [JSONObject] {
        (self[key]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    /// The first element of `key` whose `type` is `type`.
    func element(_ key: String, type: String) -> JSONValue? {
        elements(key).first { $0["type"] == .string(type) }.map(JSONValue.object)
    }
}

/// Applies a PATCH body (a JSON literal) to a resource.
func applyPatch(
    _ body: JSONValue, to resource: JSONObject = FilterPatchFixtures.userObject,
    type: ResourceTypeDefinition = FilterPatchFixtures.user
) throws(SCIMError) -> PatchOutcome {
    try ResourcePatcher(resourceType: type).apply(body: body.testObject, to: resource)
}

/// A PatchOp body with the given operations.
func patchBody(_ operations: JSONValue...) -> JSONValue {
    ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": .array(operations)]
}
