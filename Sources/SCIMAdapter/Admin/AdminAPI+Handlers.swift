import EventLog
import Projections

extension AdminAPI {
    /// Runs an authorised admin request.
    /// - Throws: ``SCIMError`` for bad input, ``TenancyError`` for refused commands, storage faults.
    func handle(
        _ route: AdminRoute, _ call: AdminCall, body: [UInt8], token: AuthenticatedToken, metadata: CommandMetadata
    ) async throws -> SCIMResponse {
        switch (route, call.method) {
        case (.mintToken, _):
            return try await mint(try AdminBody(body), metadata: metadata)
        case (.tenants, "GET"):
            let includeDeleted = call.query["includeDeleted"].map { $0.lowercased() == "true" } ?? false
            return AdminResponse.json(200, AdminJSON.tenants(try tenancy.listTenants(includeDeleted: includeDeleted)))
        case (.tenants, _):
            let request = try AdminBody(body)
            let id = try request.string("id")
            let tenant = try await tenancy.createTenant(
                id: id, name: try request.optionalString("name") ?? id, displayName: try request.optionalString("displayName"), metadata: metadata)
            return AdminResponse.json(201, AdminJSON.tenant(tenant))
        case (.tenant(let id), "GET"):
            return AdminResponse.json(200, AdminJSON.tenant(try existingTenant(id)))
        case (.tenant(let id), _):
            try refuseSelfLockout(id, token, "delete")
            return AdminResponse.json(200, AdminJSON.tenant(try await tenancy.deleteTenant(id, metadata: metadata)))
        case (.tenantState(let id, let enable), _):
            if enable {
                return AdminResponse.json(200, AdminJSON.tenant(try await tenancy.enableTenant(id, metadata: metadata)))
            }
            try refuseSelfLockout(id, token, "disable")
            return AdminResponse.json(200, AdminJSON.tenant(try await tenancy.disableTenant(id, metadata: metadata)))
        case (.tenantTokens(let id), _):
            return AdminResponse.json(200, AdminJSON.tokens(try tenancy.listTokens(tenant: id)))
        case (.tenantQuarantine(let id), _):
            _ = try existingTenant(id)
            guard let quarantine else { throw SCIMError(status: 503, detail: "The quarantine early warning is not running in this server.") }
            return AdminResponse.json(200, AdminJSON.quarantine(quarantine.report(tenant: id), configuration: quarantine.monitor.configuration))
        case (.token(let id), _):
            let reason = call.query["reason"].flatMap { $0.isEmpty ? nil : $0 }
            let token = try await tenancy.revokeToken(id: id, reason: reason, metadata: metadata)
            let lastUsed = try tenancy.listTokens(tenant: token.tenant).first { $0.token.id == id }?.lastUsedAt
            return AdminResponse.json(200, AdminJSON.token(token, lastUsed: lastUsed))
        case (.unknown, _):
            throw SCIMError.notFound("There is no admin endpoint here.")
        }
    }

    private func mint(_ request: AdminBody, metadata: CommandMetadata) async throws -> SCIMResponse {
        let tenant = try request.string("tenant")
        let name = try request.string("name")
        var scopes: Set<TokenScope> = [.provisioning]
        if let names = try request.optionalStrings("scopes") {
            scopes = []
            for name in names {
                guard let scope = TokenScope(rawValue: name) else {
                    throw SCIMError.invalidValue("Unknown scope \"\(name)\"; scopes are \"provisioning\" (the SCIM endpoint) and \"admin\" (this API).")
                }
                scopes.insert(scope)
            }
        }
        var expiresIn: Duration?
        switch request.object["expiresIn"] {
        case nil, .null?:
            break
        case .string(let text)?:
            guard let duration = DurationText.parse(text) else {
                throw SCIMError.invalidValue("\"expiresIn\" is \"\(text)\"; give \(DurationText.forms), or leave it out for a token that does not expire.")
            }
            expiresIn = duration
        case .number(let number)? where number.isInteger && (number.int64Value ?? 0) > 0:
            expiresIn = .seconds(number.int64Value ?? 0)
        default:
            throw SCIMError.invalidValue("\"expiresIn\" must be a string (\(DurationText.forms)) or a positive whole number of seconds.")
        }
        let issued = try await tenancy.issueToken(tenant: tenant, name: name, scopes: scopes, expiresIn: expiresIn, metadata: metadata)
        return AdminResponse.json(201, AdminJSON.issued(issued))
    }

    private func existingTenant(_ id: String) throws -> TenantRecord {
        guard let tenant = try tenancy.tenant(id) else { throw SCIMError.notFound("No tenant \"\(id)\".") }
        return tenant
    }

    /// Refuses to disable or delete the tenant of the token making the request.
    private func refuseSelfLockout(_ id: String, _ token: AuthenticatedToken, _ action: String) throws(SCIMError) {
        guard id == token.tenant else { return }
        throw SCIMError(
            status: 409,
            detail: "This admin token belongs to tenant \"\(id)\"; it cannot \(action) its own tenant (every token of a disabled tenant is refused, "
                + "this one included). Use an admin token of another tenant.")
    }
}

/// A JSON object request body, with typed member access and actionable errors.
struct AdminBody {
    let object: JSONObject

    init(_ bytes: [UInt8]) throws(SCIMError) {
        guard !bytes.isEmpty else { throw SCIMError.invalidSyntax("This request needs a JSON object body.") }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw SCIMError.invalidSyntax("The request body is not valid JSON: \(error).")
        }
        guard let object = value.objectValue else { throw SCIMError.invalidSyntax("The request body must be a JSON object.") }
        self.object = object
    }

    func string(_ key: String) throws(SCIMError) -> String {
        guard let value = try optionalString(key) else { throw SCIMError.invalidValue("\"\(key)\" is required (a string).") }
        return value
    }

    func optionalString(_ key: String) throws(SCIMError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw SCIMError.invalidValue("\"\(key)\" must be a string.")
        }
    }

    func optionalStrings(_ key: String) throws(SCIMError) -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let values)?:
            let strings = values.compactMap(\.stringValue)
            guard strings.count == values.count else { throw SCIMError.invalidValue("\"\(key)\" must be an array of strings.") }
            return strings
        default: throw SCIMError.invalidValue("\"\(key)\" must be an array of strings.")
        }
    }
}
