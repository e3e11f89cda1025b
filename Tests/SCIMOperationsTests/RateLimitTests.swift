import EventLog
import Foundation
import Projections
import SCIMAdapter
import SCIMOperations
import Testing

@Suite struct RateLimitTests {
    @Test func aBucketAdmitsItsBurstThenRefillsAtItsRate() {
        let buckets = TokenBuckets(limit: RateLimit(requestsPerSecond: 2, burst: 3))
        let start = ContinuousClock.now
        #expect(buckets.admit("acme", at: start) == nil)
        #expect(buckets.admit("acme", at: start) == nil)
        #expect(buckets.admit("acme", at: start) == nil)
        #expect(buckets.admit("acme", at: start) == 1, "empty: one token takes 0.5 s, rounded up to whole seconds")
        #expect(buckets.admit("globex", at: start) == nil, "tenants never share a bucket")
        #expect(buckets.admit("acme", at: start + .milliseconds(500)) == nil)
        #expect(buckets.admit("acme", at: start + .milliseconds(500)) != nil)
        #expect(buckets.admit("acme", at: start + .seconds(60)) == nil, "refilled")
        #expect(buckets.admit("acme", at: start + .seconds(60)) == nil)
        #expect(buckets.admit("acme", at: start + .seconds(60)) == nil)
        #expect(buckets.admit("acme", at: start + .seconds(60)) != nil, "never more than the burst")
    }

    @Test func aTenantOverItsLimitGets429WithRetryAfterAndItIsJournaled() async throws {
        let server = try OperatedServer()
        let limit = OperationsConfiguration(rateLimit: RateLimit(requestsPerSecond: 0.1, burst: 2))
        try await server.run(operations: limit) { client in
            #expect(try await client.createUser("first").status == 201)
            #expect(try await client.get("/scim/v2/Users").status == 200)
            let events = server.directory.eventCount
            let refused = try await client.createUser("third")
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After").flatMap(Int.init).map { $0 >= 1 && $0 <= 10 } == true, "\(refused.headers)")
            #expect(refused.json?["schemas"]?.arrayValue?.first?.stringValue == "urn:ietf:params:scim:api:messages:2.0:Error")
            #expect(refused.json?["detail"]?.stringValue?.contains("retry after") == true)
            #expect(server.directory.eventCount == events, "a refused request changes nothing")
            #expect(try await client.get("/scim/v2/Users", token: OperatedServer.otherToken).status == 200, "another tenant is not limited")
            #expect(try await client.get("/health", token: nil).status == 200, "health is never limited")
        }
        let journal = try await server.journalEntries()
        let refusal = try #require(journal.first { $0.status == 429 })
        #expect(refusal.method == "POST")
        #expect(refusal.path == "/scim/v2/Users")
        #expect(refusal.detail?.contains("Tenant acme") == true)
    }

    @Test func withoutARateLimitNothingIsRefused() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            for _ in 0..<20 {
                let reply = try await client.get("/scim/v2/Users")
                #expect(reply.status == 200)
            }
        }
    }
}
