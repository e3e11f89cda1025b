import EventLog

/// The LMDB tables of one version of the directory projection.
///
/// Every key starts with the tenant (varint-length-prefixed), so tenants never see each other's
/// rows and every per-tenant scan is a prefix scan.
///
/// | table | key | value |
/// |---|---|---|
/// | `users`, `groups` | tenant ‖ id | ``StoredResource`` row |
/// | `user_names` | tenant ‖ folded userName ‖ id | — |
/// | `user_external_ids` | tenant ‖ externalId ‖ id | — |
/// | `user_emails` | tenant ‖ folded email value ‖ id | — |
/// | `group_names` | tenant ‖ folded displayName ‖ id | — |
/// | `group_external_ids` | tenant ‖ externalId ‖ id | — |
/// | `members` | tenant ‖ group id ‖ member id | member type and display |
/// | `member_of` | tenant ‖ member id ‖ group id | — |
/// | `credentials` | tenant ‖ user id | password hash |
/// | `counts` | tenant ‖ resource type | count (8 BE) |
/// | `timeline` | tenant ‖ recorded-at (8 BE) ‖ position (8 BE) | resource type ‖ id |
///
/// Membership is one row per (group, member) pair in each direction, so adding, removing or testing
/// one member is one B-tree operation whatever the group's size, and a page of members is a range scan.
public struct DirectoryTables: Sendable {
    public let version: Int
    let users: Database
    let groups: Database
    let userNames: Database
    let userExternalIDs: Database
    let userEmails: Database
    let groupNames: Database
    let groupExternalIDs: Database
    let members: Database
    let memberOf: Database
    let credentials: Database
    let counts: Database
    let timeline: Database

    /// Every table, for clearing, dropping and verification.
    var all: [Database] {
        [users, groups, userNames, userExternalIDs, userEmails, groupNames, groupExternalIDs, members, memberOf, credentials, counts, timeline]
    }

    /// Opens (creating in a writable environment) the tables of `version`.
    public init(environment: LMDBEnvironment, version: Int) throws(LMDBError) {
        let create = !environment.configuration.readOnly
        func open(_ name: String) throws(LMDBError) -> Database {
            try environment.openDatabase("directory.v\(version).\(name)", create: create)
        }
        self.version = version
        users = try open("users")
        groups = try open("groups")
        userNames = try open("user_names")
        userExternalIDs = try open("user_external_ids")
        userEmails = try open("user_emails")
        groupNames = try open("group_names")
        groupExternalIDs = try open("group_external_ids")
        members = try open("members")
        memberOf = try open("member_of")
        credentials = try open("credentials")
        counts = try open("counts")
        timeline = try open("timeline")
    }

    func resources(_ kind: ResourceKind) -> Database { kind == .user ? users : groups }
}

/// Builds the projection's keys.
enum DirectoryKey {
    /// Index values longer than this many bytes are cut in keys (LMDB keys are at most 511 bytes);
    /// lookups of such values confirm candidates against the stored resource.
    static let maximumIndexedBytes = 384

    static func tenant(_ tenant: String) -> [UInt8] {
        var writer = BinaryWriter(capacity: 24)
        writer.write(string: tenant)
        return writer.bytes
    }

    static func make(_ tenant: String, _ parts: String...) -> [UInt8] {
        var writer = BinaryWriter(capacity: 64)
        writer.write(string: tenant)
        for part in parts { writer.write(string: part) }
        return writer.bytes
    }

    /// tenant ‖ indexed value (folded or not, cut to ``maximumIndexedBytes``) — the prefix of an index's keys.
    static func indexPrefix(_ tenant: String, _ value: String) -> [UInt8] {
        var writer = BinaryWriter(capacity: 64)
        writer.write(string: tenant)
        let bytes = Array(value.utf8.prefix(maximumIndexedBytes))
        writer.write(lengthPrefixed: bytes)
        return writer.bytes
    }

    /// Whether `value` is indexed in full (not cut).
    static func isExact(_ value: String) -> Bool { value.utf8.count <= maximumIndexedBytes }

    /// The last component of a key: the id after a known prefix.
    static func trailingString(_ key: UnsafeRawBufferPointer, after prefixLength: Int) throws -> String {
        var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: key[prefixLength...]))
        return try reader.readString()
    }

    static func timeline(_ tenant: String, _ time: Timestamp, _ position: Position) -> [UInt8] {
        var writer = BinaryWriter(capacity: 40)
        writer.write(string: tenant)
        writer.write(bigEndian: UInt64(bitPattern: time.microseconds) ^ (1 << 63))
        writer.write(bigEndian: position.rawValue)
        return writer.bytes
    }

    static func timelineTime(_ tenant: String, _ time: Timestamp) -> [UInt8] {
        var writer = BinaryWriter(capacity: 32)
        writer.write(string: tenant)
        writer.write(bigEndian: UInt64(bitPattern: time.microseconds) ^ (1 << 63))
        return writer.bytes
    }
}

extension String {
    /// The form of a case-insensitive value inside index keys (userName, emails, group displayName).
    /// Stored resources keep the client's spelling; only keys are folded.
    var caseFolded: String { lowercased() }
}
