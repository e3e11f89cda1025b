/// Why a tenant or token command was refused.
///
/// Guarantees: a refused command wrote nothing (decisions are read-only and the log checks
/// revisions before appending). ``code`` is stable and meant for mapping to HTTP statuses and CLI
/// exit codes; ``message`` is for people and may change.
public struct TenancyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case invalidTenantID, invalidName, invalidScopes, invalidExpiry, invalidToken
            case tenantExists, unknownTenant, tenantDisabled, tenantDeleted, tenantActive
            case unknownToken, concurrentChange
        }

        private let value: Value

        /// A tenant id that is not 1 to 63 of `a-z`, `0-9` and `-`.
        public static let invalidTenantID = Code(value: .invalidTenantID)
        /// An empty or overlong name, or one with control characters.
        public static let invalidName = Code(value: .invalidName)
        /// A token with no scope.
        public static let invalidScopes = Code(value: .invalidScopes)
        /// An expiry that is not in the future, or more than 100 years away.
        public static let invalidExpiry = Code(value: .invalidExpiry)
        /// A configured token (`--token`) that is not 16 to 512 visible ASCII characters, or whose
        /// derived id names another token.
        public static let invalidToken = Code(value: .invalidToken)
        /// The tenant id is taken (tenant ids are never reused, not even after deletion).
        public static let tenantExists = Code(value: .tenantExists)
        /// No tenant has this id.
        public static let unknownTenant = Code(value: .unknownTenant)
        /// The tenant is disabled (tokens cannot be issued for it).
        public static let tenantDisabled = Code(value: .tenantDisabled)
        /// The tenant was deleted; nothing can change it any more.
        public static let tenantDeleted = Code(value: .tenantDeleted)
        /// Only a disabled tenant can be deleted.
        public static let tenantActive = Code(value: .tenantActive)
        /// No token has this id.
        public static let unknownToken = Code(value: .unknownToken)
        /// Another command changed the same stream first; retrying may succeed.
        public static let concurrentChange = Code(value: .concurrentChange)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// Validation of tenant ids and of the names people give tenants and tokens.
public enum TenancyValidation {
    /// The longest tenant id (a DNS label's limit, so an id can also name a host).
    public static let maximumTenantIDLength = 63
    /// The longest tenant or token name, in Unicode scalars.
    public static let maximumNameLength = 200

    /// `true` for 1 to 63 characters of lower-case ASCII letters, digits and `-`.
    public static func isValidTenantID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...maximumTenantIDLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// Throws ``TenancyError/Code/invalidTenantID`` unless `id` is valid.
    public static func checkTenantID(_ id: String) throws(TenancyError) {
        guard isValidTenantID(id) else {
            throw TenancyError(.invalidTenantID, "tenant id \"\(id)\" must be 1 to 63 of a-z, 0-9 and -")
        }
    }

    /// Throws ``TenancyError/Code/invalidName`` unless `name` is 1 to 200 characters without control characters.
    public static func checkName(_ name: String, of what: String) throws(TenancyError) {
        let scalars = name.unicodeScalars
        guard (1...maximumNameLength).contains(scalars.count), !scalars.contains(where: { $0.properties.generalCategory == .control }),
            name.trimmingSpaces == name
        else {
            throw TenancyError(.invalidName, "\(what) must be 1 to \(maximumNameLength) characters, without control characters or surrounding spaces")
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }
}
