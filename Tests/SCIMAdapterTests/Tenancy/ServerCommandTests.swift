import EventLog
import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// The built `scim-server` executable: the first start prints a Tenant URL and a Secret Token
/// that pass Entra's Test Connection, and the `token` and `tenant` commands work on a data
/// directory (and refuse to write to one a server holds).
@Suite(.serialized) struct ServerCommandTests {
    @Test func testConnectionWorksOnAFreshStartWithThePrintedURLAndToken() throws {
        let data = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        // No subcommand: `serve` is the default, so the options of earlier releases keep working.
        let server = try RunningServer(["--host", "127.0.0.1", "--data-dir", data, "--log-level", "warning"])
        let banner = try server.banner()
        let status = server.stop
        defer { #expect(status() == 0, "a graceful stop exits 0") }

        #expect(banner.contains("Tenant URL for Entra ID:  https://<your public host>/scim/v2?aadOptscim062020"), "\(banner)")
        let base = try #require(value(after: "SCIM base URL:", in: banner)?.split(separator: " ").first.map(String.init), "\(banner)")
        let token = try #require(value(after: "Secret Token:", in: banner), "\(banner)")
        let admin = try #require(value(after: "Admin token:", in: banner), "\(banner)")
        #expect(base == "http://127.0.0.1:\(server.port)/scim/v2")
        #expect(token.hasPrefix("scim_") && admin.hasPrefix("scim_") && token != admin)

        // Entra's probe: a random GUID as userName, URL-encoded with +, no Accept header.
        let guid = UUID().uuidString.lowercased()
        let path = "/scim/v2/Users?aadOptscim062020&filter=userName+eq+%22\(guid)%22"
        let reply = try rawHTTP(port: server.port, "GET \(path) HTTP/1.1", headers: ["Authorization: Bearer \(token)"])
        #expect(reply.status == 200, "\(reply.body)")
        let list = try JSONValue(parsing: reply.body)
        #expect(list.objectValue?["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
        #expect(list.objectValue?["totalResults"] == 0 && list.objectValue?["Resources"] == [])
        let unauthenticated = try rawHTTP(port: server.port, "GET \(path) HTTP/1.1")
        #expect(unauthenticated.status == 401)
        let tenants = try rawHTTP(port: server.port, "GET /admin/tenants HTTP/1.1", headers: ["Authorization: Bearer \(admin)"])
        #expect(tenants.status == 200 && tenants.body.contains(#""id":"default""#))
    }

    @Test func laterStartsPrintNoSecretAndKeepTheTokens() throws {
        let data = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try RunningServer(["--host", "127.0.0.1", "--data-dir", data, "--log-level", "warning"])
        let token = try #require(value(after: "Secret Token:", in: try first.banner()))
        #expect(first.stop() == 0)
        let second = try RunningServer(["--host", "127.0.0.1", "--data-dir", data, "--log-level", "warning"])
        let banner = try second.banner()
        let status = second.stop
        defer { #expect(status() == 0) }
        #expect(!banner.contains("scim_") && banner.contains("Secret Token:   shown only when created"), "\(banner)")
        let reply = try rawHTTP(port: second.port, "GET /scim/v2/Users HTTP/1.1", headers: ["Authorization: Bearer \(token)"])
        #expect(reply.status == 200, "the first start's token survives the restart")
    }

    @Test func tokenAndTenantCommandsManageADataDirectory() throws {
        let data = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let created = try runScimServer(["tenant", "create", "acme", "--name", "Acme Corp", "--data-dir", data])
        #expect(created.status == 0 && created.stdout == "Created tenant acme.\n", "\(created.stderr)")

        let issued = try runScimServer(["token", "create", "--tenant", "acme", "--name", "entra", "--expires-in", "10h", "--data-dir", data])
        #expect(issued.status == 0, "\(issued.stderr)")
        let secret = try #require(issued.stdout.split(separator: "\n").last.map(String.init))
        #expect(TokenSecret(parsing: secret) != nil, "the secret is printed once, on its own line: \(issued.stdout)")
        #expect(issued.stdout.contains("for tenant acme") && issued.stdout.contains("expires"))

        let json = try runScimServer(["token", "create", "--tenant", "acme", "--name", "ops", "--scope", "admin", "--json", "--data-dir", data])
        let object = try #require(try JSONValue(parsing: json.stdout).objectValue, "\(json.stdout) \(json.stderr)")
        #expect(object["scopes"] == ["admin"] && object["token"]?.stringValue?.hasPrefix("scim_") == true)
        let adminID = try #require(object["id"]?.stringValue)

        let listed = try runScimServer(["token", "list", "--tenant", "acme", "--json", "--data-dir", data])
        let tokens = try #require(try JSONValue(parsing: listed.stdout).objectValue?["tokens"]?.arrayValue)
        #expect(tokens.count == 2 && !listed.stdout.contains(String(secret.split(separator: "_", maxSplits: 2)[2])), "never a secret")
        let revoked = try runScimServer(["token", "revoke", adminID, "--data-dir", data])
        #expect(revoked.status == 0 && revoked.stdout.contains("Revoked token \(adminID)"))
        let table = try runScimServer(["token", "list", "--tenant", "acme", "--data-dir", data])
        #expect(table.stdout.hasPrefix("ID ") && table.stdout.contains("revoked") && table.stdout.contains("cli:"), "\(table.stdout)")

        let refused = try runScimServer(["token", "create", "--tenant", "nope", "--name", "x", "--data-dir", data])
        #expect(refused.status == 1 && refused.stderr == "error: no tenant \"nope\"\n")
        let badExpiry = try runScimServer(["token", "create", "--tenant", "acme", "--name", "x", "--expires-in", "soon", "--data-dir", data])
        #expect(badExpiry.status == 1 && badExpiry.stderr.contains("--expires-in soon"))

        // What the commands wrote is what a server reads: the printed secret authenticates.
        let directory = try SCIMDirectory(path: data)
        defer { directory.shutdown() }
        let result = try directory.tenancy.authenticate(bearer: secret, now: .now())
        #expect(result.token?.tenant == "acme" && result.token?.tokenName == "entra")
        #expect(try directory.tenancy.listTenants().map(\.id) == ["acme"], "no default tenant: the CLI does not bootstrap")

        // While this process holds the directory open (as a server would), writes are refused and reads work.
        let held = try runScimServer(["tenant", "disable", "acme", "--data-dir", data])
        #expect(held.status == 1 && held.stderr.contains("is open in process \(getpid())") && held.stderr.contains("admin API"), "\(held.stderr)")
        let readable = try runScimServer(["tenant", "list", "--data-dir", data])
        #expect(readable.status == 0 && readable.stdout.contains("acme") && readable.stdout.contains("active"), "\(readable.stderr)")
    }

    @Test func theConfiguredTokenOfEarlierReleasesStillWorks() throws {
        let data = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let configured = "ci-" + UUID().uuidString
        let server = try RunningServer(["serve", "--host", "127.0.0.1", "--data-dir", data, "--token", configured, "--log-level", "warning"])
        let banner = try server.banner()
        let status = server.stop
        defer { #expect(status() == 0) }
        #expect(banner.contains("Configured token (--token / SCIM_TOKEN): registered for tenant default"), "\(banner)")
        #expect(!banner.contains(configured), "the configured token is not printed")
        let reply = try rawHTTP(port: server.port, "GET /scim/v2/Users HTTP/1.1", headers: ["Authorization: Bearer \(configured)"])
        #expect(reply.status == 200, "\(reply.body)")
    }
}

/// A fresh path for a data directory (not created).
func temporaryDataDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("scim-cli-\(UUID().uuidString)").path
}

/// The rest of the first banner line that starts with `label` (trimmed), or `nil`.
private func value(after label: String, in banner: String) -> String? {
    for line in banner.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix(label) { return trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces) }
    }
    return nil
}
