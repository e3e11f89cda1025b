import Projections

/// A create or replace body (POST/PUT) after validation against its resource type, ready to store.
///
/// Guarantees: `resource` holds only attributes the resource type's schemas define (plus verbatim objects
/// of unknown extension URNs), each under its canonical name, with values exactly as the client sent them
/// except for the documented coercions (boolean strings become booleans, numbers and booleans sent for
/// string attributes become their literal text, single values of multi-valued attributes become one-element
/// arrays, one-element arrays of single-valued attributes are unwrapped, a bare manager id becomes
/// `{"value": id}`). `resource["schemas"]` is the core URN followed by the URN of every extension present.
/// It never contains readOnly attributes (`id`, `meta`, `groups`, `manager.displayName`), the writeOnly
/// `password` (see ``password``) or a Group's `members` (see ``members``). Attributes with no value (`null`,
/// `[]`, `{}`) are absent.
public struct ValidatedResource: Sendable, Hashable {
    /// One member of a Group as the client listed it: the membership tables' own reference type.
    /// Guarantees (after validation): `value` is a non-empty string.
    public typealias Member = MemberReference

    /// The canonical resource to store (without `id` and `meta`, which the caller assigns).
    public var resource: JSONObject
    /// The cleartext `password`, when the body had one. The caller hashes it; it is never part of `resource`.
    public var password: String?
    /// For Groups: `nil` when the body did not mention `members`; otherwise the listed members in order,
    /// without exact duplicates (empty for `null` or `[]`). Always `nil` for other resource types.
    public var members: [Member]?
    /// What was ignored: first unknown and readOnly attributes as the body's keys were read, then what
    /// was dropped while checking values (unknown or readOnly sub-attributes, valueless manager objects).
    public var warnings: [ValidationWarning]

    public init(resource: JSONObject, password: String? = nil, members: [Member]? = nil, warnings: [ValidationWarning] = []) {
        self.resource = resource
        self.password = password
        self.members = members
        self.warnings = warnings
    }
}

/// Something in a request body the server ignored instead of failing the request.
///
/// Guarantees: `path` names the ignored item as the client spelled it (URN-qualified for extension
/// attributes, `attr.sub` or `attr[i].sub` for sub-attributes), so it can be logged and shown to an admin.
public struct ValidationWarning: Sendable, Hashable, CustomStringConvertible {
    /// Why the item was ignored.
    public enum Reason: String, Sendable, Hashable {
        /// A readOnly attribute (RFC 7644 §3.3: "SHALL be ignored").
        case readOnly
        /// A top-level name that no schema of the resource type defines.
        case unknownAttribute
        /// A sub-attribute the complex attribute does not define.
        case unknownSubAttribute
        /// A value that carries no information (for example a manager object without `value`).
        case noValue
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .readOnly: "Ignored read-only attribute '\(path)'"
        case .unknownAttribute: "Ignored unknown attribute '\(path)'"
        case .unknownSubAttribute: "Ignored unknown sub-attribute '\(path)'"
        case .noValue: "Ignored '\(path)' because it has no value"
        }
    }
}
