import EventLog
import Testing

@Suite struct UpcastingTests {
    @Test func anEventWrittenInAnOlderVersionIsReadInTheCurrentOne() async throws {
        let directory = try TemporaryDirectory()
        // Written by "last year's server": user.renamed v1 carries just the new name.
        do {
            let store = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 64 << 20)))
            try await store.append(
                [ProposedEvent(type: "user.renamed", schemaVersion: 1, stream: StreamID(tenant: "t", type: "User", id: "u"), payload: Array("Babs".utf8))],
                metadata: testMetadata)
            store.shutdown()
        }
        // Today's server: v2 prefixes a format tag, v3 appends the old name (unknown for old events).
        let chain = UpcasterChain([
            Upcaster(eventType: "user.renamed", fromVersion: 1) { [UInt8(ascii: "N")] + $0 },
            Upcaster(eventType: "user.renamed", fromVersion: 2) { $0 + Array("|?".utf8) },
        ])
        let store = try EventStore(
            environment: LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 64 << 20)),
            configuration: .init(upcasters: chain))
        let event = try #require(try store.event(at: Position(1)))
        #expect(event.schemaVersion == 3)
        #expect(String(decoding: event.payload, as: UTF8.self) == "NBabs|?")
        let scanned = try await store.events().collect()
        #expect(scanned == [event])
        #expect(try store.events(in: event.stream) == [event])
    }

    @Test func eventsAlreadyCurrentAreUntouched() async throws {
        let log = try TestLog(storeConfiguration: .init(upcasters: UpcasterChain([
            Upcaster(eventType: "user.renamed", fromVersion: 1) { _ in [0] },
        ])))
        try await log.store.append(
            [ProposedEvent(type: "user.renamed", schemaVersion: 2, stream: StreamID(tenant: "t", type: "User", id: "u"), payload: [7])],
            metadata: testMetadata)
        #expect(try log.store.event(at: Position(1))?.payload == [7])
    }

    @Test func aFailingUpcasterNamesTheEvent() async throws {
        struct Broken: Error {}
        let log = try TestLog(storeConfiguration: .init(upcasters: UpcasterChain([
            Upcaster(eventType: "x", fromVersion: 1) { _ in throw Broken() },
        ])))
        try await log.store.append([proposed("a", type: "x")], metadata: testMetadata)
        #expect(throws: UpcastingError.self) { try log.store.event(at: Position(1)) }
    }
}
