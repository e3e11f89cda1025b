import EventLog
import Foundation
import Projections
import Testing

@Suite struct StateTests {
    @Test func theDirectoryAtAPositionAsATable() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["state", "--at", "\(scenario.position("deactivated"))", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden("state-directory.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func oneGroupAtATimeAsSCIMJSONWithItsMembers() async throws {
        let scenario = try await SharedScenario.shared.get()
        let time = try #require(try scenario.directory.store?.event(at: scenario.position("groups"))?.recordedAt)
        let result = try replay(["state", "--at", time.iso8601Microseconds, "Sales", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden("state-group.json", TimeNormaliser(scenario.times)(result.stdout))
    }

    /// The server's projection was read at each mark while the scenario was written; every later
    /// write happened after that read. `state --at` must give back exactly what was read then.
    @Test(arguments: ["two-users", "groups", "deactivated", "end"])
    func stateAtAPointEqualsWhatTheLiveProjectionHeldThen(mark: String) async throws {
        let scenario = try await SharedScenario.shared.get()
        let snapshot = try #require(scenario.snapshots[mark])
        let position = scenario.position(mark)
        let time = try #require(try scenario.directory.store?.event(at: position)?.recordedAt)
        for instant in ["\(position)", time.iso8601Microseconds] {
            let result = try replay(["state", "--at", instant, "--json", "--data-dir", scenario.path])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONValue(parsing: result.stdout).objectValue)
            #expect(json["at"]?.objectValue?["position"] == .number(JSONNumber(Int(position.rawValue))))
            #expect(json["users"] == .array(snapshot.users.map { LiveSnapshot.expectedJSON($0, members: nil) }), "users at \(mark) (\(instant))")
            #expect(
                json["groups"] == .array(snapshot.groups.map { LiveSnapshot.expectedJSON($0, members: snapshot.members[$0.id] ?? []) }),
                "groups at \(mark) (\(instant))")
            #expect(json["counts"] == ["users": .number(JSONNumber(snapshot.users.count)), "groups": .number(JSONNumber(snapshot.groups.count))])
        }
    }

    @Test func aResourceThatDidNotExistYetIsReportedWithItsFirstEvent() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["state", "--at", "\(scenario.position("two-users"))", "Barbara.Jensen@contoso.com", "--data-dir", scenario.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("User \(EntraScenario.barbara) (\"Barbara.Jensen@contoso.com\") did not exist at position \(scenario.position("two-users"))"))
        #expect(result.stderr.contains("its first event is at position"))
    }

    @Test func beforeTheFirstEventTheDirectoryIsEmpty() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["state", "--at", "2001-01-01", "--json", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue(parsing: result.stdout).objectValue
        #expect(json?["at"]?.objectValue?["position"] == 0)
        #expect(json?["users"] == [])
    }
}
