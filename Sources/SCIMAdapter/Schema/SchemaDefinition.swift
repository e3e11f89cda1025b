import Projections

/// A SCIM schema (RFC 7643 §7): a URN and its attributes.
///
/// Guarantees: `id` is the schema URN exactly as the server advertises it; attribute lookups are
/// case-insensitive.
public struct SchemaDefinition: Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    public var attributes: [AttributeDefinition]

    public init(id: String, name: String, description: String, attributes: [AttributeDefinition]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The top-level attribute named `name`, compared case-insensitively.
    public func attribute(named name: some StringProtocol) -> AttributeDefinition? {
        attributes.first { $0.name.equalsIgnoringASCIICase(name) }
    }
}

/// A SCIM resource type (RFC 7643 §6): its endpoint, core schema and schema extensions.
///
/// Guarantees: attribute resolution (``attribute(path:)``) follows RFC 7644 §3.10: an attribute
/// name may be qualified by its schema URN, unqualified names resolve against the core schema
/// first and then against the extensions.
public struct ResourceTypeDefinition: Sendable, Hashable {
    /// A schema extension and whether resources must carry it.
    public struct Extension: Sendable, Hashable {
        public var schema: SchemaDefinition
        public var required: Bool

        public init(schema: SchemaDefinition, required: Bool) {
            self.schema = schema
            self.required = required
        }
    }

    /// The name clients see, for example `"User"`.
    public var name: String
    /// The endpoint relative to the base URL, for example `"/Users"`.
    public var endpoint: String
    public var description: String
    public var schema: SchemaDefinition
    public var extensions: [Extension]

    public init(name: String, endpoint: String, description: String, schema: SchemaDefinition, extensions: [Extension]) {
        self.name = name
        self.endpoint = endpoint
        self.description = description
        self.schema = schema
        self.extensions = extensions
    }

    /// Every schema of the resource type: the core schema first, then the extensions.
    public var allSchemas: [SchemaDefinition] { [schema] + extensions.map(\.schema) }

    /// The extension schema whose URN equals `urn` ignoring case.
    public func extensionSchema(urn: some StringProtocol) -> SchemaDefinition? {
        extensions.first { $0.schema.id.equalsIgnoringASCIICase(urn) }?.schema
    }
}
