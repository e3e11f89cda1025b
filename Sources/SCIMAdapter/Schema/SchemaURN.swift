import Projections

extension SchemaDefinition {
    /// The URNs this server reads and writes (RFC 7643 §3, §8.7; RFC 7644 §3.4.2, §3.12).
    ///
    /// Guarantees: every value is spelled exactly as the RFCs spell it; compare them to client input with
    /// `equalsIgnoringASCIICase`, never `==`, because schema URIs are case-insensitive (RFC 7643 §2.1).
    public enum URN {
        /// The core User schema (RFC 7643 §4.1).
        public static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
        /// The core Group schema (RFC 7643 §4.2).
        public static let group = "urn:ietf:params:scim:schemas:core:2.0:Group"
        /// The Enterprise User extension (RFC 7643 §4.3).
        public static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        /// The schema of `/Schemas` resources (RFC 7643 §7).
        public static let schema = "urn:ietf:params:scim:schemas:core:2.0:Schema"
        /// The schema of `/ResourceTypes` resources (RFC 7643 §6).
        public static let resourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
        /// The schema of the `/ServiceProviderConfig` resource (RFC 7643 §5).
        public static let serviceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
        /// The list response message (RFC 7644 §3.4.2).
        public static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    }
}
