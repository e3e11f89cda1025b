import EventLog
import Foundation
import Logging
@testable import Projections
import Synchronization
import Testing

/// The rows phase of a rebuild folds the log in memory, in windows, and writes each window in key
/// order: however the log is cut into windows and chunks, the tables equal the fold.
@Suite struct RebuildWindowTests {
    /// A version-1 directory with a random history (creates, changes, deletes, memberships) at `path`.
    private func history(at path: String, seed: UInt64, steps: Int) async throws {
        let v1 = try DirectoryFixture(path: path, codeVersion: 1)
        var operations = RandomDirectoryOperations(seed: seed)
        for _ in 0..<steps {
            let step = operations.next()
            guard !step.events.isEmpty else { continue }
            try await v1.record(step.events, tenant: step.tenant, id: step.id)
        }
        v1.store.shutdown()
    }

    private func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    @Test(arguments: [UInt64(11), 12])
    func aRebuildInManySmallWindowsEqualsTheFold(seed: UInt64) async throws {
        let path = path("windows")
        try await history(at: path, seed: seed, steps: 600)
        let v2 = try DirectoryFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        // A window closes after every 7 events (any row exceeds a 1-byte budget), and each is written in
        // chunks of 512 bytes: later windows read and rewrite rows, memberships and counts of earlier ones.
        let report = try #require(
            try await v2.projection.rebuild(
                store: v2.store, logger: Logger(label: "test"), batchSize: 50, indexChunk: 30, memoryBudget: 1, chunkBytes: 512, foldStep: 7))
        #expect(report.version == 2)
        #expect(v2.projection.activeVersion == 2)
        let verified = try v2.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(verified.isConsistent, "differences: \(verified.differences.prefix(5))")
        #expect(verified.rowsCompared > 300)
        v2.store.shutdown()
    }

    @Test(arguments: [UInt64(5), 9, 42])
    func aRebuildInOneWindowEqualsTheFold(seed: UInt64) async throws {
        let path = path("one-window")
        try await history(at: path, seed: seed, steps: 400)
        let v2 = try DirectoryFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        let report = try #require(try await v2.projection.rebuild(store: v2.store, logger: Logger(label: "test")))
        #expect(report.events == Int(v2.store.lastPosition.rawValue))
        let verified = try v2.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(verified.isConsistent, "differences: \(verified.differences.prefix(5))")
        v2.store.shutdown()
    }

    @Test func aRebuildStoppedInsideAWindowStartsOverAndEqualsTheFold() async throws {
        let path = path("window-resume")
        try await history(at: path, seed: 5, steps: 400)
        do {
            // Fold one window and write only its first chunk: the process "dies" with the window open.
            let v2 = try DirectoryFixture(path: path, codeVersion: 2)
            let building = try #require(v2.projection.state.withLock { $0.building })
            let window = try #require(
                try v2.environment.withReadTransaction { reader in
                    try RowsWindow.fold(
                        building, meta: v2.projection.meta, log: reader, events: v2.store.tables.events, upcasters: UpcasterChain(),
                        memoryBudget: .max)
                })
            #expect(window.start == .start)
            #expect(window.reachedEnd)
            let chunks = window.flush.chunks(maximumBytes: 256)
            #expect(chunks.count > 3)
            try await v2.store.execute(RowsWindowStep(projection: v2.projection, tables: building, window: window, chunk: chunks[0], isFirst: true, isLast: false))
            let open = try v2.environment.withReadTransaction { try ProjectionMeta.windowOpen("directory", 2, meta: v2.projection.meta, $0) }
            #expect(open)
            // Meanwhile the old version keeps taking writes.
            try await v2.record([.userCreated(resource: user("late@example.com"))], tenant: "acme", id: "late")
            v2.store.shutdown()
        }
        let v2 = try DirectoryFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        #expect(v2.projection.needsRebuild)
        let report = try #require(try await v2.projection.rebuild(store: v2.store, logger: Logger(label: "test"), chunkBytes: 300))
        // Started over: every event was folded again, not only those after the interrupted window.
        #expect(report.events == Int(v2.store.lastPosition.rawValue))
        #expect(v2.projection.activeVersion == 2)
        #expect(try v2.projection.read { try $0.userIDs(userName: "LATE@example.com", tenant: "acme") } == ["late"])
        let open = try v2.environment.withReadTransaction { try ProjectionMeta.windowOpen("directory", 2, meta: v2.projection.meta, $0) }
        #expect(!open)
        let verified = try v2.projection.verify(scratchDirectory: try scratchDirectory())
        #expect(verified.isConsistent, "differences: \(verified.differences.prefix(5))")
        v2.store.shutdown()
    }

    @Test func aChunkFromAStaleWindowIsRefused() async throws {
        let path = path("window-stale")
        try await history(at: path, seed: 9, steps: 100)
        let v2 = try DirectoryFixture(path: path, codeVersion: 2)
        defer { v2.remove() }
        let building = try #require(v2.projection.state.withLock { $0.building })
        let window = try #require(
            try v2.environment.withReadTransaction { reader in
                try RowsWindow.fold(
                    building, meta: v2.projection.meta, log: reader, events: v2.store.tables.events, upcasters: UpcasterChain(), memoryBudget: .max)
            })
        let only = window.flush.chunks(maximumBytes: .max)
        #expect(only.count >= 1)
        for (index, chunk) in only.enumerated() {
            try await v2.store.execute(
                RowsWindowStep(projection: v2.projection, tables: building, window: window, chunk: chunk, isFirst: index == 0, isLast: index == only.count - 1))
        }
        // The same window again: its checkpoint has moved on, so a second writer of it is refused.
        await #expect(throws: RebuildConflict.self) {
            try await v2.store.execute(RowsWindowStep(projection: v2.projection, tables: building, window: window, chunk: only[0], isFirst: true, isLast: false))
        }
        v2.store.shutdown()
    }
}

