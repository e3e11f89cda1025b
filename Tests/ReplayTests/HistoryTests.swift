import EventLog
import Foundation
import Projections
import Testing

@Suite struct HistoryTests {
    @Test func historyOfAUserFoundByUserNameShowsEventsDiffsAndFailedRequests() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", "bjensen@contoso.com", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden("history-user.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func aDeletedUserIsFoundThroughTheLogByItsOldUserName() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", "JSMITH@contoso.com", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden("history-deleted-user.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func membershipsAddTheGroupEventsThatAddedOrRemovedTheUser() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", EntraScenario.jsmith, "--memberships", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden("history-memberships.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func aGroupIsFoundByItsDisplayNameAndShowsMemberChanges() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", "sales emea", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden("history-group.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func anAmbiguousNameListsTheCandidatesAndExitsWithTwo() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", "bjensen", "--data-dir", scenario.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\"bjensen\" is ambiguous: 2 resources of tenant default match by externalId"))
        #expect(result.stderr.contains(EntraScenario.bjensen) && result.stderr.contains(EntraScenario.barbara))
        #expect(result.stderr.contains("what to do: name one of them by its id"))
    }

    @Test func tenantsNeverSeeEachOther() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", "bjensen@contoso.com", "--tenant", "globex", "--json", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue(parsing: result.stdout)
        #expect(json.objectValue?["resource"]?.objectValue?["id"] == "7d1e0c4b-globex")
        let items = json.objectValue?["items"]?.arrayValue ?? []
        #expect(items.count == 1, "one request, with its creation event")
        #expect(items.first?.objectValue?["events"]?.arrayValue?.count == 1)
    }

    @Test func jsonHistoryCarriesTheAttributeChangesAndTheFailedRequest() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", EntraScenario.bjensen, "--json", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        let items = try JSONValue(parsing: result.stdout).objectValue?["items"]?.arrayValue ?? []
        let requests = items.compactMap { $0.objectValue?["request"]?.objectValue }
        #expect(requests.map { $0["status"] } == [201, 200, 409, 200, 200, 200, 200])
        #expect(requests.first { $0["status"] == 409 }?["scimType"] == "uniqueness")
        let change = items.compactMap { $0.objectValue?["events"]?.arrayValue?.first?.objectValue }.first { $0["type"] == "user.changed" }
        let changes = change?["payload"]?.objectValue?["changes"]?.arrayValue ?? []
        #expect(changes.contains(["path": "displayName", "old": "Barbara Jensen", "new": "Babs Jensen"]))
    }
}
