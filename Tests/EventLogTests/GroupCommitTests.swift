import EventLog
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct GroupCommitTests {
    @Test func positionsAreGaplessAndOrderedUnder128ConcurrentAppenders() async throws {
        let log = try TestLog()
        let perAppender = 20
        let acknowledged = try await withThrowingTaskGroup(of: [RecordedEvent].self) { group in
            for appender in 0..<128 {
                group.addTask {
                    var mine: [RecordedEvent] = []
                    for _ in 0..<perAppender {
                        mine += try await log.store.append([proposed("s\(appender)")], metadata: testMetadata)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(acknowledged.count == 128 * perAppender)
        #expect(Set(acknowledged.map(\.position)) == Set((1...UInt64(128 * perAppender)).map(Position.init)))

        let scanned = try await log.store.events().collect()
        #expect(scanned.map(\.position.rawValue) == Array(1...UInt64(128 * perAppender)))
        // Each stream's revisions are 1...n in position order.
        let byStream = Dictionary(grouping: scanned, by: \.stream)
        for events in byStream.values {
            #expect(events.map(\.revision) == Array(1...UInt64(perAppender)))
        }
        // Recorded times never go backwards along the log.
        #expect(zip(scanned, scanned.dropFirst()).allSatisfy { $0.recordedAt <= $1.recordedAt })
        #expect(log.store.batchStatistics.largestBatch > 1)
    }

    @Test func aRefusedDecisionFailsAloneAndTheRestOfItsBatchCommits() async throws {
        let log = try TestLog()
        let gate = WriterGate()
        // Occupy the writer so the next commands queue up and form one batch.
        async let blocker: Void = log.store.execute(BlockingCommand(gate: gate))
        await gate.waitUntilWriterIsBlocked()
        let outcome = try await withThrowingTaskGroup(of: (Int, Result<[RecordedEvent], any Error>).self) { group in
            for index in 0..<8 {
                group.addTask {
                    do {
                        return (index, .success(try await log.store.execute(Decide(index: index)).get()))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            gate.release()
            return try await group.reduce(into: [Int: Result<[RecordedEvent], any Error>]()) { $0[$1.0] = $1.1 }
        }
        try await blocker
        for index in 0..<8 {
            if index == 3 {
                #expect(throws: DecisionError.self) { try outcome[index]!.get() }
            } else {
                #expect(try outcome[index]!.get().count == 1)
            }
        }
        #expect(log.store.lastPosition == Position(7))
        #expect(log.store.batchStatistics.largestBatch == 8)
        // The batch of 8 is counted in the bucket "at most 8" (and the blocker's commit in "at most 1").
        let bySize = log.store.batchStatistics.commitsBySize
        #expect(bySize[BatchStatistics.sizeBounds.firstIndex(of: 8)!] == 1)
        #expect(bySize.reduce(0, +) == log.store.batchStatistics.commits)
        #expect(try log.store.events(in: StreamID(tenant: "acme", type: "Thing", id: "s3")).isEmpty)
    }

    @Test func aStorageFaultInOneCommandIsIsolatedFromTheOthersInItsBatch() async throws {
        let log = try TestLog(projections: [FailingProjection(failOnStream: "poison")])
        let gate = WriterGate()
        async let blocker: Void = log.store.execute(BlockingCommand(gate: gate))
        await gate.waitUntilWriterIsBlocked()
        let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for name in ["a", "b", "poison", "c", "d"] {
                group.addTask {
                    do {
                        try await log.store.append([proposed(name)], metadata: testMetadata)
                        return (name, true)
                    } catch {
                        return (name, false)
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            gate.release()
            return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        try await blocker
        #expect(outcomes == ["a": true, "b": true, "poison": false, "c": true, "d": true])
        let scanned = try await log.store.events().collect()
        #expect(scanned.map(\.position.rawValue) == [1, 2, 3, 4])
        #expect(Set(scanned.map(\.stream.id)) == ["a", "b", "c", "d"])
    }

    @Test func shutdownCommitsWhatIsQueuedAndThenRefusesWrites() async throws {
        let log = try TestLog()
        try await log.store.append([proposed("a")], metadata: testMetadata)
        log.store.shutdown()
        await #expect(throws: LogUnavailable.self) { try await log.store.append([proposed("b")], metadata: testMetadata) }
        #expect(try log.store.event(at: Position(1)) != nil)
    }
}

/// Lets a test hold the writer thread inside a decision.
final class WriterGate: Sendable {
    private let state = Mutex<(blocked: Bool, released: Bool)>((false, false))

    func blockWriter() {
        state.withLock { $0.blocked = true }
        while !state.withLock({ $0.released }) { usleepMilliseconds(1) }
    }

    func waitUntilWriterIsBlocked() async {
        while !state.withLock({ $0.blocked }) { try? await Task.sleep(for: .milliseconds(1)) }
    }

    func release() { state.withLock { $0.released = true } }
}

func usleepMilliseconds(_ ms: Int) {
    var request = timespec(tv_sec: 0, tv_nsec: ms * 1_000_000)
    nanosleep(&request, nil)
}

struct BlockingCommand: WriteCommand {
    let gate: WriterGate
    var metadata: CommandMetadata { testMetadata }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        gate.blockWriter()
        return []
    }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {}
}

struct DecisionError: Error {}

struct Decide: WriteCommand {
    let index: Int
    var metadata: CommandMetadata { testMetadata }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        if index == 3 { throw DecisionError() }
        return [proposed("s\(index)")]
    }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> Result<[RecordedEvent], any Error> {
        switch outcome {
        case .appended(let events): .success(events)
        case .rejected(let error): .failure(error)
        }
    }
}

struct ProjectionFault: Error {}

struct FailingProjection: InlineProjection {
    let failOnStream: String
    func apply(_ event: RecordedEvent, in transaction: borrowing WriteTransaction) throws {
        if event.stream.id == failOnStream { throw ProjectionFault() }
    }
}
