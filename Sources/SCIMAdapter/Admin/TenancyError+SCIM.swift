import Projections

extension SCIMError {
    /// The SCIM error for a refused tenant or token command: bad input is 400 `invalidValue`, a
    /// missing tenant or token 404, a taken id 409 `uniqueness`, a state that forbids the change 409.
    static func from(tenancy error: TenancyError) -> SCIMError {
        switch error.code {
        case .invalidTenantID, .invalidName, .invalidScopes, .invalidExpiry, .invalidToken:
            return .invalidValue(error.message.capitalisingFirst + ".")
        case .unknownTenant, .unknownToken:
            return .notFound(error.message.capitalisingFirst + ".")
        case .tenantExists:
            return .uniqueness(error.message.capitalisingFirst + ".")
        default:
            return SCIMError(status: 409, detail: error.message.capitalisingFirst + ".")
        }
    }
}

extension String {
    fileprivate var capitalisingFirst: String { prefix(1).uppercased() + dropFirst() }
}
