import EventLog
import Foundation
import Logging
import Projections
import Testing

/// The invariant: a projection equals the fold of the log.
@Suite struct ProjectionEqualsFoldTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func randomHistoriesAppliedIncrementallyEqualAFreshFold(seed: UInt64) async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        var operations = RandomDirectoryOperations(seed: seed)
        for _ in 0..<400 {
            let step = operations.next()
            guard !step.events.isEmpty else { continue }
            try await fixture.record(step.events, tenant: step.tenant, id: step.id)
        }
        let report = try fixture.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(report.isConsistent, "differences: \(report.differences.prefix(5))")
        #expect(report.position == fixture.store.lastPosition)
        #expect(report.rowsCompared > 400)
    }

    @Test func verifyReportsARowThatDoesNotMatchTheLog() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.record([.userCreated(resource: user("a@x.com"))], id: "u1")
        try await fixture.record([.userCreated(resource: user("b@x.com"))], id: "u2")
        // Tamper with the live index behind the projection's back.
        let tables = try #require(fixture.projection.activeTables)
        _ = try await fixture.store.execute(Tamper(environment: fixture.environment, version: tables.version))
        let report = try fixture.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(!report.isConsistent)
        #expect(report.differences.map(\.table) == ["directory.v1.user_names", "directory.v1.user_names"])
        #expect(Set(report.differences.map(\.kind)) == [.missing, .unexpected])
    }

    @Test func aVersionBumpRebuildsWhileReadsAndWritesContinue() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rebuild-\(UUID().uuidString)").path
        var operations = RandomDirectoryOperations(seed: 42)
        var knownUserName: (String, String)?
        do {
            let v1 = try DirectoryFixture(path: path, codeVersion: 1)
            try await v1.record([.userCreated(resource: user("anchor@Example.com"))], id: "anchor")
            for _ in 0..<1_500 {
                let step = operations.next()
                guard !step.events.isEmpty else { continue }
                try await v1.record(step.events, tenant: step.tenant, id: step.id)
            }
            knownUserName = ("anchor@example.COM", "anchor")
            v1.store.shutdown()
        }
        let v2 = try DirectoryFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        #expect(v2.projection.needsRebuild)
        #expect(v2.projection.activeVersion == 1)

        // Reads and writes keep going while the rebuild runs.
        let known = try #require(knownUserName)
        let reads = Task {
            var answered = 0
            while !Task.isCancelled {
                let ids = try v2.projection.read { try $0.userIDs(userName: known.0, tenant: "acme") }
                #expect(ids == [known.1])
                answered += 1
                try? await Task.sleep(for: .milliseconds(1))
            }
            return answered
        }
        // Writes go on through every phase: rows, the chunked index build (small chunks, so
        // writes land between them) and the catch-up.
        let writes = Task {
            var written = 0
            while !Task.isCancelled || written < 40 {
                try await v2.record([.userCreated(resource: user("during\(written)@example.com"))], id: "during-\(written)")
                written += 1
            }
            return written
        }
        let report = try #require(try await v2.projection.rebuild(store: v2.store, logger: Logger(label: "test"), batchSize: 97, indexChunk: 50))
        writes.cancel()
        let written = try await writes.value
        #expect(written >= 40)
        reads.cancel()
        #expect(try await reads.value > 0)
        #expect(report.version == 2)
        #expect(report.events >= 1_000)
        #expect(v2.projection.activeVersion == 2)
        #expect(!v2.projection.needsRebuild)

        // Everything, including what was written during the rebuild, is in the new version.
        try v2.projection.read { reader throws in
            #expect(try reader.userIDs(userName: "during\(written - 1)@EXAMPLE.com", tenant: "acme") == ["during-\(written - 1)"])
            #expect(try reader.count(.user, tenant: "acme") >= written)
            #expect(try reader.userIDs(userName: known.0, tenant: "acme") == [known.1])
        }
        let verified = try v2.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(verified.isConsistent, "differences: \(verified.differences.prefix(5))")

        let dropped = try await v2.projection.dropInactiveVersions(store: v2.store)
        #expect(dropped.count == 12)
        #expect(try v2.environment.databaseNames().filter { $0.hasPrefix("directory.v1.") }.isEmpty)

        // Reopening keeps the new version, with nothing to rebuild.
        v2.store.shutdown()
    }
}

func scratchDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Replaces an index row of user u1 with one for a name nobody has.
struct Tamper: WriteCommand {
    let environment: LMDBEnvironment
    let version: Int
    var metadata: CommandMetadata { CommandMetadata(actor: "test", requestID: "tamper") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws {
        let names = try environment.openDatabase("directory.v\(version).user_names", create: false)
        var first: [UInt8]?
        try txn.reader.scan(names) { key, _ in
            first = Array(key)
            return false
        }
        try txn.delete(names, key: first!)
        var writer = BinaryWriter()
        writer.write(string: "acme")
        writer.write(string: "nobody@x.com")
        writer.write(string: "u1")
        try txn.put(names, key: writer.bytes, value: [])
    }
}
