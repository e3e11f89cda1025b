import EventLog
import Testing

@Suite struct EnvelopeRoundTripTests {
    @Test func everyEnvelopeFieldSurvivesTheLog() async throws {
        let log = try TestLog()
        let id = EventID.random()
        let payload = CrashPayload.bytes(for: id)
        let event = ProposedEvent(
            id: id, type: "user.created", schemaVersion: 3,
            stream: StreamID(tenant: "tenant-ä", type: "User", id: "2819c223-7f76-453a-919d-413861904646"),
            expectedRevision: .noStream, payload: payload)
        let metadata = CommandMetadata(actor: "token:entra-prod", requestID: "req-42", correlationID: "7e3f0c1a-client-request-id")
        let before = Timestamp.now()
        let recorded = try await log.store.append([event], metadata: metadata)
        let after = Timestamp.now()

        let read = try #require(try log.store.event(at: recorded[0].position))
        #expect(read == recorded[0])
        #expect(read.position == Position(1))
        #expect(read.id == id)
        #expect(read.type == "user.created")
        #expect(read.schemaVersion == 3)
        #expect(read.stream == event.stream)
        #expect(read.tenant == "tenant-ä")
        #expect(read.revision == 1)
        #expect(read.recordedAt >= before && read.recordedAt <= after)
        #expect(read.actor == "token:entra-prod")
        #expect(read.requestID == "req-42")
        #expect(read.correlationID == "7e3f0c1a-client-request-id")
        #expect(read.payload == payload)
    }

    @Test func aMissingCorrelationIDStaysMissing() async throws {
        let log = try TestLog()
        let recorded = try await log.store.append([proposed("a")], metadata: CommandMetadata(actor: "a", requestID: "r"))
        #expect(try log.store.event(at: recorded[0].position)?.correlationID == nil)
    }

    @Test func corruptEnvelopesThrowInsteadOfCrashing() throws {
        let event = RecordedEvent(
            position: Position(1), id: .random(), type: "t", schemaVersion: 1, stream: StreamID(tenant: "t", type: "T", id: "i"),
            revision: 1, recordedAt: .now(), actor: "a", requestID: "r", correlationID: nil, payload: [1, 2, 3])
        let bytes = EnvelopeCodec.encode(event)
        #expect(try EnvelopeCodec.decode(bytes, position: Position(1)) == event)
        for length in 0..<bytes.count {
            #expect(throws: BinaryDecodingError.self) { try EnvelopeCodec.decode(Array(bytes.prefix(length)), position: Position(1)) }
        }
        var future = bytes
        future[0] = 9
        #expect(throws: BinaryDecodingError.self) { try EnvelopeCodec.decode(future, position: Position(1)) }
    }

    @Test func eventIDsPrintAndParseAsUUIDs() throws {
        let id = EventID.random()
        let text = id.description
        #expect(text.count == 36)
        #expect(EventID(text) == id)
        #expect(EventID(text.uppercased()) == id)
        #expect(EventID("not-a-uuid") == nil)
        #expect(Array(text)[14] == "7")
        var later = EventID.random()
        while later.high >> 16 == id.high >> 16 { later = EventID.random() }
        #expect(later.description > id.description, "ids made later sort later")
    }
}
