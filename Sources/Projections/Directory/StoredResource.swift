import EventLog

/// A user or group as the directory stores it: the resource as the client sent it, plus the facts
/// the log knows (when created and last modified, the stream revision that is its version).
///
/// Guarantees: `resource` has no `meta` and, for groups, no `members` (rendering adds both);
/// `revision` is the revision of the last event of the resource's stream, so `W/"<revision>"` is a
/// strong-enough ETag that changes with every change.
public struct StoredResource: Sendable, Hashable {
    public var kind: ResourceKind
    public var id: String
    public var resource: JSONObject
    public var created: Timestamp
    public var lastModified: Timestamp
    public var revision: UInt64
    /// The number of members (groups only).
    public var memberCount: UInt64

    public init(
        kind: ResourceKind, id: String, resource: JSONObject, created: Timestamp, lastModified: Timestamp,
        revision: UInt64, memberCount: UInt64 = 0
    ) {
        self.kind = kind
        self.id = id
        self.resource = resource
        self.created = created
        self.lastModified = lastModified
        self.revision = revision
        self.memberCount = memberCount
    }

    /// The row stored in the `users`/`groups` table: format byte 1, created and last-modified
    /// microseconds (zig-zag varints), revision and member count (varints), the resource (binary JSON).
    func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: 512)
        StoredRowHeader(created: created, lastModified: lastModified, revision: revision, memberCount: memberCount).write(into: &writer)
        JSONValue.object(resource).encodeBinary(into: &writer)
        return writer.bytes
    }

    init(row: UnsafeRawBufferPointer, kind: ResourceKind, id: String) throws {
        var reader = BinaryReader(row)
        let format = try reader.readByte()
        guard format == 1 else { throw BinaryDecodingError.malformed("unknown resource row format \(format)", at: 0) }
        let created = Timestamp(microsecondsSince1970: try reader.readZigzag())
        let lastModified = Timestamp(microsecondsSince1970: try reader.readZigzag())
        let revision = try reader.readVarint()
        let memberCount = try reader.readVarint()
        guard case .object(let resource) = try JSONValue(binary: &reader) else {
            throw BinaryDecodingError.malformed("resource is not an object", at: reader.offset)
        }
        self.init(
            kind: kind, id: id, resource: resource, created: created, lastModified: lastModified, revision: revision,
            memberCount: memberCount)
    }

    /// The weak entity tag of this version.
    public var etag: String { "W/\"\(revision)\"" }
}
