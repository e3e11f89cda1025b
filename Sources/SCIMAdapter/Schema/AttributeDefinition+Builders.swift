import Projections

/// Shorthands for the attribute shapes RFC 7643 repeats (string attributes, the
/// `value`/`display`/`type`/`primary` multi-valued pattern of §2.4).
extension AttributeDefinition {
    /// A single-valued, optional, readWrite, `returned: default`, `uniqueness: none` string.
    static func string(
        _ name: String,
        _ description: String,
        caseExact: Bool = false,
        mutability: Mutability = .readWrite,
        canonicalValues: [String] = []
    ) -> AttributeDefinition {
        AttributeDefinition(
            name: name,
            type: .string,
            description: description,
            caseExact: caseExact,
            mutability: mutability,
            canonicalValues: canonicalValues
        )
    }

    /// The `primary` sub-attribute of RFC 7643 §2.4.
    static func primary(_ description: String) -> AttributeDefinition {
        AttributeDefinition(name: "primary", type: .boolean, description: description)
    }

    /// The `display` sub-attribute of RFC 7643 §2.4 (the RFC says "READ-ONLY" in prose but marks it readWrite).
    static func display(mutability: Mutability = .readWrite) -> AttributeDefinition {
        .string("display", "A human-readable name, primarily used for display purposes.  READ-ONLY.", mutability: mutability)
    }

    /// A multi-valued complex attribute with the RFC 7643 §2.4 sub-attributes `value`, `display`, `type`
    /// and `primary`, as RFC 7643 §8.7.1 defines `emails`, `phoneNumbers`, `ims`, `photos`,
    /// `entitlements`, `roles` and `x509Certificates`.
    static func multiValuedComplex(
        _ name: String,
        _ description: String,
        value: AttributeDefinition,
        typeDescription: String,
        typeCanonicalValues: [String],
        primaryDescription: String
    ) -> AttributeDefinition {
        AttributeDefinition(
            name: name,
            type: .complex,
            multiValued: true,
            description: description,
            subAttributes: [
                value,
                .display(),
                .string("type", typeDescription, canonicalValues: typeCanonicalValues),
                .primary(primaryDescription),
            ]
        )
    }

    /// RFC 7643 §2.4 wording of `primary` for attributes without a more specific example.
    static let genericPrimaryDescription =
        "A Boolean value indicating the 'primary' or preferred attribute value for this attribute.  The primary attribute value 'true' MUST appear no more than once."
}
