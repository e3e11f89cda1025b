import Projections

/// An attribute path resolved against a resource type: which schema it belongs to and its definitions.
///
/// Guarantees: `schemaURN` is the canonical URN of the schema that defines the attribute (the core schema
/// for the common attributes `id`, `externalId` and `meta`); `subAttribute` is non-nil exactly when the
/// path named a sub-attribute.
public struct ResolvedAttribute: Sendable, Hashable {
    public var schemaURN: String
    /// `true` when the attribute lives at the top level of the resource (core or common attribute),
    /// `false` when it lives inside the extension object keyed by `schemaURN`.
    public var isCore: Bool
    public var attribute: AttributeDefinition
    public var subAttribute: AttributeDefinition?
}

extension ResourceTypeDefinition {
    /// The top-level attribute named `name` in the core schema or among the common attributes
    /// (RFC 7643 §3.1), compared case-insensitively.
    public func coreAttribute(named name: some StringProtocol) -> AttributeDefinition? {
        schema.attribute(named: name) ?? SchemaDefinition.commonAttribute(named: name)
    }

    /// Resolves `path` following RFC 7644 §3.10: a URN-qualified path resolves in that schema only; an
    /// unqualified name resolves against the core schema (and the common attributes) first, then the
    /// extensions in order. Returns `nil` for unknown schemas, attributes or sub-attributes, and for paths
    /// that name a whole extension.
    public func resolve(_ path: AttributeSelection.Path) -> ResolvedAttribute? {
        let found: (SchemaDefinition, AttributeDefinition, Bool)?
        if let urn = path.schemaURN {
            if urn.equalsIgnoringASCIICase(schema.id) {
                found = coreAttribute(named: path.attribute).map { (schema, $0, true) }
            } else if let ext = extensionSchema(urn: urn) {
                found = ext.attribute(named: path.attribute).map { (ext, $0, false) }
            } else {
                found = nil
            }
        } else if let attribute = coreAttribute(named: path.attribute) {
            found = (schema, attribute, true)
        } else {
            found = extensions.lazy.compactMap { ext in ext.schema.attribute(named: path.attribute).map { (ext.schema, $0, false) } }.first
        }
        guard let (owner, attribute, isCore) = found else { return nil }
        var resolved = ResolvedAttribute(schemaURN: owner.id, isCore: isCore, attribute: attribute, subAttribute: nil)
        if let subName = path.subAttribute {
            guard let sub = attribute.subAttribute(named: subName) else { return nil }
            resolved.subAttribute = sub
        }
        return resolved
    }

    /// The definition `path` names (the sub-attribute's when the path has one), or `nil` when unknown.
    public func attribute(path: AttributeSelection.Path) -> AttributeDefinition? {
        guard let resolved = resolve(path) else { return nil }
        return resolved.subAttribute ?? resolved.attribute
    }

    /// The extension whose URN equals the whole of `path` (for example
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` in `excludedAttributes`), if any.
    func extensionNamedWhole(by path: AttributeSelection.Path) -> SchemaDefinition? {
        guard path.subAttribute == nil, let urn = path.schemaURN else { return nil }
        return extensions.first { ext in
            ext.schema.id.dropping(caseInsensitivePrefix: urn, separator: ":").map { $0.equalsIgnoringASCIICase(path.attribute) } ?? false
        }?.schema
    }
}
