import EventLog
import Foundation
import Projections
import Testing

/// `replay` on a data directory the real server wrote while Entra-shaped traffic went through it.
@Suite struct BlackBoxTests {
    @Test func historyOfAUserProvisionedThroughTheServer() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let result = try replay(["history", "bjensen@contoso.com"] + scenario.target)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden("server-history-user.txt", scenario.normalise(result.stdout))
    }

    @Test func journalOfTheServerTraffic() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let result = try replay(["journal"] + scenario.target)
        #expect(result.status == 0, "\(result.stderr)")
        // The latency column changes from run to run.
        let text = scenario.normalise(result.stdout).replacing(#/^(<time>  \d+  \d+  [A-Z]+  )\d+\.\d/#.anchorsMatchLineEndings(), with: { "\($0.output.1)<ms>" })
        try expectGolden("server-journal.txt", text)
    }

    @Test func theRejectedRequestsAreJournaledWithTheServersErrors() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let result = try replay(["journal", "--status", "4xx", "--json"] + scenario.target)
        let entries = (try JSONValue(parsing: result.stdout).arrayValue ?? []).compactMap(\.objectValue)
        #expect(entries.map { $0["status"] } == [409, 400])
        #expect(entries.map { $0["scimType"] } == ["uniqueness", "invalidValue"])
        #expect(entries.allSatisfy { $0["responseBody"]?.stringValue?.contains("urn:ietf:params:scim:api:messages:2.0:Error") == true })
    }

    @Test func stateAtTheTimeOfAGetEqualsWhatTheServerAnswered() async throws {
        let scenario = try await SharedServerScenario.shared.get()
        let then = scenario.afterFirstGet.iso8601Microseconds
        let result = try replay(["state", "--at", then, scenario.bjensen] + scenario.target)
        #expect(result.status == 0, "\(result.stderr)")
        let state = try JSONValue(parsing: result.stdout)
        #expect(state == Self.pathOnlyLocation(scenario.firstGet))
        // Later writes changed the user: the state now is different, and equals the last GET's shape.
        let now = try replay(["state", "--at", scenario.end.iso8601Microseconds, scenario.bjensen] + scenario.target)
        let later = try JSONValue(parsing: now.stdout)
        #expect(later != state)
        #expect(later.objectValue?["active"] == false)
        #expect(later.objectValue?["groups"]?.arrayValue?.count == 1)
    }

    /// The GET's `meta.location` with the server's origin removed (`/scim/v2/Users/{id}`).
    static func pathOnlyLocation(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value, case .object(var meta)? = object["meta"], let location = meta["location"]?.stringValue,
            let range = location.range(of: "/scim/v2/")
        else { return value }
        meta["location"] = .string(String(location[range.lowerBound...]))
        object["meta"] = .object(meta)
        return .object(object)
    }
}
