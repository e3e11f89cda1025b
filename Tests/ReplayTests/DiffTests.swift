import EventLog
import Foundation
import Projections
import Testing

@Suite struct DiffTests {
    @Test func whatChangedBetweenTwoPositions() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["diff", "\(scenario.position("two-users"))", "\(scenario.position("end"))", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden("diff.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func aFlipFlopWithinTheWindowIsNoNetChangeAndMembershipIsNet() async throws {
        let scenario = try await SharedScenario.shared.get()
        // From after the first flip ("Engineer") to after the third ("Engineer" again).
        let start = scenario.position("groups").rawValue + 1
        let result = try replay(["diff", "\(start)", "\(start + 2)", "--json", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stderr)")
        let changes = try JSONValue(parsing: result.stdout).objectValue?["changes"]?.arrayValue ?? []
        #expect(changes.count == 1)
        #expect(changes.first?.objectValue?["id"] == .string(EntraScenario.jsmith))
        #expect(changes.first?.objectValue?["events"] == 2)
        #expect(changes.first?.objectValue?["attributes"] == [])
    }

    @Test func theEarlierInstantMustComeFirst() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["diff", "5", "2", "--data-dir", scenario.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("the first instant (position 5"))
    }
}
