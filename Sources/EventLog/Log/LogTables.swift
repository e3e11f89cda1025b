/// The named databases of the event log and the layout of their keys.
///
/// | table | key | value |
/// |---|---|---|
/// | `events` | position (8 bytes, big-endian) | envelope (``EnvelopeCodec``) |
/// | `streams` | stream key | revision (8 BE) ‖ last position (8 BE) |
/// | `stream_events` | stream key ‖ revision (8 BE) | position (8 BE) |
/// | `event_ids` | event id (16 bytes) | position (8 BE) |
/// | `log_meta` | name | value |
///
/// A stream key is tenant, type and id, each varint-length-prefixed, so every key of a tenant shares
/// the tenant prefix and no choice of strings can make two streams' keys collide.
public struct LogTables: Sendable {
    public let events: Database
    public let streams: Database
    public let streamEvents: Database
    public let eventIDs: Database
    public let meta: Database

    init(environment: LMDBEnvironment) throws(LMDBError) {
        let create = !environment.configuration.readOnly
        events = try environment.openDatabase("events", create: create)
        streams = try environment.openDatabase("streams", create: create)
        streamEvents = try environment.openDatabase("stream_events", create: create)
        eventIDs = try environment.openDatabase("event_ids", create: create)
        meta = try environment.openDatabase("log_meta", create: create)
    }

    /// The key of a stream in `streams`, and the prefix of its keys in `stream_events`.
    public static func streamKey(_ stream: StreamID) -> [UInt8] {
        var writer = BinaryWriter(capacity: 64)
        writer.write(string: stream.tenant)
        writer.write(string: stream.type)
        writer.write(string: stream.id)
        return writer.bytes
    }

    static func streamEventKey(_ streamKey: [UInt8], revision: UInt64) -> [UInt8] {
        var writer = BinaryWriter(capacity: streamKey.count + 8)
        writer.write(raw: streamKey)
        writer.write(bigEndian: revision)
        return writer.bytes
    }

    /// The 8-byte big-endian key of a position.
    public static func positionKey(_ position: Position) -> [UInt8] {
        var writer = BinaryWriter(capacity: 8)
        writer.write(bigEndian: position.rawValue)
        return writer.bytes
    }

    /// Reads a big-endian `UInt64` (a position key, a counter) at `offset`.
    public static func readUInt64(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64 {
        UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// What the log knows about one stream.
public struct StreamState: Sendable, Hashable {
    /// The revision of the stream's last event; 0 when it has none.
    public var revision: UInt64
    /// The position of the stream's last event.
    public var lastPosition: Position

    public init(revision: UInt64, lastPosition: Position) {
        self.revision = revision
        self.lastPosition = lastPosition
    }

    public static let empty = StreamState(revision: 0, lastPosition: .start)
}
