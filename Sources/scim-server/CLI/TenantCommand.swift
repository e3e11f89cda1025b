import ArgumentParser
import EventLog
import Projections
import SCIMAdapter

/// `scim-server tenant create|list|disable|enable|delete`.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Create, list, disable, enable and delete tenants.",
        subcommands: [Create.self, List.self, Disable.self, Enable.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant (its own directory inside the one log).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant id: 1 to 63 of a-z, 0-9 and -; never reused.") var id: String
        @Option(help: "A name for people (default: the id).") var name: String?
        @Option(help: "A display name.") var displayName: String?

        func run() async throws {
            try await runCLI {
                let cli = try CLIStore(store, writable: true)
                defer { cli.close() }
                let tenant = try await cli.tenancy.createTenant(id: id, name: name ?? id, displayName: displayName, metadata: CLIStore.metadata)
                print(store.json ? AdminJSON.tenant(tenant).serialized(style: .pretty) : "Created tenant \(tenant.id).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Include deleted tenants.") var includeDeleted = false

        func run() async throws {
            try await runCLI {
                let tenants = try CLIStore(store, writable: false).tenancy.listTenants(includeDeleted: includeDeleted)
                if store.json {
                    printJSON(AdminJSON.tenants(tenants))
                    return
                }
                let rows = tenants.map { [$0.id, $0.name, $0.state.description, $0.createdAt.iso8601] }
                print(TextTable.render(header: ["ID", "NAME", "STATE", "CREATED"], rows: rows))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a tenant: its tokens are refused until it is enabled.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant id.") var id: String
        func run() async throws { try await change(store, id, "Disabled") { try await $0.disableTenant(id, metadata: $1) } }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled tenant.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant id.") var id: String
        func run() async throws { try await change(store, id, "Enabled") { try await $0.enableTenant(id, metadata: $1) } }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a disabled tenant, for good: its tokens are refused, its id is never reused, the log keeps its history.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant id.") var id: String
        func run() async throws { try await change(store, id, "Deleted") { try await $0.deleteTenant(id, metadata: $1) } }
    }
}

/// Runs one tenant state change and prints the outcome.
private func change(
    _ store: StoreOptions, _ id: String, _ verb: String,
    _ body: (TenancyService, CommandMetadata) async throws -> TenantRecord
) async throws {
    try await runCLI {
        let cli = try CLIStore(store, writable: true)
        defer { cli.close() }
        let tenant = try await body(cli.tenancy, CLIStore.metadata)
        print(store.json ? AdminJSON.tenant(tenant).serialized(style: .pretty) : "\(verb) tenant \(tenant.id) (now \(tenant.state)).")
    }
}
