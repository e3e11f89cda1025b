import EventLog
import Testing

@Suite struct EventViewTests {
    @Test func aZeroCopyScanSeesEveryFieldOfEveryEventInOrder() async throws {
        let log = try TestLog()
        var written: [RecordedEvent] = []
        for index in 0..<50 {
            written += try await log.store.append([proposed("s\(index % 4)", tenant: "tenant-\(index % 2)", payload: [UInt8(index)])], metadata: testMetadata)
        }
        var seen: [RecordedEvent] = []
        let last = try log.store.scan(after: Position(10), batchSize: 7) { view in
            let expected = written[Int(view.position.rawValue) - 1]
            let matchesType = view.isType("thing.happened")
            let matchesPrefix = view.isType("thing.happene")
            let payload = Array(view.payload)
            let stream = view.stream
            let facts = (view.actor, view.requestID, view.correlationID)
            #expect(facts.0 == expected.actor && facts.1 == expected.requestID && facts.2 == expected.correlationID)
            #expect(matchesType)
            #expect(!matchesPrefix)
            #expect(payload == expected.payload)
            #expect(stream == expected.stream)
            seen.append(try view.materialize())
            return true
        }
        #expect(last == Position(50))
        #expect(seen == Array(written.dropFirst(10)))
    }

    @Test func aScanStopsWhenTheVisitorSaysSo() async throws {
        let log = try TestLog()
        for _ in 0..<20 { try await log.store.append([proposed("a")], metadata: testMetadata) }
        var count = 0
        let last = try log.store.scan(batchSize: 3) { _ in
            count += 1
            return count < 5
        }
        #expect(count == 5)
        #expect(last == Position(5))
    }

    @Test func viewsShowTheStoredVersionAndMaterializeUpcast() async throws {
        let chain = UpcasterChain([Upcaster(eventType: "thing.happened", fromVersion: 1) { $0 + [9] }])
        let log = try TestLog(storeConfiguration: .init(upcasters: chain))
        try await log.store.append([proposed("a")], metadata: testMetadata)
        try log.store.scan { view in
            let version = view.schemaVersion
            let needsUpcasting = view.needsUpcasting(chain)
            #expect(version == 1)
            #expect(needsUpcasting)
            let event = try view.materialize(upcasters: chain)
            #expect(event.schemaVersion == 2)
            #expect(event.payload == [1, 2, 3, 9])
            return true
        }
    }
}
