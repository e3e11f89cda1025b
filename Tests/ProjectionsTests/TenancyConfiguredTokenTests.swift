import EventLog
import Foundation
import Projections
import Testing

/// A token the operator chose (`--token`) is registered once, stored as a digest, and checked like any token.
@Suite struct TenancyConfiguredTokenTests {
    @Test func registeringIsIdempotentAndTheTokenAuthenticatesItsTenant() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "default", name: "Default", metadata: operatorMetadata)
        let text = "ci-token-0123456789-abcdefghij"
        let first = try await fixture.service.registerConfiguredToken(text, tenant: "default", metadata: operatorMetadata)
        guard case .registered(let token) = first else { throw TestFailure("not registered: \(first)") }
        #expect(token.scopes == [.provisioning] && token.expiresAt == nil && token.name == "configured")
        #expect(try await fixture.service.registerConfiguredToken(text, tenant: "default", metadata: operatorMetadata) == .alreadyRegistered(token))
        #expect(try fixture.service.listTokens(tenant: "default").count == 1, "one token.issued, however often it is registered")

        let authenticated = try #require(try fixture.service.authenticate(bearer: text, now: fixture.now).token)
        #expect(authenticated.tenant == "default" && authenticated.tokenID == token.id)
        let wrong = try fixture.service.authenticate(bearer: text + "x", now: fixture.now)
        #expect(wrong.token == nil)

        let elsewhere = try await fixture.service.registerConfiguredToken(text, tenant: "acme", metadata: operatorMetadata)
        #expect(elsewhere == .otherTenant(token), "a configured token keeps its first tenant")
        try await fixture.service.revokeToken(id: token.id, metadata: operatorMetadata)
        guard case .revoked = try await fixture.service.registerConfiguredToken(text, tenant: "default", metadata: operatorMetadata) else {
            throw TestFailure("a revoked configured token must stay revoked")
        }
        guard case .failure(let failure) = try fixture.service.authenticate(bearer: text, now: fixture.now) else {
            throw TestFailure("a revoked configured token authenticated")
        }
        #expect(failure.reason == .revoked)
    }

    @Test(arguments: ["short-token", "has a space in it somewhere", String(repeating: "x", count: 513), "naïve-token-with-accents"])
    func tokensOutsideTheRulesAreRefused(text: String) async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "default", name: "Default", metadata: operatorMetadata)
        let error = await #expect(throws: TenancyError.self) {
            try await fixture.service.registerConfiguredToken(text, tenant: "default", metadata: operatorMetadata)
        }
        #expect(error?.code == .invalidToken)
        #expect(error?.message.contains(text) == false, "the token is never echoed")
    }

    @Test func theDerivedIdIsStableAndTheTextIsNeverStored() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let text = "stable-token-" + UUID().uuidString
        #expect(TokenSecret(configured: text)?.tokenID == TokenSecret(configured: text)?.tokenID)
        #expect(TokenSecret(configured: text)?.tokenID != TokenSecret(configured: text + "2")?.tokenID)
        #expect(TokenSecret(configured: text)?.description.contains(text) == false)
        try await fixture.service.createTenant(id: "default", name: "Default", metadata: operatorMetadata)
        _ = try await fixture.service.registerConfiguredToken(text, tenant: "default", metadata: operatorMetadata)
        let file = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.path).appendingPathComponent("data.mdb")))
        #expect(!file.containsRun(Array(text.utf8)))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
