import SCIMAdapter

/// The route template of a request path, for metric labels: `/Users/{id}`, never the raw path,
/// so label cardinality stays fixed whatever ids clients send.
///
/// Guarantees: both base paths (`/scim/v2`, `/tenants/{tenant}/scim/v2`) give the same template
/// (the tenant is its own label where it matters); anything that is not a SCIM endpoint is
/// `other`.
public enum RouteTemplate {
    public static func of(path: String) -> String {
        switch SCIMRoute(path: path).endpoint {
        case .resources(let kind): "/\(kind.endpointName)"
        case .resource(let kind, _): "/\(kind.endpointName)/{id}"
        case .search(let kind?): "/\(kind.endpointName)/.search"
        case .search(nil): "/.search"
        case .serviceProviderConfig: "/ServiceProviderConfig"
        case .resourceTypes(nil): "/ResourceTypes"
        case .resourceTypes(_?): "/ResourceTypes/{id}"
        case .schemas(nil): "/Schemas"
        case .schemas(_?): "/Schemas/{id}"
        case .bulk: "/Bulk"
        case .unknown: "other"
        }
    }
}
