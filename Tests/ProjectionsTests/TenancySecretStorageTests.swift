import EventLog
import Foundation
import Projections
import Testing

/// A token's secret is shown once and stored nowhere: not in the log, not in any table, not in the file.
@Suite struct TenancySecretStorageTests {
    @Test func noTableOfTheEnvironmentNorTheDataFileHoldsASecret() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let bootstrap = try #require(try await fixture.service.ensureDefaultTenant())
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let live = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        let expiring = try await fixture.service.issueToken(
            tenant: "acme", name: "ci", scopes: [.admin], expiresIn: .seconds(3600), metadata: operatorMetadata)
        try await fixture.service.revokeToken(id: expiring.token.id, reason: "rotated", metadata: operatorMetadata)
        let authenticated = try #require(try fixture.service.authenticate(bearer: live.secret.plaintext, now: fixture.now).token)
        fixture.service.noteUse(authenticated, at: fixture.now)
        try await fixture.drainWriter()

        // Read every row of every named database: keys and values, as one list of byte runs.
        var stored: [[UInt8]] = []
        let names = try fixture.environment.databaseNames()
        #expect(names.contains("events") && names.contains("tenancy.v1.tokens") && names.contains("tenancy.last_used"))
        for name in names {
            let database = try fixture.environment.openDatabase(name, create: false)
            try fixture.environment.withReadTransaction { reader in
                try reader.scan(database) { key, value in
                    stored.append(Array(key))
                    stored.append(Array(value))
                    return true
                }
            }
        }
        let file = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.path).appendingPathComponent("data.mdb")))

        for issued in [bootstrap.provisioning, bootstrap.admin, live, expiring] {
            let plaintext = issued.secret.plaintext
            let secret = secretBytes(of: plaintext)
            #expect(secret.count == 32)
            let base64url = String(plaintext.split(separator: "_", maxSplits: 2)[2])
            let needles: [[UInt8]] = [
                secret, Array(plaintext.utf8), Array(base64url.utf8), Array(Data(secret).base64EncodedString().utf8),
                Array(secret.map { String(format: "%02x", $0) }.joined().utf8),
            ]
            for (index, needle) in needles.enumerated() {
                let inTables = stored.contains { $0.containsRun(needle) }
                let inFile = file.containsRun(needle)
                #expect(!inTables, "a table holds form \(index) of the secret of \(issued.token.name)")
                #expect(!inFile, "data.mdb holds form \(index) of the secret of \(issued.token.name)")
            }
            // The scan does see what is stored: the token's id is there, in the tables and in the file.
            let idInTables = stored.contains { $0.containsRun(Array(issued.token.id.utf8)) }
            let idInFile = file.containsRun(Array(issued.token.id.utf8))
            #expect(idInTables && idInFile)
        }
        let issuedEvent = try #require(
            try fixture.store.events(in: TenancyEvent.tokenStream(tenant: "acme", tokenID: live.token.id)).first)
        guard case .tokenIssued(let payload)? = try TenancyEvent(issuedEvent) else {
            Issue.record("the token stream does not start with token.issued")
            return
        }
        let hashInTables = stored.contains { $0.containsRun(Array(payload.hash.description.utf8)) }
        #expect(hashInTables, "the event's digest is found by the same scan")
    }

    @Test func aTokenHasTheDocumentedFormatAndItsDescriptionIsRedacted() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let first = try await fixture.service.issueToken(tenant: "acme", name: "a", scopes: [.provisioning], metadata: operatorMetadata)
        let second = try await fixture.service.issueToken(tenant: "acme", name: "b", scopes: [.provisioning], metadata: operatorMetadata)
        for issued in [first, second] {
            let plaintext = issued.secret.plaintext
            #expect(plaintext.range(of: #"^scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$"#, options: .regularExpression) != nil, "\(plaintext)")
            #expect(plaintext.hasPrefix("scim_\(issued.token.id)_"))
            let secretPart = String(plaintext.split(separator: "_", maxSplits: 2)[2])
            #expect(!"\(issued.secret)".contains(secretPart))
            #expect(!String(reflecting: issued).contains(secretPart))
            let parsed = try #require(TokenSecret(parsing: plaintext))
            #expect(parsed.tokenID == issued.token.id && parsed.plaintext == plaintext)
        }
        #expect(first.token.id != second.token.id)
        #expect(secretBytes(of: first.secret.plaintext) != secretBytes(of: second.secret.plaintext))
    }

    @Test(arguments: [
        "", "scim_", "scim_0123456789abcdef", "scim_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scim_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scim_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
        "scim_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+A",
        "SCIM_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scim-0123456789abcdef-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformedTokensDoNotParse(text: String) {
        #expect(TokenSecret(parsing: text) == nil)
    }

    @Test func theCanonicalFormParses() {
        let text = "scim_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        let parsed = TokenSecret(parsing: text)
        #expect(parsed?.tokenID == "0123456789abcdef")
        #expect(parsed?.plaintext == text)
    }
}
