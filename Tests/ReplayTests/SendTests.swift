import EventLog
import Foundation
import Projections
import Testing

/// `replay send`: a trace exported from the journal, sent to another live server.
@Suite(.serialized) struct SendTests {
    @Test func aTraceSentToAFreshServerGetsTheRecordedResponsesAndASecondSendTheConflicts() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let trace = scenario.path + "-trace.jsonl"
        let export = try replay(["export", "journal"] + scenario.target)
        #expect(export.status == 0, "\(export.stderr)")
        try export.stdout.write(toFile: trace, atomically: true, encoding: .utf8)

        let target = try await LiveServer(
            dataDirectory: scenario.path + "-send-target", token: "another-token-0123456789", policyFile: scenario.policyFile)
        defer { target.stop() }
        let first = try replay(["send", trace, "--url", target.baseURL, "--token", "another-token-0123456789", "--json"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let report = try JSONValue(parsing: first.stdout).objectValue
        #expect(report?["requests"] == 17)
        #expect(report?["divergences"] == [])
        #expect(Set(report?["ids"]?.objectValue?.keys ?? []) == [scenario.bjensen, scenario.jsmith, scenario.sales])

        // The same trace again: the users and the group exist now, so the three creates conflict.
        let second = try replay(["send", trace, "--url", target.baseURL + "/", "--token", "another-token-0123456789"])
        #expect(second.status == 1)
        let conflicts = second.stdout.split(separator: "\n").filter { $0.contains("~ status: 201 -> 409") }
        #expect(conflicts.count == 3, "\(second.stdout)")
        // The lookups that found nothing the first time now find the users: a body difference, by attribute.
        #expect(second.stdout.contains("~ body: recorded body -> 3 differences"))
        #expect(second.stdout.contains("totalResults: 0 -> 1"))
    }

    @Test func aWrongTokenShowsAsA401OnEveryRequest() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let trace = scenario.path + "-trace-first.jsonl"
        let export = try replay(["export", "journal", "--to", scenario.afterFirstGet.iso8601Microseconds] + scenario.target)
        try export.stdout.write(toFile: trace, atomically: true, encoding: .utf8)
        let target = try await LiveServer(dataDirectory: scenario.path + "-send-token", token: "right-token-0123456789")
        defer { target.stop() }
        let result = try replay(["send", trace, "--url", target.baseURL, "--token", "wrong-token-0123456789", "--json"])
        #expect(result.status == 1)
        let divergences = try JSONValue(parsing: result.stdout).objectValue?["divergences"]?.arrayValue ?? []
        // The readiness probe (GET /ServiceProviderConfig), the Test Connection probe, the lookup, the create and the GET.
        #expect(divergences.count == 5)
        #expect(divergences.allSatisfy { $0.objectValue?["replayedStatus"] == 401 })
    }

    @Test func anUnreachableServerStopsTheSendWithAClearError() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let trace = scenario.path + "-trace-unreachable.jsonl"
        let export = try replay(["export", "journal", "--to", scenario.afterFirstGet.iso8601Microseconds] + scenario.target)
        try export.stdout.write(toFile: trace, atomically: true, encoding: .utf8)
        let result = try replay(["send", trace, "--url", "http://127.0.0.1:9/scim/v2", "--token", "t", "--timeout", "5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("could not be sent"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aTraceThatIsNotJSONLinesIsAUsageError() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-bad-trace-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\"method\":\"GET\",\"path\":\"/scim/v2/Users\",\"status\":200}\nnot json\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try replay(["send", path, "--url", "http://127.0.0.1:9/scim/v2", "--token", "t"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("line 2 of the trace is not JSON"))
        let badURL = try replay(["send", path, "--url", "ftp://example.com", "--token", "t"])
        #expect(badURL.status == 64)
    }

    @Test func requestsRefusedBeforeTheServiceOrWithACutBodyAreSkippedNotSent() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-skip-trace-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = [
            #"{"sequence":1,"method":"GET","path":"/scim/v2/Users","status":401,"scimType":null}"#,
            #"{"sequence":2,"method":"POST","path":"/scim/v2/Users","status":413}"#,
            #"{"sequence":3,"method":"POST","path":"/scim/v2/Users","requestBody":"{\"userName\":","requestBodyTruncated":true,"status":201}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        // Nothing listens on port 9: the run succeeds only because nothing is sent.
        let result = try replay(["send", path, "--url", "http://127.0.0.1:9/scim/v2", "--token", "t"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 requests: 0 replayed, 3 skipped; 0 divergences"))
        #expect(result.stdout.contains("- skipped: refused by authentication (401); replays authenticate as the recorded client"))
        #expect(result.stdout.contains("- skipped: refused as too large (413) before the SCIM service read it"))
        #expect(result.stdout.contains("- skipped: the journal kept only the start of its body"))
    }
}
