import Projections

/// What the server prints once at start: where it serves, and on the first start of a data
/// directory the Tenant URL and the tokens, ready to paste into Entra (they are never shown again).
struct StartBanner {
    let options: ServerOptions
    let eventCount: UInt64
    let tenants: [String]
    let bootstrap: TenancyService.Bootstrap?
    let configured: ConfiguredTokenRegistration?

    var text: String {
        let host = options.host == "0.0.0.0" ? "localhost" : options.host
        let local = "\(options.tls == nil ? "http" : "https")://\(host):\(options.port)"
        let publicOrigin = options.publicURL.map { trimmingSlashes($0) } ?? "https://<your public host>"
        var lines = [
            "scim-server: event log in \(options.dataDirectory) (\(eventCount) events), \(tenants.count) tenant(s): \(tenants.joined(separator: ", "))",
            "  SCIM base URL:  \(local)/scim/v2  (the token names its tenant; also /tenants/<tenant>/scim/v2)",
            "  Admin API:      \(local)/admin/tenants and POST \(local)/provisioning/token, with an admin token",
            "  Tenant URL for Entra ID:  \(publicOrigin)/scim/v2?aadOptscim062020",
        ]
        if let bootstrap {
            lines += [
                "  First start: created tenant \"\(bootstrap.tenant.id)\" and two tokens, shown here once (only their digests are stored).",
                "  Secret Token:   \(bootstrap.provisioning.secret.plaintext)",
                "                  (tenant \(bootstrap.tenant.id), scope provisioning, never expires: paste it into Entra)",
                "  Admin token:    \(bootstrap.admin.secret.plaintext)",
                "                  (scope admin: the admin API only; keep it private)",
            ]
        } else {
            lines.append(
                "  Secret Token:   shown only when created; mint one with POST /provisioning/token (admin token) "
                    + "or, with the server stopped, `scim-server token create --tenant <tenant> --name entra`")
        }
        if let configured {
            lines.append("  Configured token (--token / SCIM_TOKEN): " + describe(configured))
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    private func describe(_ registration: ConfiguredTokenRegistration) -> String {
        let token = registration.token
        switch registration {
        case .registered: return "registered for tenant \(token.tenant), scope provisioning (token id \(token.id), stored as a digest)"
        case .alreadyRegistered: return "accepted for tenant \(token.tenant) (token id \(token.id))"
        case .revoked: return "WARNING: refused, it was revoked (token id \(token.id)); choose another token"
        case .otherTenant:
            return "WARNING: it is registered for tenant \(token.tenant), not \(options.tenant); it keeps authenticating \(token.tenant) (token id \(token.id))"
        }
    }

    private func trimmingSlashes(_ text: String) -> String {
        var result = Substring(text)
        while result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}
