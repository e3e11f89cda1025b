import EventLog
import Projections

/// The token given with `--token` / `SCIM_TOKEN`, kept working for scripts and CI.
///
/// At every start the token is registered as a provisioning token of `--tenant` (default
/// `default`; created when missing), stored like every token: a `token.issued` event with its
/// SHA-256 digest, never its text (see `TokenSecret.init(configured:)`). Registering the same
/// text again changes nothing; a revoked configured token stays refused.
enum ConfiguredToken {
    static let metadata = CommandMetadata(actor: "system:configuration", requestID: "configured-token")

    static func register(_ text: String, tenant: String, in tenancy: TenancyService) async throws -> ConfiguredTokenRegistration {
        do {
            if try tenancy.tenant(tenant) == nil {
                try await tenancy.createTenant(id: tenant, name: tenant, metadata: metadata)
            }
            return try await tenancy.registerConfiguredToken(text, tenant: tenant, name: "configured", metadata: metadata)
        } catch let error as TenancyError {
            throw ConfigurationProblem("--token / SCIM_TOKEN for tenant \"\(tenant)\" (--tenant / SCIM_TENANT): \(error.message)")
        }
    }
}

/// A start-up problem, explained.
struct ConfigurationProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