/// The overlay's pieces: its hash index finds what it stored, and its sort gives LMDB's key order.
@Suite struct DirectoryOverlayPartsTests {
    @Test func writesComeOutInLMDBKeyOrderWithTheLastPutOfAKeyWinning() {
        var random = SystemRandomNumberGenerator()
        let arena = OverlayArena()
        var keys: [[UInt8]] = []
        // Shared prefixes, zero bytes, keys that are prefixes of others, lengths either side of 24 bytes.
        let alphabet: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, UInt8(ascii: "a")]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &random)
            let prefix = Array(repeating: UInt8(ascii: "t"), count: Int.random(in: 0...20, using: &random))
            keys.append(prefix + (0..<length).map { _ in alphabet.randomElement(using: &random)! })
        }
        keys += keys.prefix(100)  // duplicates, put later
        let entries = keys.enumerated().map { index, key in
            DirectoryOverlay.Entry(key: arena.store(key), value: arena.store([UInt8(index % 256)]))
        }
        let order = SortKey.order(entries).map { entries[Int($0.index)].key.array }
        let expected = keys.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(order == expected)
    }

    @Test func theIndexFindsEveryKeyItRecordedAndNoOther() {
        let arena = OverlayArena()
        var index = OverlayIndex()
        var entries: [DirectoryOverlay.Entry] = []
        for n in 0..<50_000 {
            let key = Array("tenant-\(n)".utf8)
            let stored = arena.store(key)
            key.withUnsafeBytes { index.insert(entries.count, hash: OverlayIndex.hash($0)) }
            entries.append(DirectoryOverlay.Entry(key: stored, value: nil))
        }
        for n in stride(from: 0, to: 50_000, by: 997) {
            let found = Array("tenant-\(n)".utf8).withUnsafeBytes { index.find($0, hash: OverlayIndex.hash($0), in: entries) }
            #expect(found == n)
        }
        let absent = Array("tenant-50000".utf8).withUnsafeBytes { index.find($0, hash: OverlayIndex.hash($0), in: entries) }
        #expect(absent == nil)
    }
}
