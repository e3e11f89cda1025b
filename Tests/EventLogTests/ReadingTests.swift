import EventLog
import Testing

@Suite struct ReadingTests {
    @Test func aScanFromAPositionYieldsEverythingAfterItInOrder() async throws {
        let log = try TestLog()
        for index in 0..<2_500 { try await log.store.append([proposed("s\(index % 3)")], metadata: testMetadata) }
        let tail = try await log.store.events(after: Position(1_000), batchSize: 128).collect()
        #expect(tail.map(\.position.rawValue) == Array(1_001...2_500))
        #expect(try await log.store.events(after: Position(2_500)).collect().isEmpty)
    }

    @Test func aLiveTailYieldsEventsCommittedAfterItStarted() async throws {
        let log = try TestLog()
        try await log.store.append([proposed("a")], metadata: testMetadata)
        let consumer = Task {
            var seen: [Position] = []
            for try await event in log.store.tail(after: .start) {
                seen.append(event.position)
                if seen.count == 5 { break }
            }
            return seen
        }
        for index in 0..<4 {
            try await Task.sleep(for: .milliseconds(20))
            try await log.store.append([proposed("b\(index)")], metadata: testMetadata)
        }
        #expect(try await consumer.value == (1...5).map(Position.init))
    }

    @Test func aLiveTailEndsWhenTheStoreShutsDown() async throws {
        let log = try TestLog()
        let consumer = Task {
            var count = 0
            for try await _ in log.store.tail() { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(50))
        log.store.shutdown()
        #expect(try await consumer.value == 0)
    }

    @Test func streamReadsStartAtARevision() async throws {
        let log = try TestLog()
        for _ in 0..<5 { try await log.store.append([proposed("u")], metadata: testMetadata) }
        try await log.store.append([proposed("other")], metadata: testMetadata)
        let stream = StreamID(tenant: "acme", type: "Thing", id: "u")
        #expect(try log.store.events(in: stream, fromRevision: 3).map(\.revision) == [3, 4, 5])
        #expect(try log.store.streamState(stream) == StreamState(revision: 5, lastPosition: Position(5)))
    }

    @Test func theFirstPositionAtATimeIsFoundByBinarySearch() async throws {
        let log = try TestLog()
        var times: [Timestamp] = []
        for _ in 0..<20 {
            times.append(try await log.store.append([proposed("a")], metadata: testMetadata)[0].recordedAt)
            try await Task.sleep(for: .milliseconds(2))
        }
        for index in [0, 7, 19] {
            let found = try #require(try log.store.firstPosition(atOrAfter: times[index]))
            #expect(try log.store.event(at: found)?.recordedAt == times[index])
        }
        #expect(try log.store.firstPosition(atOrAfter: Timestamp(microsecondsSince1970: times[19].microseconds + 1)) == nil)
    }

    @Test func reopeningContinuesPositionsAndTime() async throws {
        let directory = try TemporaryDirectory()
        var last: RecordedEvent?
        do {
            let store = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 64 << 20)))
            for _ in 0..<3 { last = try await store.append([proposed("a")], metadata: testMetadata)[0] }
            store.shutdown()
        }
        let store = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 64 << 20)))
        let next = try await store.append([proposed("a", expected: .exact(3))], metadata: testMetadata)[0]
        #expect(next.position == Position(4))
        #expect(next.revision == 4)
        #expect(next.recordedAt >= last!.recordedAt)
    }
}
