import EventLog
import Foundation
import Projections
import Testing

/// Each token belongs to one tenant, listings never cross tenants, and last use is throttled.
@Suite struct TenancyIsolationTests {
    @Test func tokensAreListedUnderTheirOwnTenantOnly() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        // "acme" is a prefix of "acme-eu": length-prefixed keys keep their rows apart.
        for id in ["acme", "acme-eu", "globex"] {
            try await fixture.service.createTenant(id: id, name: id.uppercased(), metadata: operatorMetadata)
        }
        var issued: [String: [IssuedToken]] = [:]
        for (tenant, count) in [("acme", 3), ("acme-eu", 2), ("globex", 1)] {
            for index in 0..<count {
                issued[tenant, default: []].append(
                    try await fixture.service.issueToken(tenant: tenant, name: "\(tenant)-\(index)", scopes: [.provisioning], metadata: operatorMetadata))
            }
        }
        for (tenant, tokens) in issued {
            let listed = try fixture.service.listTokens(tenant: tenant)
            #expect(Set(listed.map(\.token.id)) == Set(tokens.map(\.token.id)), "\(tenant)")
            #expect(listed.allSatisfy { $0.token.tenant == tenant })
            for token in tokens {
                #expect(try fixture.service.authenticate(bearer: token.secret.plaintext, now: fixture.now).token?.tenant == tenant)
            }
        }
        #expect(try fixture.service.listTenants().map(\.id) == ["acme", "acme-eu", "globex"])
        let error = #expect(throws: TenancyError.self) { try fixture.service.listTokens(tenant: "initech") }
        #expect(error?.code == .unknownTenant)
    }

    @Test func tenantAndTokenEventsLiveInTheirTenantsStreams() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let created = try await fixture.service.createTenant(id: "acme", name: "Acme Corporation", displayName: "Acme", metadata: operatorMetadata)
        #expect(created.name == "Acme Corporation" && created.displayName == "Acme" && created.state == .active)
        let issued = try await fixture.service.issueToken(
            tenant: "acme", name: "entra", scopes: [.provisioning, .admin], metadata: CommandMetadata(actor: "token:0000000000000001", requestID: "r2"))
        let tenantEvents = try fixture.store.events(in: StreamID(tenant: "acme", type: "Tenant", id: "acme"))
        #expect(tenantEvents.map(\.type) == ["tenant.created"])
        let tokenEvents = try fixture.store.events(in: StreamID(tenant: "acme", type: "Token", id: issued.token.id))
        #expect(tokenEvents.map(\.actor) == ["token:0000000000000001"])
        guard case .tokenIssued(let payload)? = try TenancyEvent(try #require(tokenEvents.first)) else {
            Issue.record("not a token.issued event")
            return
        }
        #expect(payload.createdBy == "token:0000000000000001")
        #expect(payload.scopes == [.admin, .provisioning] && payload.tenant == "acme" && payload.expiresAt == nil)
        #expect(issued.token.createdBy == "token:0000000000000001")
    }

    @Test func lastUseIsRecordedAtMostOncePerTokenPerMinute() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        #expect(try fixture.service.listTokens(tenant: "acme").first?.lastUsedAt == nil)
        let token = try #require(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: fixture.now).token)
        let first = fixture.now
        fixture.service.noteUse(token, at: first)
        fixture.advance(seconds: 59)
        fixture.service.noteUse(token, at: fixture.now)
        try await fixture.drainWriter()
        #expect(try fixture.service.listTokens(tenant: "acme").first?.lastUsedAt == first)
        fixture.advance(seconds: 1)
        fixture.service.noteUse(token, at: fixture.now)
        try await fixture.drainWriter()
        #expect(try fixture.service.listTokens(tenant: "acme").first?.lastUsedAt == fixture.now)
        // An older use arriving late never moves the time back.
        _ = try await fixture.store.execute(RecordTokenUse(projection: fixture.tenancy, tokenID: token.tokenID, usedAt: first))
        #expect(try fixture.service.listTokens(tenant: "acme").first?.lastUsedAt == fixture.now)
        #expect(fixture.store.lastPosition.rawValue == 2, "last use appends no event")
    }

    @Test func theThrottleCountsEachTokenSeparately() {
        let throttle = TokenUseThrottle(interval: .seconds(60))
        let t0 = TenancyFixture.start
        let later = Timestamp(microsecondsSince1970: t0.microseconds + 60_000_000)
        #expect(throttle.shouldRecord(tokenID: "a", at: t0))
        #expect(throttle.shouldRecord(tokenID: "b", at: t0))
        #expect(!throttle.shouldRecord(tokenID: "a", at: Timestamp(microsecondsSince1970: later.microseconds - 1)))
        #expect(throttle.shouldRecord(tokenID: "a", at: later))
        #expect(!throttle.shouldRecord(tokenID: "b", at: t0))
    }
}
