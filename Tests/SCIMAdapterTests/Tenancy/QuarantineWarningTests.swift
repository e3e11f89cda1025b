import EventLog
import Foundation
import HTTPTypes
import Logging
import Projections
import SCIMAdapter
import Testing

/// The quarantine early warning over HTTP: failures are counted per tenant from the answered
/// requests, a warning naming the failing requests is logged once a tenant passes the warning
/// thresholds, and the admin API shows where the tenant stands.
@Suite struct QuarantineWarningTests {
    /// Entra's rule scaled down 500 times (10 failures and 40 % to evaluate), so a test can pass it.
    static let thresholds = QuarantineThresholds(evaluationFailures: 10, failureRatio: 0.40, failureCap: 80, totalFailureCap: 120)

    @Test func aWarningNamingTheFailingRequestsIsLoggedOnceFailuresCrossTheThreshold() async throws {
        let server = try SCIMTestServer()
        let logs = CapturedLogs()
        let watch = QuarantineWatch(monitor: QuarantineMonitor(configuration: .init(thresholds: Self.thresholds)), logger: logs.logger())
        try await server.runWithTenancy(quarantine: watch) { client, tokens in
            for index in 0..<5 {
                try await client.createUserWith(token: tokens.provisioning, "user\(index)@example.com")
            }
            // Warning at half of every threshold: at least 5 failures and more than 20 % failed.
            for index in 0..<4 {
                let reply = try await client.get("/scim/v2/Users?filter=userName+xx+%22\(index)%22", token: tokens.provisioning)
                #expect(reply.status == 400)
            }
            #expect(logs.all.filter { $0.level == .warning }.isEmpty, "4 failures: below the warning threshold")
            let fifth = try await client.get("/scim/v2/Users?filter=userName+xx+%22last%22", token: tokens.provisioning)
            #expect(fifth.status == 400)
            let warnings = logs.all.filter { $0.level == .warning }
            #expect(warnings.count == 1, "one line when the level changes, not one per request")
            let warning = try #require(warnings.first)
            #expect(warning.message.contains("tenant default is approaching Entra's quarantine thresholds"))
            #expect(warning.message.contains("GET /scim/v2/Users?filter=userName+xx+%22last%22 → 400 invalidFilter [request "))
            #expect(warning.metadata["tenant"] == "default" && warning.metadata["level"] == "warning")
            #expect(warning.metadata["reasons"]?.contains("5 of 10 requests failed (50.0 %)") == true, "\(warning.metadata)")
            let requestIDs = try await server.journalEntries().filter { $0.status == 400 }.map(\.requestID)
            #expect(requestIDs.suffix(5).allSatisfy { warning.message.contains($0) }, "the latest failing requests, by request id")

            // Past Entra's own threshold: critical, logged once more.
            for index in 0..<5 {
                _ = try await client.get("/scim/v2/Users?filter=bad+%22\(index)%22", token: tokens.provisioning)
            }
            #expect(logs.all.filter { $0.level == .warning }.count == 2)
            #expect(logs.all.last { $0.level == .warning }?.metadata["level"] == "critical")

            let report = try await client.admin(.get, "/admin/tenants/default/quarantine", token: tokens.admin)
            #expect(report.status == 200 && report["level"] == "critical")
            #expect(report["failures"] == 10 && report["requests"] == 15)
            #expect(lookUp(report.json, "thresholds", "evaluationFailures") == 10)
            #expect((report["recentFailures"]?.arrayValue ?? []).count == 10)
            #expect(watch.snapshot().map(\.tenant) == ["default"], "the per-tenant accessor for metrics")
        }
    }

    @Test func refusedCredentialsOfATenantsTokenWarnAtOnce() async throws {
        let server = try SCIMTestServer()
        let logs = CapturedLogs()
        let watch = QuarantineWatch(logger: logs.logger())
        try await server.runWithTenancy(quarantine: watch) { client, tokens in
            let minted = try await client.admin(.post, "/provisioning/token", json: #"{"tenant": "default", "name": "old"}"#, token: tokens.admin)
            let secret = try #require(minted["token"]?.stringValue)
            let id = try #require(minted["id"]?.stringValue)
            _ = try await client.admin(.delete, "/admin/tokens/\(id)", token: tokens.admin)
            #expect(try await client.get("/scim/v2/Users", token: secret).status == 401)
            let warning = try #require(logs.all.first { $0.level == .warning })
            #expect(warning.metadata["tenant"] == "default" && warning.message.contains("were refused (401)"))
            #expect(warning.message.contains("GET /scim/v2/Users → 401"))
            #expect(!warning.message.contains(secret))
            #expect(try await client.get("/scim/v2/Users", token: tokens.provisioning).status == 200)
            #expect(logs.all.contains { $0.level == .notice && $0.message.contains("back to ok") })
        }
    }
}
