import EventLog
import Foundation
import Projections
import Testing

@Suite struct DoctorTests {
    @Test func theDoctorFindsEachClassicProblemWithItsEvidence() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["doctor", "--data-dir", scenario.path])
        #expect(result.status == 1, "problems make doctor exit with 1")
        #expect(result.stderr.isEmpty)
        try expectGolden("doctor.txt", TimeNormaliser(scenario.times)(result.stdout))
    }

    @Test func findingsAsJSON() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["doctor", "--json", "--data-dir", scenario.path])
        let findings = (try JSONValue(parsing: result.stdout).objectValue?["findings"]?.arrayValue ?? []).compactMap(\.objectValue)
        let checks = findings.compactMap { $0["check"]?.stringValue }
        #expect(checks.sorted() == ["duplicate-users", "duplicate-users", "failure-ratio", "no-op-updates", "perpetual-update", "repeated-failures"])
        let flip = try #require(findings.first { $0["check"] == "perpetual-update" })
        #expect(flip["evidence"]?.arrayValue?.count == 4)
        #expect(flip["explanation"]?.stringValue?.contains("differ only in letter case") == true)
        let ratio = try #require(findings.first { $0["check"] == "failure-ratio" })
        #expect(ratio["severity"] == "note")
        #expect(ratio["title"]?.stringValue?.hasPrefix("failure ratio: 4 of 29 requests failed (13.8 %)") == true)
    }

    @Test func aQuietTenantHasOnlyANote() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["doctor", "--tenant", "globex", "--data-dir", scenario.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[note] failure ratio: 0 of 1 request failed (0.0 %); well under"))
        #expect(result.stdout.contains("Summary: 0 problems, 0 warnings, 1 note"))
    }

    @Test func aWindowLimitsWhatIsExamined() async throws {
        let scenario = try await SharedScenario.shared.get()
        let time = try #require(try scenario.directory.store?.event(at: scenario.position("two-users"))?.recordedAt)
        let result = try replay(["doctor", "--to", time.iso8601Microseconds, "--json", "--data-dir", scenario.path])
        let checks = (try JSONValue(parsing: result.stdout).objectValue?["findings"]?.arrayValue ?? []).compactMap { $0.objectValue?["check"]?.stringValue }
        // Duplicates are checked on the live users; everything else only inside the window.
        #expect(!checks.contains("perpetual-update") && !checks.contains("repeated-failures") && !checks.contains("no-op-updates"))
    }
}
