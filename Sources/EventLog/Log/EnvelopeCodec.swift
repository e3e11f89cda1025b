/// The stored form of a ``RecordedEvent`` (the value in the `events` table; the key is the position).
///
/// Format version 1, in order: format byte `0x01`; event id (16 bytes, big-endian); type (string);
/// schema version (varint); tenant, stream type, stream id (strings); revision (varint); recorded-at
/// microseconds (zig-zag varint); actor, request id (strings); correlation id (string, empty when
/// absent); payload (length-prefixed bytes). Strings are varint-length-prefixed UTF-8.
///
/// Guarantees: this layout never changes in place. A new layout gets a new format byte and the
/// decoder keeps reading every older one, so events written today stay readable forever. Corrupt
/// bytes throw ``BinaryDecodingError``; they never crash the reader.
public enum EnvelopeCodec {
    /// The format byte of the layout this code writes.
    public static let currentFormat: UInt8 = 1

    public static func encode(_ event: RecordedEvent) -> [UInt8] {
        var writer = BinaryWriter(capacity: 96 + event.payload.count)
        writer.write(currentFormat)
        writer.write(bigEndian: event.id.high)
        writer.write(bigEndian: event.id.low)
        writer.write(string: event.type)
        writer.write(varint: UInt64(event.schemaVersion))
        writer.write(string: event.stream.tenant)
        writer.write(string: event.stream.type)
        writer.write(string: event.stream.id)
        writer.write(varint: event.revision)
        writer.write(zigzag: event.recordedAt.microseconds)
        writer.write(string: event.actor)
        writer.write(string: event.requestID)
        writer.write(string: event.correlationID ?? "")
        writer.write(lengthPrefixed: event.payload)
        return writer.bytes
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer, position: Position) throws(BinaryDecodingError) -> RecordedEvent {
        var reader = BinaryReader(bytes)
        let format = try reader.readByte()
        guard format == 1 else { throw .malformed("unknown envelope format \(format); this log was written by a newer server", at: 0) }
        let id = EventID(high: try reader.readUInt64(), low: try reader.readUInt64())
        let type = try reader.readString()
        let version = try reader.readVarint()
        guard version <= UInt64(UInt16.max) else { throw .malformed("schema version \(version) out of range", at: reader.offset) }
        let tenant = try reader.readString()
        let streamType = try reader.readString()
        let streamID = try reader.readString()
        let revision = try reader.readVarint()
        let recordedAt = try reader.readZigzag()
        let actor = try reader.readString()
        let requestID = try reader.readString()
        let correlation = try reader.readString()
        let payload = try reader.readBytes()
        return RecordedEvent(
            position: position, id: id, type: type, schemaVersion: UInt16(version),
            stream: StreamID(tenant: tenant, type: streamType, id: streamID), revision: revision,
            recordedAt: Timestamp(microsecondsSince1970: recordedAt), actor: actor, requestID: requestID,
            correlationID: correlation.isEmpty ? nil : correlation, payload: payload)
    }

    public static func decode(_ bytes: [UInt8], position: Position) throws(BinaryDecodingError) -> RecordedEvent {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(BinaryDecodingError) in try decode(buffer, position: position) } }
        return try result.get()
    }
}
