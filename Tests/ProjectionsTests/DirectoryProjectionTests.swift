import EventLog
import Projections
import Testing

@Suite struct DirectoryProjectionTests {
    @Test func usersAreFoundByEveryIndexAndKeepTheirSpelling() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.record([.userCreated(resource: user("Barbara.Jensen@Contoso.com", externalId: "bjensen", emails: ["BJensen@Contoso.com"]))], id: "u1")
        try await fixture.record([.userCreated(resource: user("other@contoso.com", externalId: "bjensen"))], id: "u2")
        try await fixture.record([.userCreated(resource: user("bjensen@contoso.com"))], tenant: "globex", id: "u3")

        try fixture.projection.read { reader throws in
            #expect(try reader.userIDs(userName: "barbara.jensen@contoso.COM", tenant: "acme") == ["u1"])
            #expect(try reader.userIDs(externalID: "bjensen", tenant: "acme").sorted() == ["u1", "u2"])
            #expect(try reader.userIDs(externalID: "BJENSEN", tenant: "acme").isEmpty)
            #expect(try reader.userIDs(email: "bjensen@contoso.com", tenant: "acme") == ["u1"])
            #expect(try reader.userIDs(userName: "bjensen@contoso.com", tenant: "acme").isEmpty, "tenants never see each other")
            #expect(try reader.resource(.user, tenant: "acme", id: "u1")?.resource["userName"] == "Barbara.Jensen@Contoso.com")
            #expect(try reader.count(.user, tenant: "acme") == 2)
            #expect(try reader.count(.user, tenant: "globex") == 1)
        }
    }

    @Test func changesMoveIndexesAndStampTheResource() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        let created = try await fixture.record([.userCreated(resource: user("a@x.com", emails: ["a@x.com"]))], id: "u1")
        let changed = try await fixture.record([
            .userChanged(changes: [
                AttributeChange(path: "userName", old: "a@x.com", new: "b@x.com"),
                AttributeChange(path: "name.givenName", old: nil, new: "Bee"),
            ]),
            .userDeactivated,
        ], id: "u1")
        try fixture.projection.read { reader throws in
            #expect(try reader.userIDs(userName: "a@x.com", tenant: "acme").isEmpty)
            #expect(try reader.userIDs(userName: "B@X.COM", tenant: "acme") == ["u1"])
            let stored = try #require(try reader.resource(.user, tenant: "acme", id: "u1"))
            #expect(stored.resource["name"] == ["givenName": "Bee"])
            #expect(stored.resource["active"] == false)
            #expect(stored.revision == 3)
            #expect(stored.created == created[0].recordedAt)
            #expect(stored.lastModified == changed[1].recordedAt)
            #expect(stored.etag == "W/\"3\"")
        }
    }

    @Test func membershipWorksInBothDirectionsAndDeletingAUserLeavesItsGroups() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.record([.userCreated(resource: user("a"))], id: "u1")
        try await fixture.record([.userCreated(resource: user("b"))], id: "u2")
        try await fixture.record([.groupCreated(resource: group("Sales"))], id: "g1")
        try await fixture.record([.groupCreated(resource: group("All"))], id: "g2")
        try await fixture.record([.membersAdded([MemberReference(value: "u1", type: "User"), MemberReference(value: "u2")])], id: "g1")
        try await fixture.record([.membersAdded([MemberReference(value: "u1"), MemberReference(value: "g1", type: "Group")])], id: "g2")
        try await fixture.record([.membersAdded([MemberReference(value: "u1")])], id: "g1")  // re-adding is a no-op

        try fixture.projection.read { reader throws in
            #expect(try reader.isMember("u1", of: "g1", tenant: "acme"))
            #expect(try reader.members(of: "g1", tenant: "acme") == [MemberReference(value: "u1", type: "User"), MemberReference(value: "u2")])
            #expect(try reader.members(of: "g1", tenant: "acme", after: "u1", limit: 5).map(\.value) == ["u2"])
            #expect(try reader.groups(of: "u1", tenant: "acme").sorted() == ["g1", "g2"])
            #expect(try reader.resource(.group, tenant: "acme", id: "g1")?.memberCount == 2)
            #expect(try reader.groupIDs(displayName: "sales", tenant: "acme") == ["g1"])
        }
        try await fixture.record([.userDeleted], id: "u1")
        try await fixture.record([.groupDeleted], id: "g1")
        try fixture.projection.read { reader throws in
            #expect(try reader.groups(of: "u1", tenant: "acme").isEmpty)
            #expect(try reader.groups(of: "u2", tenant: "acme").isEmpty)
            #expect(try reader.members(of: "g2", tenant: "acme").isEmpty)
            #expect(try reader.resource(.group, tenant: "acme", id: "g2")?.memberCount == 0)
            #expect(try reader.count(.user, tenant: "acme") == 1)
            #expect(try reader.count(.group, tenant: "acme") == 1)
        }
    }

    @Test func theJournalFindsRequestsByTenantTimeResourceAndRequestID() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        let start = Timestamp.now()
        let entries = [
            JournalEntry(receivedAt: .now(), tenant: "acme", actor: "t", requestID: "r1", clientRequestID: "c1", method: "GET",
                         path: "/scim/v2/Users?filter=userName%20eq%20%22x%22", status: 200, resultCount: 0),
            JournalEntry(receivedAt: .now(), tenant: "acme", actor: "t", requestID: "r2", method: "POST", path: "/scim/v2/Users",
                         requestBody: #"{"userName":"x","password":"[redacted]"}"#, status: 409, scimType: "uniqueness",
                         detail: "userName x is taken", resourceType: "User", resourceID: "u1"),
            JournalEntry(receivedAt: .now(), tenant: "globex", actor: "t", requestID: "r3", method: "GET", path: "/scim/v2/Users", status: 200),
        ]
        for entry in entries {
            _ = try await fixture.store.execute(JournalRequest(journal: fixture.journal, entry: entry))
        }
        try fixture.store.read { reader throws in
            let acme = try fixture.journal.entries(tenant: "acme", from: start, to: Timestamp.now(), reader)
            #expect(acme.map(\.requestID) == ["r1", "r2"])
            #expect(acme.map(\.sequence) == [1, 2])
            #expect(try fixture.journal.entries(tenant: "acme", resourceType: "User", id: "u1", reader).map(\.status) == [409])
            #expect(try fixture.journal.entries(requestID: "c1", reader).map(\.requestID) == ["r1"])
            #expect(try fixture.journal.entry(2, reader)?.detail == "userName x is taken")
        }
        let pruned = try await fixture.store.execute(PruneJournal(journal: fixture.journal, cutoff: Timestamp.now()))
        #expect(pruned == 3)
        try fixture.store.read { reader throws in
            #expect(try fixture.journal.entries(requestID: "r1", reader).isEmpty)
        }
    }
}

struct PruneJournal: WriteCommand {
    let journal: RequestJournal
    let cutoff: Timestamp
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "prune") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> Int {
        try journal.prune(olderThan: cutoff, in: transaction)
    }
}
