import Projections

/// Where an attribute lives in a resource and what its schema says about it.
///
/// Guarantees: `definition` is the attribute's definition; `subDefinition` is set exactly when
/// the path named a sub-attribute (and it exists); `extensionURN` is the canonical id of the
/// extension schema whose URN-keyed object holds the attribute, or `nil` for core and common
/// attributes, which live at the top level of the resource.
struct LocatedAttribute: Sendable {
    var extensionURN: String?
    var definition: AttributeDefinition
    var subDefinition: AttributeDefinition?

    /// The definition of the value the path denotes: the sub-attribute's, else the attribute's.
    var leafDefinition: AttributeDefinition { subDefinition ?? definition }

    /// The object holding the attribute inside `resource` (the resource or its extension object).
    func container(in resource: JSONObject) -> JSONObject? {
        guard let extensionURN else { return resource }
        return resource.value(caseInsensitiveKey: extensionURN)?.objectValue
    }

    /// The attribute's stored value (matched case-insensitively), `nil` when absent or `null`.
    func value(in resource: JSONObject) -> JSONValue? {
        guard let value = container(in: resource)?.value(caseInsensitiveKey: definition.name), !value.isNull else { return nil }
        return value
    }
}

/// Resolves ``AttributePath``s against a ``ResourceTypeDefinition`` (RFC 7644 §3.10).
///
/// Guarantees: a URN-qualified path resolves only in the schema with that URN (the core schema or
/// one extension, compared case-insensitively); an unqualified name resolves in the core schema,
/// then the common attributes, then the extensions in order. The common attributes `id`,
/// `externalId` and `meta` (RFC 7643 §3.1) resolve even when the core schema does not list them,
/// with RFC 7643's characteristics. Unknown attributes and sub-attributes resolve to `nil`.
enum AttributeLocator {
    static func locate(_ path: AttributePath, in resourceType: ResourceTypeDefinition) -> LocatedAttribute? {
        guard let (definition, extensionURN) = definition(of: path, in: resourceType) else { return nil }
        var located = LocatedAttribute(extensionURN: extensionURN, definition: definition)
        if let sub = path.subAttribute {
            guard definition.type == .complex, let subDefinition = definition.subAttribute(named: sub) else { return nil }
            located.subDefinition = subDefinition
        }
        return located
    }

    /// The schema whose id is `text` (ignoring case), for paths that name a whole schema.
    static func schema(withURN text: some StringProtocol, in resourceType: ResourceTypeDefinition) -> SchemaDefinition? {
        resourceType.allSchemas.first { $0.id.equalsIgnoringASCIICase(text) }
    }

    private static func definition(
        of path: AttributePath, in resourceType: ResourceTypeDefinition
    ) -> (AttributeDefinition, String?)? {
        if let urn = path.schemaURN {
            if urn.equalsIgnoringASCIICase(resourceType.schema.id) {
                guard let found = resourceType.schema.attribute(named: path.name) ?? SchemaDefinition.commonAttribute(named: path.name) else { return nil }
                return (found, nil)
            }
            guard let schema = resourceType.extensionSchema(urn: urn), let found = schema.attribute(named: path.name) else { return nil }
            return (found, schema.id)
        }
        if let found = resourceType.schema.attribute(named: path.name) ?? SchemaDefinition.commonAttribute(named: path.name) {
            return (found, nil)
        }
        for ext in resourceType.extensions {
            if let found = ext.schema.attribute(named: path.name) { return (found, ext.schema.id) }
        }
        return nil
    }
}
