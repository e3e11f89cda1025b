import EventLog
import Foundation
import Projections
import SCIMAdapter
import SCIMOperations
import Synchronization
import Testing

@Suite struct HealthAndReadinessTests {
    @Test func healthAnswersWithoutATokenAndIsNotJournaled() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            let health = try await client.get("/health", token: nil)
            #expect(health.status == 200)
            #expect(health.json?["status"]?.stringValue == "up")
            let ready = try await client.get("/ready", token: nil)
            #expect(ready.status == 200, "\(ready.body)")
            #expect(ready.json?["status"]?.stringValue == "ready")
        }
        #expect(try await server.journalEntries().isEmpty)
        #expect(server.logObjects.allSatisfy { $0["message"]?.stringValue != "request" })
    }

    @Test func readyIs503WithAReasonOnceTheLogStopsAcceptingWrites() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            server.directory.shutdown()
            let ready = try await client.get("/ready", token: nil)
            #expect(ready.status == 503)
            #expect(ready.json?["status"]?.stringValue == "not ready")
            let reason = try #require(ready.json?["reason"]?.stringValue)
            #expect(reason.contains("does not accept writes"), "\(reason)")
            #expect(try await client.get("/health", token: nil).status == 200)
        }
    }

    @Test func readyIs503WhileTheWriterIsStuck() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            let stall = try await StallWriter.hold(server.directory.store, seconds: 4)
            let ready = try await client.get("/ready", token: nil)
            #expect(!stall.state.released.withLock { $0 }, "answered within its own 2 s limit, while the writer is held")
            #expect(ready.status == 503)
            #expect(ready.json?["reason"]?.stringValue?.contains("did not answer") == true, "\(ready.body)")
            try await stall.task.value
            #expect(try await client.get("/ready", token: nil).status == 200)
        }
    }
}
