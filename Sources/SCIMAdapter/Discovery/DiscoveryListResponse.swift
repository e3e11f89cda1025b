import Projections

/// The `ListResponse` bodies of `GET /Schemas` and `GET /ResourceTypes` (RFC 7644 §4, §3.4.2).
///
/// Guarantees: every response lists all resources on one page: `totalResults == itemsPerPage ==
/// Resources.count`, `startIndex` 1 (discovery endpoints are not paged, and Entra requires a ListResponse
/// from `/Schemas`). Each schema appears once even when several resource types use it, in the order the
/// resource types list them (User, EnterpriseUser, Group for ``ResourceTypeDefinition/standard``).
public enum DiscoveryListResponse {
    /// `GET /Schemas`: every schema of `resourceTypes`.
    public static func schemas(
        of resourceTypes: [ResourceTypeDefinition] = ResourceTypeDefinition.standard,
        baseURL: String
    ) -> JSONValue {
        var seen: [String] = []
        var resources: [JSONValue] = []
        for schema in resourceTypes.flatMap(\.allSchemas) where !seen.contains(where: { $0.equalsIgnoringASCIICase(schema.id) }) {
            seen.append(schema.id)
            resources.append(schema.schemaRepresentation(baseURL: baseURL))
        }
        return listResponse(resources)
    }

    /// `GET /ResourceTypes`: every resource type.
    public static func resourceTypes(
        _ resourceTypes: [ResourceTypeDefinition] = ResourceTypeDefinition.standard,
        baseURL: String
    ) -> JSONValue {
        listResponse(resourceTypes.map { $0.resourceTypeRepresentation(baseURL: baseURL) })
    }

    /// A single-page `ListResponse` holding `resources`.
    public static func listResponse(_ resources: [JSONValue]) -> JSONValue {
        var object = JSONObject()
        object["schemas"] = [.string(SchemaDefinition.URN.listResponse)]
        object["totalResults"] = .number(JSONNumber(resources.count))
        object["itemsPerPage"] = .number(JSONNumber(resources.count))
        object["startIndex"] = 1
        object["Resources"] = .array(resources)
        return .object(object)
    }
}
