import Projections

/// A SCIM protocol error (RFC 7644 §3.12), rendered as an `urn:ietf:params:scim:api:messages:2.0:Error`.
///
/// Guarantees: every error the adapter returns to a client is one of these, with the HTTP status,
/// the `scimType` where RFC 7644 Table 9 defines one, and a `detail` that tells a person what was
/// wrong and what to send instead. Requests that fail with a `SCIMError` change nothing.
public struct SCIMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// RFC 7644 §3.12 Table 9 `scimType` values.
    public struct ScimType: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidFilter = ScimType(rawValue: "invalidFilter")
        public static let tooMany = ScimType(rawValue: "tooMany")
        public static let uniqueness = ScimType(rawValue: "uniqueness")
        public static let mutability = ScimType(rawValue: "mutability")
        public static let invalidSyntax = ScimType(rawValue: "invalidSyntax")
        public static let invalidPath = ScimType(rawValue: "invalidPath")
        public static let noTarget = ScimType(rawValue: "noTarget")
        public static let invalidValue = ScimType(rawValue: "invalidValue")
        public static let invalidVers = ScimType(rawValue: "invalidVers")
        public static let sensitive = ScimType(rawValue: "sensitive")
    }

    /// The HTTP status code.
    public var status: Int
    /// The RFC 7644 `scimType`, when the status is 400 or 409 and a type applies.
    public var scimType: ScimType?
    /// What went wrong, in words a person can act on.
    public var detail: String

    public init(status: Int, scimType: ScimType? = nil, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    public static func badRequest(_ scimType: ScimType, _ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: scimType, detail: detail)
    }

    public static func invalidFilter(_ detail: String) -> SCIMError { .badRequest(.invalidFilter, detail) }
    public static func invalidPath(_ detail: String) -> SCIMError { .badRequest(.invalidPath, detail) }
    public static func invalidValue(_ detail: String) -> SCIMError { .badRequest(.invalidValue, detail) }
    public static func invalidSyntax(_ detail: String) -> SCIMError { .badRequest(.invalidSyntax, detail) }
    public static func noTarget(_ detail: String) -> SCIMError { .badRequest(.noTarget, detail) }
    public static func mutability(_ detail: String) -> SCIMError { .badRequest(.mutability, detail) }
    public static func tooMany(_ detail: String) -> SCIMError { .badRequest(.tooMany, detail) }
    public static func uniqueness(_ detail: String) -> SCIMError { SCIMError(status: 409, scimType: .uniqueness, detail: detail) }
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, detail: detail) }
    public static func preconditionFailed(_ detail: String) -> SCIMError { SCIMError(status: 412, detail: detail) }

    /// The SCIM Error message body.
    public var body: JSONValue {
        var object = JSONObject()
        object["schemas"] = ["urn:ietf:params:scim:api:messages:2.0:Error"]
        object["status"] = .string(String(status))
        if let scimType { object["scimType"] = .string(scimType.rawValue) }
        object["detail"] = .string(detail)
        return .object(object)
    }

    public var description: String {
        "\(status)\(scimType.map { " \($0.rawValue)" } ?? ""): \(detail)"
    }
}
