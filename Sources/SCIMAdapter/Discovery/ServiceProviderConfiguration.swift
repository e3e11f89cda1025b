import Projections

/// What the server advertises at `/ServiceProviderConfig` (RFC 7643 §5).
///
/// Guarantees: ``representation(baseURL:)`` always contains every RFC 7643 §5 member (`patch`, `bulk`,
/// `filter`, `changePassword`, `sort`, `etag`, `authenticationSchemes`, `meta`), so strict clients can
/// read it; PATCH is advertised as supported by default because Entra needs PATCH for every update.
/// The defaults describe this server: PATCH, bulk, filtering (200 results per page), sorting, ETags
/// and both index and cursor pagination (RFC 9865) supported; password change not supported; one
/// primary OAuth bearer token scheme (Entra's "Secret Token").
public struct ServiceProviderConfiguration: Sendable, Hashable {
    /// RFC 7643 §5 `bulk`.
    public struct Bulk: Sendable, Hashable {
        public var supported: Bool
        public var maxOperations: Int
        public var maxPayloadSize: Int

        public init(supported: Bool, maxOperations: Int, maxPayloadSize: Int) {
            self.supported = supported
            self.maxOperations = maxOperations
            self.maxPayloadSize = maxPayloadSize
        }
    }

    /// RFC 7643 §5 `filter`.
    public struct Filter: Sendable, Hashable {
        public var supported: Bool
        public var maxResults: Int

        public init(supported: Bool, maxResults: Int) {
            self.supported = supported
            self.maxResults = maxResults
        }
    }

    /// RFC 9865 §4 `pagination`.
    public struct Pagination: Sendable, Hashable {
        public var cursor: Bool
        public var index: Bool
        /// `"index"` or `"cursor"`: what a query without pagination parameters gets.
        public var defaultPaginationMethod: String
        public var defaultPageSize: Int
        public var maxPageSize: Int
        /// The minimum lifetime of a cursor, in seconds.
        public var cursorTimeout: Int

        public init(cursor: Bool, index: Bool, defaultPaginationMethod: String, defaultPageSize: Int, maxPageSize: Int, cursorTimeout: Int) {
            self.cursor = cursor
            self.index = index
            self.defaultPaginationMethod = defaultPaginationMethod
            self.defaultPageSize = defaultPageSize
            self.maxPageSize = maxPageSize
            self.cursorTimeout = cursorTimeout
        }
    }

    /// One RFC 7643 §5 `authenticationSchemes` entry.
    public struct AuthenticationScheme: Sendable, Hashable {
        /// `oauth`, `oauth2`, `oauthbearertoken`, `httpbasic` or `httpdigest`.
        public var type: String
        public var name: String
        public var description: String
        public var specURI: String?
        public var documentationURI: String?
        public var primary: Bool

        public init(type: String, name: String, description: String, specURI: String? = nil, documentationURI: String? = nil, primary: Bool) {
            self.type = type
            self.name = name
            self.description = description
            self.specURI = specURI
            self.documentationURI = documentationURI
            self.primary = primary
        }

        /// The bearer token scheme Entra uses ("Secret Token", sent as `Authorization: Bearer <token>`).
        public static let oauthBearerToken = AuthenticationScheme(
            type: "oauthbearertoken",
            name: "OAuth Bearer Token",
            description: "Authentication scheme using the OAuth Bearer Token Standard",
            specURI: "https://www.rfc-editor.org/info/rfc6750",
            primary: true
        )
    }

    public var documentationURI: String?
    public var patchSupported: Bool
    public var bulk: Bulk
    public var filter: Filter
    public var pagination: Pagination
    public var changePasswordSupported: Bool
    public var sortSupported: Bool
    public var etagSupported: Bool
    public var authenticationSchemes: [AuthenticationScheme]

    public init(
        documentationURI: String? = nil,
        patchSupported: Bool = true,
        bulk: Bulk = Bulk(supported: true, maxOperations: 1000, maxPayloadSize: 4_194_304),
        filter: Filter = Filter(supported: true, maxResults: 200),
        pagination: Pagination = Pagination(
            cursor: true, index: true, defaultPaginationMethod: "index", defaultPageSize: 100, maxPageSize: 200, cursorTimeout: 86_400),
        changePasswordSupported: Bool = false,
        sortSupported: Bool = true,
        etagSupported: Bool = true,
        authenticationSchemes: [AuthenticationScheme] = [.oauthBearerToken]
    ) {
        self.documentationURI = documentationURI
        self.patchSupported = patchSupported
        self.bulk = bulk
        self.filter = filter
        self.pagination = pagination
        self.changePasswordSupported = changePasswordSupported
        self.sortSupported = sortSupported
        self.etagSupported = etagSupported
        self.authenticationSchemes = authenticationSchemes
    }

    /// The `/ServiceProviderConfig` resource; `meta.location` is `<base>/ServiceProviderConfig`.
    public func representation(baseURL: String) -> JSONValue {
        var object = JSONObject()
        object["schemas"] = [.string(SchemaDefinition.URN.serviceProviderConfig)]
        if let documentationURI { object["documentationUri"] = .string(documentationURI) }
        object["patch"] = ["supported": .bool(patchSupported)]
        object["bulk"] = [
            "supported": .bool(bulk.supported),
            "maxOperations": .number(JSONNumber(bulk.maxOperations)),
            "maxPayloadSize": .number(JSONNumber(bulk.maxPayloadSize)),
        ]
        object["filter"] = ["supported": .bool(filter.supported), "maxResults": .number(JSONNumber(filter.maxResults))]
        object["pagination"] = [
            "cursor": .bool(pagination.cursor),
            "index": .bool(pagination.index),
            "defaultPaginationMethod": .string(pagination.defaultPaginationMethod),
            "defaultPageSize": .number(JSONNumber(pagination.defaultPageSize)),
            "maxPageSize": .number(JSONNumber(pagination.maxPageSize)),
            "cursorTimeout": .number(JSONNumber(pagination.cursorTimeout)),
        ]
        object["changePassword"] = ["supported": .bool(changePasswordSupported)]
        object["sort"] = ["supported": .bool(sortSupported)]
        object["etag"] = ["supported": .bool(etagSupported)]
        object["authenticationSchemes"] = .array(authenticationSchemes.map(\.representation))
        object["meta"] = [
            "resourceType": "ServiceProviderConfig",
            "location": .string(DiscoveryLocation.url(baseURL, "ServiceProviderConfig")),
        ]
        return .object(object)
    }
}

extension ServiceProviderConfiguration.AuthenticationScheme {
    var representation: JSONValue {
        var object = JSONObject()
        object["type"] = .string(type)
        object["name"] = .string(name)
        object["description"] = .string(description)
        if let specURI { object["specUri"] = .string(specURI) }
        if let documentationURI { object["documentationUri"] = .string(documentationURI) }
        object["primary"] = .bool(primary)
        return .object(object)
    }
}
