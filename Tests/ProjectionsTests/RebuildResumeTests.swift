import EventLog
import Foundation
import Logging
@testable import Projections
import Synchronization
import Testing

/// A rebuild interrupted in its index phase resumes on the next start and ends consistent.
@Suite struct RebuildResumeTests {
    @Test func aRebuildStoppedHalfwayThroughItsIndexBuildResumesAndEqualsTheFold() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)").path
        do {
            let v1 = try DirectoryFixture(path: path, codeVersion: 1)
            var operations = RandomDirectoryOperations(seed: 7)
            for _ in 0..<300 {
                let step = operations.next()
                guard !step.events.isEmpty else { continue }
                try await v1.record(step.events, tenant: step.tenant, id: step.id)
            }
            v1.store.shutdown()
        }
        do {
            // Rows phase to the end, then only the first chunk of the indexes: the process "dies" here.
            let v2 = try DirectoryFixture(path: path, codeVersion: 2)
            let building = try #require(v2.projection.state.withLock { $0.building })
            let step = try await v2.store.execute(RebuildStep(projection: v2.projection, tables: building, events: v2.store.tables.events, upcasters: UpcasterChain(), batchSize: 100_000))
            #expect(step.needsIndexes)
            #expect(!step.switched)
            let entries = try v2.environment.withReadTransaction { try DirectoryIndexBuild.collect(building, from: $0) }
            let chunks = entries.chunks(maximumEntries: 5)
            #expect(chunks.count > 2)
            try await v2.store.execute(IndexChunkStep(projection: v2.projection, tables: building, entries: entries, chunk: chunks[0], isLast: false))
            // A write while the index build is paused: the old version takes it, the new one must catch up.
            try await v2.record([.userCreated(resource: user("late@example.com"))], tenant: "acme", id: "late")
            #expect(try v2.projection.read { try $0.userIDs(userName: "LATE@example.com", tenant: "acme") } == ["late"])
            v2.store.shutdown()
        }
        let v2 = try DirectoryFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        #expect(v2.projection.needsRebuild)
        let report = try #require(try await v2.projection.rebuild(store: v2.store, logger: Logger(label: "test"), indexChunk: 7))
        #expect(report.version == 2)
        #expect(v2.projection.activeVersion == 2)
        #expect(try v2.projection.read { try $0.userIDs(userName: "LATE@example.com", tenant: "acme") } == ["late"])
        let verified = try v2.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(verified.isConsistent, "differences: \(verified.differences.prefix(5))")
        v2.store.shutdown()
    }

    @Test func indexEntriesAreSortedAsLMDBOrdersKeysAcrossTenants() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        // Tenants whose names sort differently by length and by bytes; values sharing long prefixes.
        for (index, tenant) in ["b", "aa", "a", "tenant-with-a-long-name"].enumerated() {
            for n in [3, 1, 2, 10, 100] {
                try await fixture.record(
                    [.userCreated(resource: user("same-long-prefix-user-\(n)@example.com"))], tenant: tenant, id: "u\(index)-\(n)")
            }
        }
        let tables = try #require(fixture.projection.activeTables)
        let entries = try fixture.environment.withReadTransaction { try DirectoryIndexBuild.collect(tables, from: $0) }
        // Writing every chunk with MDB_APPEND succeeds only in strictly increasing key order, and
        // the result must equal the incrementally maintained indexes.
        for chunk in entries.chunks(maximumEntries: 4) {
            _ = try await fixture.store.execute(WriteIndexChunk(tables: tables, entries: entries, chunk: chunk))
        }
        let verified = try fixture.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(verified.isConsistent, "differences: \(verified.differences.prefix(5))")
    }
}

private struct WriteIndexChunk: WriteCommand {
    let tables: DirectoryTables
    let entries: IndexEntries
    let chunk: IndexEntries.Chunk
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "chunk") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        try DirectoryIndexBuild.write(chunk, of: entries, into: tables, txn)
    }
}
