import EventLog
import Testing

@Suite struct MapFullTests {
    @Test func aFullMapGivesTheTypedErrorAndLeavesTheLogReadable() async throws {
        let directory = try TemporaryDirectory()
        let configuration = LMDBEnvironment.Configuration(mapSize: 1 << 20, maxMapSize: nil)
        var acknowledged: [RecordedEvent] = []
        var failure: LMDBError?
        do {
            let store = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: configuration))
            for index in 0..<10_000 {
                do {
                    acknowledged += try await store.append(
                        [proposed("s\(index % 7)", payload: [UInt8](repeating: UInt8(index % 251), count: 2000))], metadata: testMetadata)
                } catch let error as LMDBError {
                    failure = error
                    break
                }
            }
            let error = try #require(failure)
            #expect(error.code == .mapFull)
            #expect(error.remedy.contains("map size"))
            // Still readable, and still refusing cleanly rather than half-writing.
            #expect(try store.event(at: acknowledged.last!.position) == acknowledged.last)
            await #expect(throws: LMDBError.self) {
                try await store.append([proposed("x", payload: [UInt8](repeating: 1, count: 2000))], metadata: testMetadata)
            }
            store.shutdown()
        }
        // Reopened: every acknowledged event is there, intact, and nothing else.
        let reopened = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: configuration))
        let scanned = try await reopened.events().collect()
        #expect(scanned == acknowledged)
        #expect(reopened.lastPosition == acknowledged.last?.position)
    }

    @Test func theMapGrowsWhenALimitAllowsIt() async throws {
        let log = try TestLog(configuration: .init(mapSize: 1 << 20, maxMapSize: 64 << 20))
        for index in 0..<2_000 {
            try await log.store.append([proposed("s\(index % 7)", payload: [UInt8](repeating: 1, count: 2000))], metadata: testMetadata)
        }
        #expect(log.store.environment.usage().mapSize > 1 << 20)
        #expect(log.store.lastPosition == Position(2_000))
    }
}
