import Projections

extension SchemaDefinition {
    /// The core Group schema, `urn:ietf:params:scim:schemas:core:2.0:Group` (RFC 7643 §4.2, §8.7.1).
    ///
    /// Guarantees: `displayName` is required (RFC 7643 §4.2 says "REQUIRED"; the §8.7.1 listing says
    /// `required: false`, and Entra matches groups by it, so the prose wins). `members` sub-attributes are
    /// immutable (§4.2: "While values MAY be added or removed, sub-attributes of members are
    /// 'immutable'"); `display` is added to the §8.7.1 listing because clients send and read it.
    public static let group = SchemaDefinition(
        id: URN.group,
        name: "Group",
        description: "Group",
        attributes: [
            AttributeDefinition(
                name: "displayName",
                type: .string,
                description: "A human-readable name for the Group. REQUIRED.",
                required: true
            ),
            AttributeDefinition(
                name: "members",
                type: .complex,
                multiValued: true,
                description: "A list of members of the Group.",
                subAttributes: [
                    .string("value", "Identifier of the member of this Group.", mutability: .immutable),
                    AttributeDefinition(
                        name: "$ref",
                        type: .reference,
                        description: "The URI corresponding to a SCIM resource that is a member of this Group.",
                        mutability: .immutable,
                        referenceTypes: ["User", "Group"]
                    ),
                    .string("display", "A human-readable name, primarily used for display purposes.", mutability: .immutable),
                    .string(
                        "type",
                        "A label indicating the type of resource, e.g., 'User' or 'Group'.",
                        mutability: .immutable,
                        canonicalValues: ["User", "Group"]
                    ),
                ]
            ),
        ]
    )
}
