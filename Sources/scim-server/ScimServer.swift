import ArgumentParser

/// `scim-server`: serves the SCIM endpoint (`serve`, the default) and manages tenants and tokens
/// in a data directory (`token ...`, `tenant ...`).
///
/// `scim-server --port 8080` is `scim-server serve --port 8080`: every option and environment
/// variable of the server works as before.
@main
struct ScimServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scim-server",
        abstract: "A SCIM 2.0 directory for Microsoft Entra ID: serve it, and manage its tenants and bearer tokens.",
        discussion: "Without a subcommand, serves (`scim-server serve --help` lists the options). The token and tenant commands open the data directory themselves: listings work beside a running server (read-only); changes are refused while a server has the directory open, use the admin API then (docs/TENANTS-AND-TOKENS.md).",
        subcommands: [Serve.self, TokenCommand.self, TenantCommand.self],
        defaultSubcommand: Serve.self)
}
