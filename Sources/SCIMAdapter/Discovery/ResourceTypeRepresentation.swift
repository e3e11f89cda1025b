import Projections

extension ResourceTypeDefinition {
    /// The resource type as a `/ResourceTypes` resource (RFC 7643 §6, §8.6).
    ///
    /// - Parameter baseURL: the service's base URL (trailing slashes ignored).
    /// - Returns: an object with `schemas` (`urn:ietf:params:scim:schemas:core:2.0:ResourceType`), `id`
    ///   and `name` (both the resource type name), `endpoint`, `description`, `schema`, `schemaExtensions`
    ///   (only when there are extensions, as in RFC 7643 §8.6) and `meta` (`resourceType: "ResourceType"`,
    ///   `location: <base>/ResourceTypes/<name>`).
    public func resourceTypeRepresentation(baseURL: String) -> JSONValue {
        var object = JSONObject()
        object["schemas"] = [.string(SchemaDefinition.URN.resourceType)]
        object["id"] = .string(name)
        object["name"] = .string(name)
        object["endpoint"] = .string(endpoint)
        object["description"] = .string(description)
        object["schema"] = .string(schema.id)
        if !extensions.isEmpty {
            object["schemaExtensions"] = .array(
                extensions.map { ext in ["schema": .string(ext.schema.id), "required": .bool(ext.required)] }
            )
        }
        object["meta"] = [
            "resourceType": "ResourceType",
            "location": .string(DiscoveryLocation.url(baseURL, "ResourceTypes", name)),
        ]
        return .object(object)
    }
}
