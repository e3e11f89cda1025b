import EventLog
import Foundation
import Projections
import Testing

/// `replay reproduce` on traffic the real server recorded, with the server's policy and with a changed one.
@Suite struct ReproduceTests {
    @Test func aWindowWithRejectedRequestsReplaysWithTheSameOutcomes() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let window = ["--from", scenario.windowStart.iso8601Microseconds, "--to", scenario.end.iso8601Microseconds]
        let result = try replay(["reproduce", "--policy-file", scenario.policyFile] + window + scenario.target)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        try expectGolden("server-reproduce.txt", scenario.normalise(result.stdout).replacing(scenario.policyFile, with: "<policy-file>"))
        let json = try replay(["reproduce", "--policy-file", scenario.policyFile, "--json"] + window + scenario.target)
        let report = try JSONValue(parsing: json.stdout).objectValue
        #expect(report?["requests"] == 10)
        #expect(report?["replayed"] == 10)
        #expect(report?["divergences"] == [])
        // The group created in the window got a new id in the replay; later requests used it.
        #expect(report?["ids"]?.objectValue?.keys == [scenario.sales])
    }

    @Test func aPolicyChangeShowsExactlyTheRequestItChanges() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let relaxed = scenario.path + "-relaxed-policy.json"
        try #"{"default": {}}"#.write(toFile: relaxed, atomically: true, encoding: .utf8)
        let window = ["--from", scenario.windowStart.iso8601Microseconds, "--to", scenario.end.iso8601Microseconds]
        let result = try replay(["reproduce", "--policy-file", relaxed, "--json"] + window + scenario.target)
        #expect(result.status == 1, "\(result.stderr)")
        let divergences = try JSONValue(parsing: result.stdout).objectValue?["divergences"]?.arrayValue ?? []
        #expect(divergences.count == 1)
        let only = divergences.first?.objectValue
        #expect(only?["method"] == "POST")
        #expect(only?["path"] == "/scim/v2/Users")
        #expect(only?["recordedStatus"] == 400)
        #expect(only?["replayedStatus"] == 201)
        let aspects = (only?["differences"]?.arrayValue ?? []).compactMap { $0.objectValue?["aspect"]?.stringValue }
        #expect(aspects == ["status", "scimType", "state"])
        let text = try replay(["reproduce", "--policy-file", relaxed] + window + scenario.target)
        #expect(text.status == 1)
        try expectGolden("server-reproduce-relaxed.txt", scenario.normalise(text.stdout).replacing(relaxed, with: "<policy-file>"))
    }

    @Test func fromTheStartOfTheLogEveryCreateIsMappedToItsReplayedID() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let result = try replay(["reproduce", "--from", "0", "--policy-file", scenario.policyFile, "--json"] + scenario.target)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try JSONValue(parsing: result.stdout).objectValue
        #expect(report?["requests"] == 17)
        #expect(report?["divergences"] == [])
        #expect(Set(report?["ids"]?.objectValue?.keys ?? []) == [scenario.bjensen, scenario.jsmith, scenario.sales])
    }

    @Test func oneResourceReplaysOnlyTheRequestsAboutIt() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let result = try replay(
            ["reproduce", "--from", scenario.windowStart.iso8601Microseconds, "--resource", "jsmith@contoso.com", "--json",
             "--policy-file", scenario.policyFile] + scenario.target)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try JSONValue(parsing: result.stdout).objectValue
        // Every request of the window is replayed (the group's create is needed); those about jsmith
        // are reported: the dialect PATCH, the member add naming it and the member removal.
        #expect(report?["requests"] == 3)
        #expect(report?["divergences"] == [])
    }

    @Test func aWindowEndingBeforeItStartsIsAUsageError() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let result = try replay(
            ["reproduce", "--from", scenario.end.iso8601Microseconds, "--to", scenario.windowStart.iso8601Microseconds] + scenario.target)
        #expect(result.status == 64)
        #expect(result.stderr.contains("is after --to"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aPolicyFileThatIsNotAPolicySetIsRefusedBeforeAnythingRuns() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let bad = scenario.path + "-bad-policy.json"
        try #"{"default": {"requirePrimaryEmail": "yes"}}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try replay(["reproduce", "--from", "0", "--policy-file", bad] + scenario.target)
        #expect(result.status == 64)
        #expect(result.stderr.contains("default.requirePrimaryEmail must be true or false"))
        let missing = try replay(["reproduce", "--from", "0", "--policy-file", scenario.path + "-nowhere.json"] + scenario.target)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("cannot read the policy file"))
    }
}
