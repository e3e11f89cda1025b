import EventLog
import Foundation
import Projections
import Testing

/// Which bearer tokens are accepted, and why the others are refused.
@Suite struct TenancyAuthenticationTests {
    private func reason(_ result: AuthenticationResult) -> AuthenticationFailure.Reason? {
        if case .failure(let failure) = result { return failure.reason }
        return nil
    }

    /// The same token with one character of its secret changed (still canonical base64url).
    private func tampered(_ plaintext: String) -> String {
        var characters = Array(plaintext)
        let index = "scim_".count + 16 + 1 + 5
        characters[index] = characters[index] == "A" ? "B" : "A"
        return String(characters)
    }

    @Test func aValidTokenNamesItsTenantAndScopes() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        let token = try #require(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: fixture.now).token)
        #expect(token == AuthenticatedToken(tenant: "acme", tokenID: issued.token.id, tokenName: "entra", scopes: [.provisioning]))
        #expect(token.actor == "token:\(issued.token.id)")
        #expect(token.allows(.provisioning) && !token.allows(.admin))
        let header = try fixture.service.authenticate(authorization: "bearer  \(issued.secret.plaintext) ", now: fixture.now)
        #expect(header.token == token)
    }

    @Test func missingMalformedUnknownAndWrongSecretAreRefused() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        let now = fixture.now
        #expect(reason(try fixture.service.authenticate(bearer: nil, now: now)) == .missing)
        #expect(reason(try fixture.service.authenticate(bearer: "", now: now)) == .missing)
        #expect(reason(try fixture.service.authenticate(authorization: nil, now: now)) == .missing)
        #expect(reason(try fixture.service.authenticate(authorization: "Bearer ", now: now)) == .missing)
        #expect(reason(try fixture.service.authenticate(authorization: "Basic \(issued.secret.plaintext)", now: now)) == .malformed)
        #expect(reason(try fixture.service.authenticate(bearer: "secret-token", now: now)) == .malformed)
        #expect(reason(try fixture.service.authenticate(bearer: issued.secret.plaintext + "x", now: now)) == .malformed)
        let unknown = "scim_0123456789abcdef_" + issued.secret.plaintext.split(separator: "_", maxSplits: 2)[2]
        #expect(reason(try fixture.service.authenticate(bearer: unknown, now: now)) == .unknown)
        let wrong = try fixture.service.authenticate(bearer: tampered(issued.secret.plaintext), now: now)
        #expect(wrong == .failure(AuthenticationFailure(reason: .wrongSecret, tokenID: issued.token.id, tenant: "acme")))
    }

    @Test func anExpiredTokenIsRefusedFromItsExpiryOn() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(
            tenant: "acme", name: "ten-hours", scopes: [.provisioning], expiresIn: .seconds(10 * 3600), metadata: operatorMetadata)
        let expiry = Timestamp(microsecondsSince1970: TenancyFixture.start.microseconds + 10 * 3600 * 1_000_000)
        #expect(issued.token.expiresAt == expiry)
        let justBefore = Timestamp(microsecondsSince1970: expiry.microseconds - 1)
        #expect(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: justBefore).token != nil)
        #expect(reason(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: expiry)) == .expired)
        // The secret is checked first: a wrong secret for an expired token says nothing of its expiry.
        #expect(reason(try fixture.service.authenticate(bearer: tampered(issued.secret.plaintext), now: expiry)) == .wrongSecret)
        #expect(try fixture.service.listTokens(tenant: "acme").map { $0.token.status(at: expiry) } == [.expired])
    }

    @Test func aRevokedTokenIsRefusedAtOnceAndRevokingTwiceChangesNothing() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        let revoked = try await fixture.service.revokeToken(id: issued.token.id, reason: "leaked", metadata: operatorMetadata)
        #expect(revoked.revokedBy == "cli:operator" && revoked.revocationReason == "leaked")
        #expect(reason(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: fixture.now)) == .revoked)
        let again = try await fixture.service.revokeToken(id: issued.token.id, metadata: operatorMetadata)
        #expect(again == revoked)
        let stream = try fixture.store.events(in: TenancyEvent.tokenStream(tenant: "acme", tokenID: issued.token.id))
        #expect(stream.map(\.type) == ["token.issued", "token.revoked"])
        await #expect(throws: TenancyError.self) {
            try await fixture.service.revokeToken(id: "ffffffffffffffff", metadata: operatorMetadata)
        }
    }

    @Test func aDisabledTenantsTokensAreRefusedUntilItIsEnabled() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        let disabled = try await fixture.service.disableTenant("acme", metadata: operatorMetadata)
        #expect(disabled.state == .disabled)
        #expect(reason(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: fixture.now)) == .tenantDisabled)
        let error = await #expect(throws: TenancyError.self) {
            try await fixture.service.issueToken(tenant: "acme", name: "more", scopes: [.admin], metadata: operatorMetadata)
        }
        #expect(error?.code == .tenantDisabled)
        try await fixture.service.enableTenant("acme", metadata: operatorMetadata)
        #expect(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: fixture.now).token?.tenant == "acme")
    }

    @Test func deletionNeedsADisabledTenantIsFinalAndKeepsTheIdTaken() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let issued = try await fixture.service.issueToken(tenant: "acme", name: "entra", scopes: [.provisioning], metadata: operatorMetadata)
        let active = await #expect(throws: TenancyError.self) { try await fixture.service.deleteTenant("acme", metadata: operatorMetadata) }
        #expect(active?.code == .tenantActive)
        try await fixture.service.disableTenant("acme", metadata: operatorMetadata)
        try await fixture.service.deleteTenant("acme", metadata: operatorMetadata)
        #expect(reason(try fixture.service.authenticate(bearer: issued.secret.plaintext, now: fixture.now)) == .tenantDeleted)
        #expect(try fixture.service.listTenants().isEmpty)
        #expect(try fixture.service.listTenants(includeDeleted: true).map(\.state) == [.deleted])
        let codes = [
            await #expect(throws: TenancyError.self) { try await fixture.service.enableTenant("acme", metadata: operatorMetadata) }?.code,
            await #expect(throws: TenancyError.self) { try await fixture.service.createTenant(id: "acme", name: "Again", metadata: operatorMetadata) }?.code,
            await #expect(throws: TenancyError.self) {
                try await fixture.service.issueToken(tenant: "acme", name: "x", scopes: [.admin], metadata: operatorMetadata)
            }?.code,
        ]
        #expect(codes == [.tenantDeleted, .tenantExists, .tenantDeleted])
        let history = try fixture.store.events(in: TenancyEvent.tenantStream("acme"))
        #expect(history.map(\.type) == ["tenant.created", "tenant.disabled", "tenant.deleted"])
        #expect(history.allSatisfy { $0.actor == "cli:operator" })
    }

    @Test func severalLiveTokensLetASecretBeRotatedWithoutDowntime() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        let old = try await fixture.service.issueToken(tenant: "acme", name: "entra-2025", scopes: [.provisioning], metadata: operatorMetadata)
        let new = try await fixture.service.issueToken(tenant: "acme", name: "entra-2026", scopes: [.provisioning], metadata: operatorMetadata)
        #expect(try fixture.service.authenticate(bearer: old.secret.plaintext, now: fixture.now).token?.tokenName == "entra-2025")
        #expect(try fixture.service.authenticate(bearer: new.secret.plaintext, now: fixture.now).token?.tokenName == "entra-2026")
        try await fixture.service.revokeToken(id: old.token.id, reason: "rotated", metadata: operatorMetadata)
        #expect(reason(try fixture.service.authenticate(bearer: old.secret.plaintext, now: fixture.now)) == .revoked)
        #expect(try fixture.service.authenticate(bearer: new.secret.plaintext, now: fixture.now).token?.tokenName == "entra-2026")
        let statuses = try fixture.service.listTokens(tenant: "acme").map { ($0.token.name, $0.token.status(at: fixture.now)) }
        #expect(statuses.sorted { $0.0 < $1.0 }.map(\.1) == [.revoked, .active])
    }

    @Test func commandsValidateTheirInput() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        for bad in ["", "Acme", "a_b", "ä", "acme corp", String(repeating: "a", count: 64)] {
            let error = await #expect(throws: TenancyError.self) { try await fixture.service.createTenant(id: bad, name: "x", metadata: operatorMetadata) }
            #expect(error?.code == .invalidTenantID, "\(bad)")
        }
        for good in ["a", "acme-1", "0", String(repeating: "z", count: 63)] {
            #expect(try await fixture.service.createTenant(id: good, name: "Tenant \(good)", metadata: operatorMetadata).id == good)
        }
        let codes = [
            await #expect(throws: TenancyError.self) { try await fixture.service.createTenant(id: "b", name: " padded", metadata: operatorMetadata) }?.code,
            await #expect(throws: TenancyError.self) { try await fixture.service.issueToken(tenant: "a", name: "x", scopes: [], metadata: operatorMetadata) }?.code,
            await #expect(throws: TenancyError.self) {
                try await fixture.service.issueToken(tenant: "a", name: "x", scopes: [.admin], expiresIn: .zero, metadata: operatorMetadata)
            }?.code,
            await #expect(throws: TenancyError.self) {
                try await fixture.service.issueToken(tenant: "a", name: "x", scopes: [.admin], expiresIn: .seconds(Int64.max), metadata: operatorMetadata)
            }?.code,
            await #expect(throws: TenancyError.self) { try await fixture.service.issueToken(tenant: "nope", name: "x", scopes: [.admin], metadata: operatorMetadata) }?.code,
            await #expect(throws: TenancyError.self) { try await fixture.service.disableTenant("nope", metadata: operatorMetadata) }?.code,
        ]
        #expect(codes == [.invalidName, .invalidScopes, .invalidExpiry, .invalidExpiry, .unknownTenant, .unknownTenant])
    }
}
