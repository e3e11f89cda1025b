import EventLog
import Foundation
import Projections
import Testing

/// The tenancy tables are a deterministic fold of the log: verify, tamper detection, version bumps.
@Suite struct TenancyFoldTests {
    /// What the tests expect the projection to say, kept beside the service.
    private struct Model {
        var tenants: [String: TenantState] = [:]
        var tokens: [String: (tenant: String, revoked: Bool)] = [:]
    }

    /// Runs `count` random tenant and token commands (and directory writes between them).
    private func randomHistory(_ fixture: TenancyFixture, seed: UInt64, count: Int) async throws -> Model {
        var random = SeededGenerator(seed: seed)
        var model = Model()
        let ids = ["acme", "acme-eu", "globex", "initech", "umbrella"]
        for tenant in ids.prefix(2) {
            try await fixture.service.createTenant(id: tenant, name: "Tenant \(tenant)", metadata: operatorMetadata)
            model.tenants[tenant] = .active
        }
        for step in 0..<count {
            let tenant = ids[Int(random.next() % UInt64(ids.count))]
            do {
                switch random.next() % 8 {
                case 0:
                    try await fixture.service.createTenant(id: tenant, name: "Tenant \(tenant)", metadata: operatorMetadata)
                    model.tenants[tenant] = .active
                case 1, 2:
                    let issued = try await fixture.service.issueToken(
                        tenant: tenant, name: "token-\(step)", scopes: random.next() % 2 == 0 ? [.provisioning] : [.provisioning, .admin],
                        expiresIn: random.next() % 3 == 0 ? .seconds(3600) : nil, metadata: operatorMetadata)
                    model.tokens[issued.token.id] = (tenant, false)
                case 3:
                    let known = model.tokens.keys.sorted()
                    guard !known.isEmpty else { continue }
                    let id = known[Int(random.next() % UInt64(known.count))]
                    try await fixture.service.revokeToken(id: id, reason: "step \(step)", metadata: operatorMetadata)
                    model.tokens[id]?.revoked = true
                case 4:
                    try await fixture.service.disableTenant(tenant, metadata: operatorMetadata)
                    model.tenants[tenant] = .disabled
                case 5:
                    try await fixture.service.enableTenant(tenant, metadata: operatorMetadata)
                    model.tenants[tenant] = .active
                case 6:
                    guard random.next() % 8 == 0 else { continue }
                    try await fixture.service.deleteTenant(tenant, metadata: operatorMetadata)
                    model.tenants[tenant] = .deleted
                default:
                    try await fixture.store.append(
                        [DirectoryEvent.userCreated(resource: user("u\(step)@example.com")).proposed(tenant: tenant, id: "u\(step)")],
                        metadata: operatorMetadata)
                }
            } catch is TenancyError {
                // Refused commands (unknown, disabled or deleted tenants) write nothing; the model stays.
            }
        }
        return model
    }

    @Test(arguments: [UInt64(7), 8, 9])
    func randomHistoriesEqualAFreshFoldAndTheModel(seed: UInt64) async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let model = try await randomHistory(fixture, seed: seed, count: 300)
        let report = try fixture.tenancy.verify(scratchDirectory: try scratchDirectory())
        #expect(report.isConsistent, "differences: \(report.differences.prefix(5))")
        #expect(report.tablesCompared == 3)
        #expect(report.position == fixture.store.lastPosition)
        #expect(report.rowsCompared >= model.tenants.count + 2 * model.tokens.count)

        let tenants = try fixture.service.listTenants(includeDeleted: true)
        #expect(Dictionary(uniqueKeysWithValues: tenants.map { ($0.id, $0.state) }) == model.tenants)
        for (id, expected) in model.tokens {
            let token = try #require(try fixture.service.token(id))
            #expect(token.tenant == expected.tenant && (token.revokedAt != nil) == expected.revoked)
        }
        #expect(model.tokens.count > 10 && model.tenants.count >= 3, "the history exercises the projection: \(model.tokens.count) tokens, \(model.tenants.count) tenants")
    }

    @Test func verifyReportsARowThatDoesNotMatchTheLog() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        try await fixture.service.createTenant(id: "globex", name: "Globex", metadata: operatorMetadata)
        _ = try await fixture.store.execute(OverwriteRow(environment: fixture.environment, table: "tenancy.v1.tenants", tenant: "acme"))
        let report = try fixture.tenancy.verify(scratchDirectory: try scratchDirectory())
        #expect(report.differences.map(\.table) == ["tenancy.v1.tenants"])
        #expect(report.differences.map(\.kind) == [.different])
    }

    @Test func aVersionBumpRefoldsTheLogDropsTheOldTablesAndKeepsLastUse() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-bump-\(UUID().uuidString)").path
        var secret = ""
        var before: [TokenListing] = []
        do {
            let v1 = try TenancyFixture(path: path, codeVersion: 1)
            _ = try await randomHistory(v1, seed: 11, count: 120)
            try await v1.service.createTenant(id: "kept", name: "Kept", metadata: operatorMetadata)
            let issued = try await v1.service.issueToken(tenant: "kept", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
            secret = issued.secret.plaintext
            v1.service.noteUse(try #require(try v1.service.authenticate(bearer: secret, now: v1.now).token), at: v1.now)
            try await v1.drainWriter()
            before = try v1.service.listTokens(tenant: "kept")
            v1.close()
        }
        let v2 = try TenancyFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        #expect(v2.tenancy.activeVersion == 2)
        let names = try v2.environment.databaseNames()
        #expect(names.filter { $0.hasPrefix("tenancy.v1.") }.isEmpty)
        #expect(names.filter { $0.hasPrefix("tenancy.v2.") }.count == 3)
        #expect(try v2.service.listTokens(tenant: "kept") == before)
        #expect(before.first?.lastUsedAt == TenancyFixture.start)
        #expect(try v2.service.authenticate(bearer: secret, now: v2.now).token?.tenant == "kept")
        let report = try v2.tenancy.verify(scratchDirectory: try scratchDirectory())
        #expect(report.isConsistent && report.rowsCompared > 10)
    }
}

/// Replaces the row of `tenant` in `table` with bytes no event produced.
private struct OverwriteRow: WriteCommand {
    let environment: LMDBEnvironment
    let table: String
    let tenant: String
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "tamper") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        let database = try environment.openDatabase(table, create: false)
        var key = BinaryWriter()
        key.write(string: tenant)
        var row = try #require(try txn.reader.get(database, key: key.bytes))
        row[row.count - 1] ^= 1
        try txn.put(database, key: key.bytes, value: row)
    }
}
