import EventLog
import Foundation
import Projections
import Testing

/// The first start creates the default tenant and a token, once.
@Suite struct TenancyBootstrapTests {
    @Test func anEmptyLogGetsTheDefaultTenantAProvisioningTokenAndAnAdminToken() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let bootstrap = try #require(try await fixture.service.ensureDefaultTenant())
        #expect(bootstrap.tenant.id == "default" && bootstrap.tenant.state == .active)
        #expect(bootstrap.provisioning.token.name == "entra" && bootstrap.provisioning.token.scopes == [.provisioning])
        #expect(bootstrap.admin.token.name == "admin" && bootstrap.admin.token.scopes == [.admin])
        #expect(bootstrap.provisioning.token.expiresAt == nil && bootstrap.admin.token.expiresAt == nil)
        let token = try #require(try fixture.service.authenticate(bearer: bootstrap.provisioning.secret.plaintext, now: fixture.now).token)
        #expect(token.tenant == "default" && !token.allows(.admin) && token.allows(.provisioning))
        let admin = try #require(try fixture.service.authenticate(bearer: bootstrap.admin.secret.plaintext, now: fixture.now).token)
        #expect(admin.tenant == "default" && admin.allows(.admin) && !admin.allows(.provisioning))
        let events = try await fixture.store.events(after: .start).reduce(into: [RecordedEvent]()) { $0.append($1) }
        #expect(events.map(\.type) == ["tenant.created", "token.issued", "token.issued"])
        #expect(events.allSatisfy { $0.actor == "system:bootstrap" })
        #expect(Set(events.map(\.recordedAt)).count == 1, "one command, one commit")

        #expect(try await fixture.service.ensureDefaultTenant() == nil)
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        #expect(try await fixture.service.ensureDefaultTenant() == nil)
        #expect(try fixture.service.listTokens(tenant: "default").count == 2)
    }

    @Test func concurrentStartsBootstrapExactlyOnce() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        let service = fixture.service
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try await service.ensureDefaultTenant() != nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        #expect(try fixture.service.listTokens(tenant: "default").count == 2)
    }

    @Test func aLogWithDirectoryEventsButNoTenantIsBootstrapped() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.store.append(
            [DirectoryEvent.userCreated(resource: user("a@example.com")).proposed(tenant: "default", id: "u1")], metadata: operatorMetadata)
        #expect(try await fixture.service.ensureDefaultTenant()?.tenant.id == "default")
    }

    @Test func noDefaultTenantOnceAnyTenantExistedEvenIfDeleted() async throws {
        let fixture = try TenancyFixture()
        defer { fixture.remove() }
        try await fixture.service.createTenant(id: "acme", name: "Acme", metadata: operatorMetadata)
        try await fixture.service.disableTenant("acme", metadata: operatorMetadata)
        try await fixture.service.deleteTenant("acme", metadata: operatorMetadata)
        #expect(try await fixture.service.ensureDefaultTenant() == nil)
        #expect(try fixture.service.tenant("default") == nil)
    }
}
