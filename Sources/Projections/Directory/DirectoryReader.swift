import EventLog

/// Answers the directory's lookups from one consistent snapshot (one read transaction).
///
/// Guarantees: every lookup Entra makes is an index lookup or a prefix range scan: by id, by
/// userName (case-insensitive), by externalId (exact), by email value (case-insensitive), by group
/// displayName (case-insensitive), membership tests and pages of members. A tenant only ever sees
/// its own rows. Values come back exactly as stored.
public struct DirectoryReader: ~Copyable {
    public let tables: DirectoryTables
    let txn: TransactionReader

    /// A reader of `tables` in the transaction `txn` (a read transaction, or the writer's inside a
    /// decision). Valid only while `txn` is.
    public init(tables: DirectoryTables, txn: borrowing TransactionReader) {
        self.tables = tables
        self.txn = txn.lend()
    }

    /// The user or group `id` of `tenant`.
    public func resource(_ kind: ResourceKind, tenant: String, id: String) throws -> StoredResource? {
        try txn.withValue(tables.resources(kind), key: DirectoryKey.make(tenant, id)) { row in
            try StoredResource(row: row, kind: kind, id: id)
        }
    }

    /// Ids of the users whose userName equals `userName` ignoring case (at most one in a consistent directory).
    public func userIDs(userName: String, tenant: String) throws -> [String] {
        try lookUp(tables.userNames, tenant, userName.caseFolded, kind: .user) { resource in
            resource.value(caseInsensitiveKey: "userName")?.stringValue?.caseFolded == userName.caseFolded
        }
    }

    /// Ids of the users whose externalId is exactly `externalID`.
    public func userIDs(externalID: String, tenant: String) throws -> [String] {
        try lookUp(tables.userExternalIDs, tenant, externalID, kind: .user) { resource in
            resource.value(caseInsensitiveKey: "externalId")?.stringValue == externalID
        }
    }

    /// Ids of the users with an email whose value equals `email` ignoring case.
    public func userIDs(email: String, tenant: String) throws -> [String] {
        let folded = email.caseFolded
        return try lookUp(tables.userEmails, tenant, folded, kind: .user) { resource in
            (resource.value(caseInsensitiveKey: "emails")?.arrayValue ?? []).contains {
                $0.objectValue?.value(caseInsensitiveKey: "value")?.stringValue?.caseFolded == folded
            }
        }
    }

    /// Ids of the groups whose displayName equals `displayName` ignoring case.
    public func groupIDs(displayName: String, tenant: String) throws -> [String] {
        try lookUp(tables.groupNames, tenant, displayName.caseFolded, kind: .group) { resource in
            resource.value(caseInsensitiveKey: "displayName")?.stringValue?.caseFolded == displayName.caseFolded
        }
    }

    /// Ids of the groups whose externalId is exactly `externalID`.
    public func groupIDs(externalID: String, tenant: String) throws -> [String] {
        try lookUp(tables.groupExternalIDs, tenant, externalID, kind: .group) { resource in
            resource.value(caseInsensitiveKey: "externalId")?.stringValue == externalID
        }
    }

    /// Whether `member` is a member of `group`.
    public func isMember(_ member: String, of group: String, tenant: String) throws -> Bool {
        try txn.contains(tables.members, key: DirectoryKey.make(tenant, group, member))
    }

    /// Up to `limit` members of `group`, in member-id order, after `memberID` (exclusive) when given.
    public func members(of group: String, tenant: String, after memberID: String? = nil, limit: Int = .max) throws -> [MemberReference] {
        let prefix = DirectoryKey.make(tenant, group)
        var page: [MemberReference] = []
        let start = memberID.map { DirectoryKey.make(tenant, group, $0) + [0] }
        try txn.scan(tables.members, prefix: prefix, from: start) { key, value in
            guard page.count < limit else { return false }
            var info = BinaryReader(value)
            let type = try info.readString()
            let display = try info.readString()
            page.append(MemberReference(
                value: try DirectoryKey.trailingString(key, after: prefix.count),
                type: type.isEmpty ? nil : type, display: display.isEmpty ? nil : display))
            return true
        }
        return page
    }

