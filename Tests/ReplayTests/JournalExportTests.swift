import EventLog
import Foundation
import Projections
import Testing

@Suite struct JournalExportTests {
    @Test func failedRequestsAsATable() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["journal", "--status", "4xx", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden("journal-failed.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func anEntraClientRequestIDFindsItsRequest() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["journal", "--request-id", "c1e7-0007", "--json", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try JSONValue(parsing: result.stdout).arrayValue ?? []
        #expect(entries.count == 1)
        #expect(entries.first?.objectValue?["status"] == 409)
        #expect(entries.first?.objectValue?["requestBody"] == #"{"userName":"bjensen@contoso.com"}"#)
        #expect(entries.first?.objectValue?["headers"] == ["content-type": "application/scim+json"])
    }

    @Test func filtersCombine() async throws {
        let scenario = try await SharedScenario.shared.get()
        let patches = try replay(["journal", "--method", "patch", "--path", "/groups/", "--json", "--data-dir", scenario.path])
        let paths = (try JSONValue(parsing: patches.stdout).arrayValue ?? []).compactMap { $0.objectValue?["path"]?.stringValue }
        #expect(paths.count == 4)
        #expect(paths.allSatisfy { $0.hasPrefix("/scim/v2/Groups/") })
        // The path filter also matches the URL-decoded path.
        let lookups = try replay(["journal", "--path", "externalId eq \"bjensen\"", "--json", "--data-dir", scenario.path])
        #expect((try JSONValue(parsing: lookups.stdout).arrayValue ?? []).count == 1)
        let byResource = try replay(["journal", "--resource", "Sales EMEA", "--status", "204", "--json", "--data-dir", scenario.path])
        #expect((try JSONValue(parsing: byResource.stdout).arrayValue ?? []).count == 3)
        let limited = try replay(["journal", "--limit", "2", "--json", "--data-dir", scenario.path])
        let last = (try JSONValue(parsing: limited.stdout).arrayValue ?? []).compactMap { $0.objectValue?["requestId"]?.stringValue }
        #expect(last == ["req-0028", "req-0029"])
    }

    @Test func exportEventsAsJSONLinesFilteredByTypeAndTenant() async throws {
        let scenario = try await SharedScenario.shared.get()
        let users = try replay(["export", "events", "--type", "user.*", "--data-dir", scenario.path])
        #expect(users.status == 0, "\(users.stderr)")
        let lines = users.stdout.split(separator: "\n").map { try? JSONValue(parsing: String($0)) }
        #expect(lines.count == 11)
        #expect(lines.allSatisfy { $0?.objectValue?["type"]?.stringValue?.hasPrefix("user.") == true })
        #expect(lines.allSatisfy { $0?.objectValue?["tenant"] == "default" })
        let all = try replay(["export", "events", "--all-tenants", "--data-dir", scenario.path])
        #expect(all.stdout.split(separator: "\n").count == Int(scenario.directory.store?.lastPosition.rawValue ?? 0))
        let created = try replay(["export", "events", "--type", "group.created", "--type", "user.deleted", "--data-dir", scenario.path])
        let types = created.stdout.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)).objectValue?["type"]?.stringValue }
        #expect(types == ["group.created", "group.created", "user.deleted"])
    }

    @Test func exportEventsOfOneResourceAndJournalEntriesOfAStatus() async throws {
        let scenario = try await SharedScenario.shared.get()
        let group = try replay(["export", "events", "--resource", "Sales EMEA", "--data-dir", scenario.path])
        let revisions = group.stdout.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)).objectValue?["revision"] }
        #expect(revisions == [1, 2, 3, 4])
        let notFound = try replay(["export", "journal", "--status", "404", "--data-dir", scenario.path])
        let entries = notFound.stdout.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)).objectValue }
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0["resourceId"] == .string(EntraScenario.gone) && $0["positions"] == [] })
    }
}
