import Projections

extension ResourceTypeDefinition {
    /// The `User` resource type (RFC 7643 §6, §8.6): endpoint `/Users`, core schema
    /// ``SchemaDefinition/user``, optional extension ``SchemaDefinition/enterpriseUser``.
    public static let user = ResourceTypeDefinition(
        name: "User",
        endpoint: "/Users",
        description: "User Account",
        schema: .user,
        extensions: [Extension(schema: .enterpriseUser, required: false)]
    )

    /// The `Group` resource type (RFC 7643 §6, §8.6): endpoint `/Groups`, core schema
    /// ``SchemaDefinition/group``, no extensions.
    public static let group = ResourceTypeDefinition(
        name: "Group",
        endpoint: "/Groups",
        description: "Group",
        schema: .group,
        extensions: []
    )

    /// The resource types this server offers, in the order discovery lists them.
    public static let standard: [ResourceTypeDefinition] = [.user, .group]
}
