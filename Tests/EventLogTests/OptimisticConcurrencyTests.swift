import EventLog
import Testing

@Suite struct OptimisticConcurrencyTests {
    @Test func aSecondCreateOfTheSameStreamIsRefused() async throws {
        let log = try TestLog()
        try await log.store.append([proposed("u1", expected: .noStream)], metadata: testMetadata)
        await #expect(throws: AppendRejection.wrongExpectedRevision(
            stream: StreamID(tenant: "acme", type: "Thing", id: "u1"), expected: .noStream, actual: 1)
        ) {
            try await log.store.append([proposed("u1", expected: .noStream)], metadata: testMetadata)
        }
        #expect(log.store.lastPosition == Position(1))
    }

    @Test func exactRevisionsMustMatch() async throws {
        let log = try TestLog()
        try await log.store.append([proposed("u1", expected: .noStream), proposed("u1", expected: .exact(1))], metadata: testMetadata)
        #expect(try log.store.streamState(StreamID(tenant: "acme", type: "Thing", id: "u1")).revision == 2)
        await #expect(throws: AppendRejection.self) {
            try await log.store.append([proposed("u1", expected: .exact(1))], metadata: testMetadata)
        }
        try await log.store.append([proposed("u1", expected: .exact(2))], metadata: testMetadata)
        await #expect(throws: AppendRejection.self) {
            try await log.store.append([proposed("missing", expected: .streamExists)], metadata: testMetadata)
        }
    }

    @Test func aRefusedEventLeavesTheOtherEventsOfItsCommandUnwritten() async throws {
        let log = try TestLog()
        try await log.store.append([proposed("u1")], metadata: testMetadata)
        await #expect(throws: AppendRejection.self) {
            try await log.store.append([proposed("u2", expected: .noStream), proposed("u1", expected: .noStream)], metadata: testMetadata)
        }
        #expect(try log.store.streamState(StreamID(tenant: "acme", type: "Thing", id: "u2")) == .empty)
        #expect(log.store.lastPosition == Position(1))
    }

    @Test func aRetriedEventIDIsNeverRecordedTwice() async throws {
        let log = try TestLog()
        let event = proposed("u1")
        let first = try await log.store.append([event], metadata: testMetadata)
        await #expect(throws: AppendRejection.duplicateEventID(event.id, existingPosition: first[0].position)) {
            try await log.store.append([event], metadata: testMetadata)
        }
    }

    @Test func tenantsNeverShareStreams() async throws {
        let log = try TestLog()
        try await log.store.append([proposed("same", tenant: "a", expected: .noStream)], metadata: testMetadata)
        try await log.store.append([proposed("same", tenant: "b", expected: .noStream)], metadata: testMetadata)
        #expect(try log.store.events(in: StreamID(tenant: "a", type: "Thing", id: "same")).count == 1)
        #expect(try log.store.events(in: StreamID(tenant: "b", type: "Thing", id: "same")).count == 1)
    }
}
