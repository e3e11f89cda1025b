import EventLog
import Foundation
import Logging
import Projections
import SCIMAdapter
import SCIMOperations
import Testing

@Suite struct JournalRetentionTests {
    @Test func pruningRemovesOnlyJournalEntriesOlderThanTheRetention() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            let now = Timestamp.now()
            let day: Int64 = 86_400_000_000
            for age in [40, 31, 29] {
                let entry = JournalEntry(
                    receivedAt: Timestamp(microsecondsSince1970: now.microseconds - Int64(age) * day), tenant: "acme", actor: "test",
                    requestID: "old-\(age)", method: "GET", path: "/scim/v2/Users", status: 200)
                _ = try await server.directory.store.execute(JournalRequest(journal: server.directory.journal, entry: entry))
            }
            // The journal is in arrival order, so old entries come first (pruning relies on it).
            let reply = try await client.createUser("kept")
            #expect(reply.status == 201)
            let events = server.directory.eventCount
            #expect(try await server.journalEntries().count == 4)
            let retention = JournalRetention(
                directory: server.directory, days: 30, batchSize: 1, metrics: server.metrics, logger: Logger(label: "test"))
            #expect(try await retention.prune(now: now) == 2, "the 40- and 31-day-old entries, one per batch")
            let remaining = try await server.journalEntries().map(\.requestID)
            #expect(!remaining.contains("old-40") && !remaining.contains("old-31"))
            #expect(remaining.contains("old-29"))
            #expect(remaining.count == 2)
            #expect(server.directory.eventCount == events, "the event log is never pruned")
            let byRequest = try server.directory.environment.withReadTransaction { try server.directory.journal.entries(requestID: "old-40", $0) }
            #expect(byRequest.isEmpty, "indexes are pruned with their entries")
        }
        let text = String(decoding: server.metrics.exposition(), as: UTF8.self)
        #expect(MetricsTests.sample(text, "scim_journal_pruned_entries_total") == 2)
    }
}
