import EventLog
import Foundation
import Projections
import SCIMAdapter
import SCIMOperations
import Synchronization
import Testing

@Suite struct TimeoutTests {
    @Test func aRequestStillRunningAtTheDeadlineGets503AndItsWriteIsNotLost() async throws {
        let server = try OperatedServer()
        try await server.run(operations: OperationsConfiguration(requestTimeout: .milliseconds(300))) { client in
            let stall = try await StallWriter.hold(server.directory.store, seconds: 3)
            let reply = try await client.createUser("slowpoke")
            let writerStillHeld = !stall.state.released.withLock { $0 }
            #expect(reply.status == 503)
            #expect(reply.header("Retry-After") == "1")
            #expect(reply.json?["detail"]?.stringValue?.contains("may still be applied") == true, "\(reply.body)")
            #expect(writerStillHeld, "answered at the deadline, not when the writer came back")
            try await stall.task.value
            // The write is not taken back: it commits after the 503, as the response warned.
            var found = "0"
            for _ in 0..<50 where found != "1" {
                let list = try await client.get(#"/scim/v2/Users?filter=userName%20eq%20%22slowpoke%22"#)
                found = list.json?["totalResults"]?.numberValue?.literal ?? "?"
                if found != "1" { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(found == "1")
        }
        let text = String(decoding: server.metrics.exposition(), as: UTF8.self)
        #expect(MetricsTests.sample(text, #"scim_request_timeouts_total{route="/Users"}"#) == 1)
        let journal = try await server.journalEntries()
        #expect(journal.contains { $0.status == 201 && $0.method == "POST" }, "the journal records what really happened")
    }

    @Test func aFastRequestIsUnaffectedByTheTimeout() async throws {
        let server = try OperatedServer()
        try await server.run(operations: OperationsConfiguration(requestTimeout: .seconds(5))) { client in
            let reply = try await client.createUser("quick")
            #expect(reply.status == 201)
        }
    }
}
