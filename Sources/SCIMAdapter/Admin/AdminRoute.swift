import Projections

/// Where an admin API request points.
///
/// Guarantees: recognises `/provisioning/token` and every path under `/admin` (ignoring empty
/// segments, so trailing slashes do not matter); ids are percent-decoded. A path under `/admin`
/// that names nothing is ``unknown`` (answered 404), and any other path is not an admin route at
/// all (`init(path:)` returns `nil`), so the SCIM endpoint keeps it.
public enum AdminRoute: Sendable, Hashable {
    /// `POST /provisioning/token`: mint a token.
    case mintToken
    /// `GET|POST /admin/tenants`.
    case tenants
    /// `GET|DELETE /admin/tenants/{id}`.
    case tenant(String)
    /// `POST /admin/tenants/{id}/disable` and `/enable`.
    case tenantState(String, enable: Bool)
    /// `GET /admin/tenants/{id}/tokens`.
    case tenantTokens(String)
    /// `GET /admin/tenants/{id}/quarantine`.
    case tenantQuarantine(String)
    /// `DELETE /admin/tokens/{tokenID}`: revoke.
    case token(String)
    /// Under `/admin`, but nothing there.
    case unknown

    /// Parses a request path (without its query string); `nil` when it is not an admin path.
    public init?(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { QueryParameters.decode($0) }
        if segments == ["provisioning", "token"] {
            self = .mintToken
            return
        }
        guard segments.first == "admin" else { return nil }
        switch Array(segments.dropFirst()) {
        case ["tenants"]: self = .tenants
        case let parts where parts.count == 2 && parts[0] == "tenants": self = .tenant(parts[1])
        case let parts where parts.count == 3 && parts[0] == "tenants":
            switch parts[2] {
            case "disable": self = .tenantState(parts[1], enable: false)
            case "enable": self = .tenantState(parts[1], enable: true)
            case "tokens": self = .tenantTokens(parts[1])
            case "quarantine": self = .tenantQuarantine(parts[1])
            default: self = .unknown
            }
        case let parts where parts.count == 2 && parts[0] == "tokens": self = .token(parts[1])
        default: self = .unknown
        }
    }

    /// The methods the route answers.
    var allowedMethods: [String] {
        switch self {
        case .mintToken, .tenantState: ["POST"]
        case .tenants: ["GET", "POST"]
        case .tenant: ["GET", "DELETE"]
        case .tenantTokens, .tenantQuarantine: ["GET"]
        case .token: ["DELETE"]
        case .unknown: []
        }
    }
}
