import EventLog

/// The header of a stored resource row, read and written without touching the resource bytes.
///
/// Row layout (format 1): format byte, created and last-modified microseconds (zig-zag varints),
/// revision and member count (varints), then the resource as binary JSON.
struct StoredRowHeader: Hashable {
    var created: Timestamp
    var lastModified: Timestamp
    var revision: UInt64
    var memberCount: UInt64

    /// Splits a row into its header and its resource bytes (a slice of `row`).
    static func parse(_ row: UnsafeRawBufferPointer) throws -> (StoredRowHeader, UnsafeRawBufferPointer) {
        var reader = BinaryReader(row)
        let format = try reader.readByte()
        guard format == 1 else { throw BinaryDecodingError.malformed("unknown resource row format \(format)", at: 0) }
        let header = StoredRowHeader(
            created: Timestamp(microsecondsSince1970: try reader.readZigzag()),
            lastModified: Timestamp(microsecondsSince1970: try reader.readZigzag()),
            revision: try reader.readVarint(),
            memberCount: try reader.readVarint())
        return (header, UnsafeRawBufferPointer(rebasing: row[reader.offset...]))
    }

    /// The row: this header followed by `resource` (already-encoded binary JSON).
    func row(resource: some Collection<UInt8>) -> [UInt8] {
        var writer = BinaryWriter(capacity: 24 + resource.count)
        write(into: &writer)
        writer.write(raw: resource)
        return writer.bytes
    }

    func write(into writer: inout BinaryWriter) {
        writer.write(1)
        writer.write(zigzag: created.microseconds)
        writer.write(zigzag: lastModified.microseconds)
        writer.write(varint: revision)
        writer.write(varint: memberCount)
    }
}
