import ArgumentParser
import EventLog
import Projections
import SCIMAdapter

/// `scim-server token create|list|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print its secret, once.",
            discussion: """
                Tokens pasted into Entra should not expire (Entra quarantines a job whose token expires): omit
                --expires-in for them and rotate instead (create a new token, paste it, revoke the old one).
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "The token's tenant.") var tenant: String
        @Option(help: "A name for people (for example entra-2026).") var name: String
        @Option(help: "A lifetime: \(DurationText.forms). Default: never expires.") var expiresIn: String?
        @Option(name: .customLong("scope"), help: "provisioning (the SCIM endpoint, default) or admin (the admin API); repeat for both.")
        var scopes: [String] = []

        func run() async throws {
            try await runCLI {
                var parsedScopes: Set<TokenScope> = []
                for scope in scopes.isEmpty ? ["provisioning"] : scopes {
                    guard let parsed = TokenScope(rawValue: scope) else { throw CLIError("unknown scope \(scope); use provisioning or admin") }
                    parsedScopes.insert(parsed)
                }
                var lifetime: Duration?
                if let expiresIn {
                    guard let parsed = DurationText.parse(expiresIn) else { throw CLIError("--expires-in \(expiresIn): give \(DurationText.forms)") }
                    lifetime = parsed
                }
                let cli = try CLIStore(store, writable: true)
                defer { cli.close() }
                let issued = try await cli.tenancy.issueToken(
                    tenant: tenant, name: name, scopes: parsedScopes, expiresIn: lifetime, metadata: CLIStore.metadata)
                if store.json {
                    printJSON(AdminJSON.issued(issued))
                    return
                }
                let token = issued.token
                print("Created token \(token.id) \"\(token.name)\" for tenant \(token.tenant): scopes \(token.scopes.map(\.rawValue).joined(separator: ", ")), "
                    + (token.expiresAt.map { "expires \($0.iso8601)" } ?? "never expires") + ".")
                print("It is shown once, now; only its SHA-256 digest is stored:\n")
                print(issued.secret.plaintext)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's tokens (never their secrets).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant.") var tenant: String

        func run() async throws {
            try await runCLI {
                let cli = try CLIStore(store, writable: false)
                let listings = try cli.tenancy.listTokens(tenant: tenant)
                let now = Timestamp.now()
                if store.json {
                    printJSON(AdminJSON.tokens(listings, now: now))
                    return
                }
                let rows = listings.map { listing in
                    let token = listing.token
                    return [
                        token.id, token.name, token.scopes.map(\.rawValue).joined(separator: ","), token.status(at: now).rawValue,
                        token.expiresAt?.iso8601 ?? "never", listing.lastUsedAt?.iso8601 ?? "never", token.createdBy,
                    ]
                }
                print(TextTable.render(header: ["ID", "NAME", "SCOPES", "STATUS", "EXPIRES", "LAST USED", "CREATED BY"], rows: rows))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it is refused from now on.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The token id (the 16 hex digits after scim_).") var id: String
        @Option(help: "Why, recorded in the token.revoked event.") var reason: String?

        func run() async throws {
            try await runCLI {
                let cli = try CLIStore(store, writable: true)
                defer { cli.close() }
                let token = try await cli.tenancy.revokeToken(id: id, reason: reason, metadata: CLIStore.metadata)
                if store.json {
                    printJSON(AdminJSON.token(token))
                } else {
                    print("Revoked token \(token.id) \"\(token.name)\" of tenant \(token.tenant).")
                }
            }
        }
    }
}
