import EventLog
import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// Tokens minted over HTTP, bootstrapped, and configured with `--token` are stored only as
/// digests: no table of the LMDB environment, and not the data file, holds any of them.
@Suite struct TokenStorageTests {
    @Test func noTableNorTheDataFileHoldsATokenAfterIssuingAndUsingIt() async throws {
        let server = try SCIMTestServer()
        let configured = "ci-token-" + UUID().uuidString
        try await server.runWithTenancy { client, tokens in
            let registration = try await server.directory.tenancy.registerConfiguredToken(
                configured, tenant: "default", metadata: CommandMetadata(actor: "test", requestID: "r"))
            guard case .registered = registration else { throw CLITestFailure("the configured token was not registered: \(registration)") }
            #expect(try await client.get("/scim/v2/Users", token: configured).status == 200)
            let minted = try await client.admin(
                .post, "/provisioning/token", json: #"{"tenant": "default", "name": "entra-2026", "expiresIn": "10h"}"#, token: tokens.admin)
            #expect(minted.status == 201, "\(minted.body)")
            let secret = try #require(minted["token"]?.stringValue)
            // Use each token once, so last-use records are written too.
            #expect(try await client.get("/scim/v2/Users", token: secret).status == 200)
            #expect(try await client.get("/scim/v2/Users", token: tokens.provisioning).status == 200)
            #expect(try await client.admin(.get, "/admin/tenants", token: tokens.admin).status == 200)
            try await server.drain()

            var stored: [[UInt8]] = []
            let environment = server.directory.environment
            let names = try environment.databaseNames()
            #expect(names.contains("events") && names.contains("tenancy.v1.tokens") && names.contains("journal"))
            for name in names {
                let database = try environment.openDatabase(name, create: false)
                try environment.withReadTransaction { reader in
                    try reader.scan(database) { key, value in
                        stored.append(Array(key))
                        stored.append(Array(value))
                        return true
                    }
                }
            }
            let file = Array(try Data(contentsOf: URL(fileURLWithPath: server.path).appendingPathComponent("data.mdb")))
            for token in [secret, tokens.provisioning, tokens.admin] {
                let secretPart = String(token.split(separator: "_", maxSplits: 2)[2])
                for needle in [Array(token.utf8), Array(secretPart.utf8)] {
                    #expect(!stored.contains { $0.containsRun(needle) }, "a table holds \(token.prefix(22))…")
                    #expect(!file.containsRun(needle), "data.mdb holds \(token.prefix(22))…")
                }
            }
            #expect(!stored.contains { $0.containsRun(Array(configured.utf8)) }, "a table holds the configured token")
            #expect(!file.containsRun(Array(configured.utf8)), "data.mdb holds the configured token")
            // The scan does see what is stored: the minted token's id is there.
            let id = try #require(minted["id"]?.stringValue)
            #expect(stored.contains { $0.containsRun(Array(id.utf8)) } && file.containsRun(Array(id.utf8)))
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in the array.
    func containsRun(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        var index = 0
        while index <= count - needle.count {
            if self[index] == needle[0], self[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
