import EventLog
import Foundation
import Logging
import Projections
import SCIMAdapter
import SCIMOperations
import Testing

@Suite struct MetricsTests {
    /// The value of the sample whose line starts with `prefix` (name and labels), if present.
    static func sample(_ text: String, _ prefix: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix + " ") {
            return Double(line.dropFirst(prefix.count + 1))
        }
        return nil
    }

    @Test func countsRequestsByRouteTemplateAndTenantFailures() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            let created = try await client.createUser("bjensen")
            #expect(created.status == 201)
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(try await client.get("/scim/v2/Users/\(id)").status == 200)
            #expect(try await client.get("/tenants/acme/scim/v2/Users/\(id)").status == 200)
            #expect(try await client.get("/scim/v2/Users/no-such-user").status == 404)
            #expect(try await client.get("/scim/v2/Users", token: "wrong").status == 401)
            let scrape = try await client.get("/metrics", token: nil)
            #expect(scrape.status == 200)
            #expect(scrape.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = scrape.body
            #expect(Self.sample(text, #"scim_http_requests_total{route="/Users/{id}",method="GET",status="200"}"#) == 2, "\(text)")
            #expect(Self.sample(text, #"scim_http_requests_total{route="/Users/{id}",method="GET",status="404"}"#) == 1)
            #expect(Self.sample(text, #"scim_http_requests_total{route="/Users",method="POST",status="201"}"#) == 1)
            #expect(Self.sample(text, #"scim_http_requests_total{route="/Users",method="GET",status="401"}"#) == 1)
            #expect(!text.contains(id), "raw ids never become labels")
            #expect(Self.sample(text, #"scim_tenant_failures_total{tenant="acme",class="4xx"}"#) == 1)
            #expect(Self.sample(text, #"scim_tenant_failures_total{tenant="unknown",class="4xx"}"#) == 1)
            #expect(Self.sample(text, #"scim_http_request_duration_seconds_count{route="/Users/{id}",method="GET"}"#) == 3)
            #expect(Self.sample(text, "scim_log_position") == Double(server.directory.eventCount))
            #expect((Self.sample(text, "scim_log_commits_total") ?? 0) >= 1)
            #expect((Self.sample(text, "scim_log_commands_total") ?? 0) >= (Self.sample(text, "scim_log_commits_total") ?? 0))
            // Batch sizes as cumulative buckets: non-decreasing, ending at the number of commits.
            let buckets = (BatchStatistics.sizeBounds.map(String.init) + ["+Inf"]).map {
                Self.sample(text, #"scim_log_batch_size_bucket{le="\#($0)"}"#) ?? -1
            }
            #expect(buckets == buckets.sorted() && buckets[0] >= 0, "\(buckets)")
            #expect(buckets.last == Self.sample(text, "scim_log_commits_total"))
            #expect(Self.sample(text, "scim_projection_rebuilding") == 0)
            #expect(Self.sample(text, "scim_projection_active_version") == 1)
            let mapSize = try #require(Self.sample(text, "scim_lmdb_map_size_bytes"))
            let used = try #require(Self.sample(text, "scim_lmdb_map_used_bytes"))
            #expect(mapSize == Double(64 << 20))
            #expect(used > 0 && used < mapSize)
            #expect(!text.contains("route=\"/metrics\""), "operations endpoints are not counted")
        }
    }

    @Test func aMetricsTokenIsRequiredWhenConfigured() async throws {
        let server = try OperatedServer()
        try await server.run(operations: OperationsConfiguration(metricsToken: "scrape-me")) { client in
            let anonymous = try await client.get("/metrics", token: nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(try await client.get("/metrics", token: OperatedServer.token).status == 401, "a SCIM token is not the metrics token")
            let scrape = try await client.get("/metrics", token: "scrape-me")
            #expect(scrape.status == 200)
            #expect(scrape.body.contains("scim_log_position"))
        }
    }
}

@Suite struct QuarantineMetricsTests {
    @Test func eachTenantsFailureRatioAndLevelAreReportedAtEveryScrape() throws {
        let server = try OperatedServer()
        let monitor = QuarantineMonitor()
        let metrics = ServerMetrics(directory: server.directory, quarantine: QuarantineWatch(monitor: monitor, logger: Logger(label: "test")))
        let now = Timestamp.now()
        for index in 0..<10 { monitor.observe(tenant: "acme", status: index < 4 ? 400 : 200, at: now) }
        monitor.observe(tenant: "globex", status: 201, at: now)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(MetricsTests.sample(text, #"scim_quarantine_failure_ratio{tenant="acme"}"#) == 0.4, "\(text)")
        #expect(MetricsTests.sample(text, #"scim_quarantine_failure_ratio{tenant="globex"}"#) == 0)
        #expect(MetricsTests.sample(text, #"scim_quarantine_level{tenant="globex"}"#) == 0)
        let level = try #require(MetricsTests.sample(text, #"scim_quarantine_level{tenant="acme"}"#))
        #expect(level == Double(monitor.report(tenant: "acme", now: now).level.rawValue))
    }
}
