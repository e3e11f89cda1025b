import Projections

/// Where a request path points: which tenant path it used, the base URL path, and the endpoint.
///
/// Guarantees: recognises `/scim/v2/...`, `/scim/...` (Tenant URLs ending in `/scim`) and
/// `/tenants/{tenant}/scim/v2/...`; ignores empty segments (trailing slashes, `//`); endpoint names
/// compare ignoring ASCII case; ids are percent-decoded. Anything else is ``Endpoint/unknown``.
public struct SCIMRoute: Sendable, Hashable {
    /// The SCIM endpoints (RFC 7644 §3.2).
    public enum Endpoint: Sendable, Hashable {
        case resources(ResourceKind)
        case resource(ResourceKind, id: String)
        case search(ResourceKind?)
        case serviceProviderConfig
        case resourceTypes(id: String?)
        case schemas(id: String?)
        case bulk
        case unknown
    }

    /// `{tenant}` of `/tenants/{tenant}/scim/v2`, nil for `/scim/v2`.
    public var tenantInPath: String?
    /// The base path as the client used it (`/scim/v2`, `/scim` or `/tenants/acme/scim/v2`).
    public var basePath: String
    public var endpoint: Endpoint

    public init(tenantInPath: String?, basePath: String, endpoint: Endpoint) {
        self.tenantInPath = tenantInPath
        self.basePath = basePath
        self.endpoint = endpoint
    }

    /// Parses a request path (without its query string).
    public init(path: String) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true)[...]
        var tenant: String?
        var base: [Substring] = []
        if segments.count >= 3, segments[segments.startIndex] == "tenants", segments[segments.startIndex + 2] == "scim" {
            tenant = QueryParameters.decode(segments[segments.startIndex + 1])
            base = Array(segments.prefix(3))
            segments = segments.dropFirst(3)
        } else if segments.first == "scim" {
            base = ["scim"]
            segments = segments.dropFirst()
        } else {
            self.init(tenantInPath: nil, basePath: "/scim/v2", endpoint: .unknown)
            return
        }
        if segments.first == "v2" {
            base.append("v2")
            segments = segments.dropFirst()
        }
        self.init(tenantInPath: tenant, basePath: "/" + base.joined(separator: "/"), endpoint: Self.endpoint(Array(segments)))
    }

    private static func endpoint(_ segments: [Substring]) -> Endpoint {
        guard let first = segments.first else { return .unknown }
        let id = segments.count == 2 ? QueryParameters.decode(segments[1]) : nil
        guard segments.count <= 2 else { return .unknown }
        if first == ".search" { return segments.count == 1 ? .search(nil) : .unknown }
        for kind in ResourceKind.allCases where first.equalsIgnoringASCIICase(kind.endpointName) {
            guard let id else { return .resources(kind) }
            return id == ".search" ? .search(kind) : .resource(kind, id: id)
        }
        if first.equalsIgnoringASCIICase("ServiceProviderConfig") || first.equalsIgnoringASCIICase("ServiceProviderConfigs") {
            return segments.count == 1 ? .serviceProviderConfig : .unknown
        }
        if first.equalsIgnoringASCIICase("ResourceTypes") { return .resourceTypes(id: id) }
        if first.equalsIgnoringASCIICase("Schemas") { return .schemas(id: id) }
        if first.equalsIgnoringASCIICase("Bulk") { return segments.count == 1 ? .bulk : .unknown }
        return .unknown
    }
}

extension ResourceKind {
    /// The endpoint name (`Users`, `Groups`).
    public var endpointName: String { self == .user ? "Users" : "Groups" }

    /// The resource type definition of this kind.
    public var definition: ResourceTypeDefinition { self == .user ? .user : .group }
}
