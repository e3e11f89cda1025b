import Projections

extension SchemaDefinition {
    /// The attributes every resource has whatever its schema (RFC 7643 §3.1): `id`, `externalId`, `meta`.
    ///
    /// Guarantees: the characteristics are those of RFC 7643 §3.1, which "SHALL take precedence" over any
    /// schema that repeats them: `id` is readOnly, `returned: always`, caseExact, server-unique; `externalId`
    /// is caseExact and readWrite (not unique: Entra maps it from the non-unique `mailNickname`); `meta` and
    /// all its sub-attributes are readOnly. They are not listed in the `/Schemas` representation of any
    /// schema (RFC 7643 §8.7.1 does not list them either); ``ResourceTypeDefinition/attribute(path:)``
    /// resolves them against the core schema.
    public static let commonAttributes: [AttributeDefinition] = [
        AttributeDefinition(
            name: "id",
            type: .string,
            description: "A unique identifier for a SCIM resource as defined by the service provider.",
            caseExact: true,
            mutability: .readOnly,
            returned: .always,
            uniqueness: .server
        ),
        AttributeDefinition(
            name: "externalId",
            type: .string,
            description: "A String that is an identifier for the resource as defined by the provisioning client.",
            caseExact: true
        ),
        AttributeDefinition(
            name: "meta",
            type: .complex,
            description: "A complex attribute containing resource metadata.",
            mutability: .readOnly,
            subAttributes: [
                .string("resourceType", "The name of the resource type of the resource.", caseExact: true, mutability: .readOnly),
                AttributeDefinition(
                    name: "created",
                    type: .dateTime,
                    description: "The \"DateTime\" that the resource was added to the service provider.",
                    mutability: .readOnly
                ),
                AttributeDefinition(
                    name: "lastModified",
                    type: .dateTime,
                    description: "The most recent DateTime that the details of this resource were updated at the service provider.",
                    mutability: .readOnly
                ),
                AttributeDefinition(
                    name: "location",
                    type: .reference,
                    description: "The URI of the resource being returned.",
                    caseExact: true,
                    mutability: .readOnly,
                    referenceTypes: ["uri"]
                ),
                .string("version", "The version of the resource being returned.", caseExact: true, mutability: .readOnly),
            ]
        ),
    ]

    /// The common attribute named `name` (RFC 7643 §3.1), compared case-insensitively.
    public static func commonAttribute(named name: some StringProtocol) -> AttributeDefinition? {
        commonAttributes.first { $0.name.equalsIgnoringASCIICase(name) }
    }
}
