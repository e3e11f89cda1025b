/// A stored event read in place: the envelope's fields decoded lazily from the map, with no copies.
///
/// Guarantees: valid only inside the closure that lends it (the bytes belong to the read
/// transaction); it never allocates unless you ask for a `String` or ``materialize(upcasters:)``.
/// It shows the event as stored: ``schemaVersion`` may be older than current, so consumers that
/// understand only current payloads call ``materialize(upcasters:)`` when ``needsUpcasting(_:)``.
/// This is the rebuild and scan fast path; ``RecordedEvent`` is the convenient copy.
public struct EventView: ~Copyable {
    public let position: Position
    public let id: EventID
    public let schemaVersion: UInt16
    public let revision: UInt64
    public let recordedAt: Timestamp
    /// The raw bytes of the type string.
    public let typeBytes: UnsafeRawBufferPointer
    public let tenantBytes: UnsafeRawBufferPointer
    public let streamTypeBytes: UnsafeRawBufferPointer
    public let streamIDBytes: UnsafeRawBufferPointer
    public let actorBytes: UnsafeRawBufferPointer
    public let requestIDBytes: UnsafeRawBufferPointer
    /// Empty when the request carried no correlation id.
    public let correlationIDBytes: UnsafeRawBufferPointer
    /// The payload as stored (not upcast).
    public let payload: UnsafeRawBufferPointer
    private let envelope: UnsafeRawBufferPointer

    /// Parses the envelope header of a stored record.
    public init(_ bytes: UnsafeRawBufferPointer, position: Position) throws(BinaryDecodingError) {
        var reader = BinaryReader(bytes)
        let format = try reader.readByte()
        guard format == 1 else { throw .malformed("unknown envelope format \(format); this log was written by a newer server", at: 0) }
        let id = EventID(high: try reader.readUInt64(), low: try reader.readUInt64())
        let type = try reader.readRaw(count: try reader.readLength())
        let version = try reader.readVarint()
        guard version <= UInt64(UInt16.max) else { throw .malformed("schema version \(version) out of range", at: reader.offset) }
        let tenant = try reader.readRaw(count: try reader.readLength())
        let streamType = try reader.readRaw(count: try reader.readLength())
        let streamID = try reader.readRaw(count: try reader.readLength())
        let revision = try reader.readVarint()
        let recordedAt = Timestamp(microsecondsSince1970: try reader.readZigzag())
        let actor = try reader.readRaw(count: try reader.readLength())
        let requestID = try reader.readRaw(count: try reader.readLength())
        let correlationID = try reader.readRaw(count: try reader.readLength())
        let payload = try reader.readRaw(count: try reader.readLength())
        self.id = id
        self.typeBytes = type
        self.schemaVersion = UInt16(version)
        self.tenantBytes = tenant
        self.streamTypeBytes = streamType
        self.streamIDBytes = streamID
        self.revision = revision
        self.recordedAt = recordedAt
        self.actorBytes = actor
        self.requestIDBytes = requestID
        self.correlationIDBytes = correlationID
        self.payload = payload
        self.position = position
        self.envelope = bytes
    }

    /// `true` when the event's type is `type` (compared without allocating).
    public func isType(_ type: StaticString) -> Bool {
        type.withUTF8Buffer { expected in
            expected.count == typeBytes.count && expected.elementsEqual(typeBytes)
        }
    }

    /// The type string.
    public var type: String { String(decoding: typeBytes, as: UTF8.self) }
    /// The tenant.
    public var tenant: String { String(decoding: tenantBytes, as: UTF8.self) }
    /// The stream.
    public var stream: StreamID {
        StreamID(
            tenant: tenant, type: String(decoding: streamTypeBytes, as: UTF8.self),
            id: String(decoding: streamIDBytes, as: UTF8.self))
    }

    /// Who caused the event.
    public var actor: String { String(decoding: actorBytes, as: UTF8.self) }
    /// The id of the request that produced the event.
    public var requestID: String { String(decoding: requestIDBytes, as: UTF8.self) }
    /// The client's correlation id (Entra's `client-request-id`), when it sent one.
    public var correlationID: String? { correlationIDBytes.isEmpty ? nil : String(decoding: correlationIDBytes, as: UTF8.self) }

    /// Whether `upcasters` would change this event.
    public func needsUpcasting(_ upcasters: UpcasterChain) -> Bool {
        !upcasters.isEmpty && upcasters.hasStep(type: typeBytes, version: schemaVersion)
    }

    /// A full copy of the event, upcast to the current version.
    public func materialize(upcasters: UpcasterChain = UpcasterChain()) throws -> RecordedEvent {
        var event = try EnvelopeCodec.decode(envelope, position: position)
        try upcasters.upcast(&event)
        return event
    }
}

extension EventStore {
    /// Visits stored events after `position` in log order, in read transactions of `batchSize`
    /// events each, until `body` returns `false` or the log ends. Returns the last position visited.
    ///
    /// The fast path for rebuilds and scans: no copies, no allocation per event.
    @discardableResult
    public func scan(
        after position: Position = .start, batchSize: Int = 8192, _ body: (borrowing EventView) throws -> Bool
    ) throws -> Position {
        var last = position
        var more = true
        while more {
            var visited = 0
            try read { reader in
                try reader.scan(tables.events, from: LogTables.positionKey(last.next)) { key, value in
                    let view = try EventView(value, position: Position(LogTables.readUInt64(key)))
                    last = view.position
                    visited += 1
                    guard try body(view) else {
                        more = false
                        return false
                    }
                    return visited < batchSize
                }
            }
            if visited < batchSize { more = false }
        }
        return last
    }
}
