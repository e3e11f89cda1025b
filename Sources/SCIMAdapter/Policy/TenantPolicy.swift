import Projections

/// Rules a tenant may impose on the users provisioned into it, as the products we replace do.
/// Every rule is off by default.
///
/// Guarantees: a violation is a 400 `invalidValue` whose detail names the rule (for example
/// `policy userName.maximumLength`), so an admin reading Entra's provisioning log knows which
/// setting refused the user. Rules judge the resource as it would be stored; on PUT and PATCH a
/// rule is enforced only when the request touches what it governs (userName rules when the
/// userName changes, required attributes when they held before), so a PATCH that deactivates a
/// user who predates a rule never fails because of that rule.
public struct TenantPolicy: Sendable, Hashable {
    /// Rules for `userName`.
    public struct UserNameRules: Sendable, Hashable {
        /// The only characters allowed, as a class such as `a-zA-Z0-9._-` (nil: any).
        public var allowedCharacters: CharacterClass?
        /// The most characters allowed (nil: no limit).
        public var maximumLength: Int?
        /// Refuse userNames that look like email addresses ("an email address may not be a userName").
        public var forbidEmailAddress: Bool

        public init(allowedCharacters: CharacterClass? = nil, maximumLength: Int? = nil, forbidEmailAddress: Bool = false) {
            self.allowedCharacters = allowedCharacters
            self.maximumLength = maximumLength
            self.forbidEmailAddress = forbidEmailAddress
        }
    }

    public var userName: UserNameRules
    /// Attribute paths every user must have a value for, such as `name.familyName` or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
    public var requiredUserAttributes: [String]
    /// Every user must have a primary email: an email marked `primary`, or its only email.
    public var requirePrimaryEmail: Bool
    /// Whether a user whose create request says `active: false` is created at all.
    public var createInactiveUsers: Bool
    /// Whether a group member must be an existing User or Group of the tenant. Off by default:
    /// RFC 7644 does not require it, and provisioning clients may add a member before its own
    /// create succeeded (scim-sanity flags servers that refuse that).
    public var requireExistingMembers: Bool

    public init(
        userName: UserNameRules = UserNameRules(), requiredUserAttributes: [String] = [], requirePrimaryEmail: Bool = false,
        createInactiveUsers: Bool = true, requireExistingMembers: Bool = false
    ) {
        self.userName = userName
        self.requiredUserAttributes = requiredUserAttributes
        self.requirePrimaryEmail = requirePrimaryEmail
        self.createInactiveUsers = createInactiveUsers
        self.requireExistingMembers = requireExistingMembers
    }

    /// No rules at all: the default.
    public static let none = TenantPolicy()
}

/// The policies of every tenant: a default and per-tenant overrides.
///
/// Guarantees: ``policy(for:)`` is total; the JSON form (``init(json:)``) is what the server reads
/// from `SCIM_POLICY_FILE`:
/// `{"default": {…}, "tenants": {"acme": {"userName": {"allowedCharacters": "a-z0-9._-",
/// "maximumLength": 64, "forbidEmailAddress": true}, "requiredAttributes": ["name.familyName"],
/// "requirePrimaryEmail": true, "createInactiveUsers": false, "requireExistingMembers": true}}}`.
public struct PolicySet: Sendable, Hashable {
    public var defaultPolicy: TenantPolicy
    public var tenants: [String: TenantPolicy]

    public init(defaultPolicy: TenantPolicy = .none, tenants: [String: TenantPolicy] = [:]) {
        self.defaultPolicy = defaultPolicy
        self.tenants = tenants
    }

    public func policy(for tenant: String) -> TenantPolicy {
        tenants[tenant] ?? defaultPolicy
    }

    /// Reads the JSON form from the text of a policy file.
    /// - Throws: `JSONParseError` for text that is not JSON, ``PolicyConfigurationError`` for JSON that is not a policy set.
    public init(jsonText bytes: [UInt8]) throws {
        try self.init(json: JSONValue(parsing: bytes))
    }

    /// Reads the JSON form.
    /// - Throws: ``PolicyConfigurationError`` naming the member that is malformed.
    public init(json: JSONValue) throws(PolicyConfigurationError) {
        guard let object = json.objectValue else { throw PolicyConfigurationError(path: "", reason: "must be an object") }
        defaultPolicy = try object["default"].map { v throws(PolicyConfigurationError) in try TenantPolicy(json: v, path: "default") } ?? .none
        tenants = [:]
        if let list = object["tenants"] {
            guard let tenantObject = list.objectValue else { throw PolicyConfigurationError(path: "tenants", reason: "must be an object") }
            for member in tenantObject {
                tenants[member.key] = try TenantPolicy(json: member.value, path: "tenants.\(member.key)")
            }
        }
    }
}

extension TenantPolicy {
    init(json: JSONValue, path: String) throws(PolicyConfigurationError) {
        guard let object = json.objectValue else { throw PolicyConfigurationError(path: path, reason: "must be an object") }
        self.init()
        if let rules = object["userName"] {
            guard let rulesObject = rules.objectValue else { throw PolicyConfigurationError(path: "\(path).userName", reason: "must be an object") }
            if let spec = rulesObject["allowedCharacters"] {
                guard let text = spec.stringValue, let set = CharacterClass(spec: text) else {
                    throw PolicyConfigurationError(path: "\(path).userName.allowedCharacters", reason: "must be a character class such as \"a-zA-Z0-9._-\"")
                }
                userName.allowedCharacters = set
            }
            if let length = rulesObject["maximumLength"] {
                guard let value = length.numberValue?.int64Value, value > 0 else {
                    throw PolicyConfigurationError(path: "\(path).userName.maximumLength", reason: "must be a positive integer")
                }
                userName.maximumLength = Int(value)
            }
            userName.forbidEmailAddress = try Self.bool(rulesObject["forbidEmailAddress"], "\(path).userName.forbidEmailAddress") ?? false
        }
        if let required = object["requiredAttributes"] {
            guard let list = required.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw PolicyConfigurationError(path: "\(path).requiredAttributes", reason: "must be an array of attribute paths")
            }
            requiredUserAttributes = list.compactMap(\.stringValue)
            for attribute in requiredUserAttributes where (try? AttributePath(parsing: attribute)) == nil {
                throw PolicyConfigurationError(path: "\(path).requiredAttributes", reason: "\"\(attribute)\" is not an attribute path")
            }
        }
        requirePrimaryEmail = try Self.bool(object["requirePrimaryEmail"], "\(path).requirePrimaryEmail") ?? false
        createInactiveUsers = try Self.bool(object["createInactiveUsers"], "\(path).createInactiveUsers") ?? true
        requireExistingMembers = try Self.bool(object["requireExistingMembers"], "\(path).requireExistingMembers") ?? false
    }

    private static func bool(_ value: JSONValue?, _ path: String) throws(PolicyConfigurationError) -> Bool? {
        guard let value else { return nil }
        guard let flag = value.boolValue else { throw PolicyConfigurationError(path: path, reason: "must be true or false") }
        return flag
    }
}

/// A policy configuration that cannot be used.
public struct PolicyConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "policy configuration: \(path.isEmpty ? "the document" : path) \(reason)" }
}