    /// The ids of the groups `member` belongs to.
    public func groups(of member: String, tenant: String) throws -> [String] {
        let prefix = DirectoryKey.make(tenant, member)
        var ids: [String] = []
        try txn.scan(tables.memberOf, prefix: prefix) { key, _ in
            ids.append(try DirectoryKey.trailingString(key, after: prefix.count))
            return true
        }
        return ids
    }

    /// Resources of a tenant in id order (creation order: ids are time-ordered), after `id` when given.
    /// `body` returns `false` to stop.
    public func forEachResource(
        _ kind: ResourceKind, tenant: String, after id: String? = nil, _ body: (StoredResource) throws -> Bool
    ) throws {
        let prefix = DirectoryKey.tenant(tenant)
        let start = id.map { DirectoryKey.make(tenant, $0) + [0] }
        try txn.scan(tables.resources(kind), prefix: prefix, from: start) { key, row in
            let id = try DirectoryKey.trailingString(key, after: prefix.count)
            return try body(try StoredResource(row: row, kind: kind, id: id))
        }
    }

    /// How many users or groups the tenant has.
    public func count(_ kind: ResourceKind, tenant: String) throws -> Int {
        try txn.withValue(tables.counts, key: DirectoryKey.make(tenant, kind.rawValue)) { Int(LogTables.readUInt64($0)) } ?? 0
    }

    /// The password hash of a user, if one was provisioned.
    public func passwordHash(user: String, tenant: String) throws -> String? {
        try txn.withValue(tables.credentials, key: DirectoryKey.make(tenant, user)) { String(decoding: $0, as: UTF8.self) }
    }

    /// The log positions of everything that happened in `tenant` from `from` up to, not including, `to`.
    public func timeline(tenant: String, from: Timestamp, to: Timestamp, limit: Int = .max) throws -> [TimelineEntry] {
        let prefix = DirectoryKey.tenant(tenant)
        let end = DirectoryKey.timelineTime(tenant, to)
        var entries: [TimelineEntry] = []
        try txn.scan(tables.timeline, prefix: prefix, from: DirectoryKey.timelineTime(tenant, from)) { key, value in
            guard entries.count < limit, key.lexicographicallyPrecedes(end, orEqual: false) else { return false }
            var keyReader = BinaryReader(UnsafeRawBufferPointer(rebasing: key[prefix.count...]))
            let time = Int64(bitPattern: try keyReader.readUInt64() ^ (1 << 63))
            let position = try keyReader.readUInt64()
            var valueReader = BinaryReader(value)
            let kind = ResourceKind(rawValue: try valueReader.readString()) ?? .user
            entries.append(TimelineEntry(
                recordedAt: Timestamp(microsecondsSince1970: time), position: Position(position), kind: kind,
                id: try valueReader.readString()))
            return true
        }
        return entries
    }

    private func lookUp(
        _ table: Database, _ tenant: String, _ value: String, kind: ResourceKind, confirm: (JSONObject) -> Bool
    ) throws -> [String] {
        let prefix = DirectoryKey.indexPrefix(tenant, value)
        var ids: [String] = []
        try txn.scan(table, prefix: prefix) { key, _ in
            ids.append(try DirectoryKey.trailingString(key, after: prefix.count))
            return true
        }
        guard !DirectoryKey.isExact(value) else { return ids }
        // The value was cut in the keys: confirm each candidate against its resource.
        return try ids.filter { id in try resource(kind, tenant: tenant, id: id).map { confirm($0.resource) } ?? false }
    }
}

/// One entry of a tenant's timeline: which resource an event at a position touched.
public struct TimelineEntry: Sendable, Hashable {
    public var recordedAt: Timestamp
    public var position: Position
    public var kind: ResourceKind
    public var id: String
}

extension UnsafeRawBufferPointer {
    /// Byte-wise comparison with `other`, as LMDB orders keys.
    fileprivate func lexicographicallyPrecedes(_ other: [UInt8], orEqual: Bool) -> Bool {
        for (a, b) in zip(self, other) where a != b { return a < b }
        return count < other.count || (orEqual && count == other.count)
    }
}
