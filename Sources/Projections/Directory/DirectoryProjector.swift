import EventLog

/// The facts of a recorded event that the projection needs besides its payload.
public struct EventFacts: Sendable, Hashable {
    public var tenant: String
    public var resourceID: String
    public var revision: UInt64
    public var recordedAt: Timestamp
    public var position: Position

    public init(tenant: String, resourceID: String, revision: UInt64, recordedAt: Timestamp, position: Position) {
        self.tenant = tenant
        self.resourceID = resourceID
        self.revision = revision
        self.recordedAt = recordedAt
        self.position = position
    }

    public init(_ event: RecordedEvent) {
        self.init(
            tenant: event.tenant, resourceID: event.stream.id, revision: event.revision, recordedAt: event.recordedAt,
            position: event.position)
    }
}

/// Folds directory events into a set of ``DirectoryTables``: the one definition of the projection.
///
/// Guarantees: deterministic (the same events give the same tables byte for byte, which is what
/// `verify` checks); the cost of one event does not depend on the size of the directory or of a
/// group, except for deleting a group or clearing its members, which touches each member once.
/// It never rejects: decisions reject before events exist. An event about a resource the tables do
/// not have (which a correct log never contains) is recorded in the timeline and otherwise skipped.
public struct DirectoryProjector: Sendable {
    public let tables: DirectoryTables

    public init(tables: DirectoryTables) { self.tables = tables }

    public func apply(_ event: DirectoryEvent, _ facts: EventFacts, in txn: borrowing WriteTransaction) throws {
        let kind = event.resourceType
        var timelineValue = BinaryWriter(capacity: 48)
        timelineValue.write(string: kind.rawValue)
        timelineValue.write(string: facts.resourceID)
        try txn.put(tables.timeline, key: DirectoryKey.timeline(facts.tenant, facts.recordedAt, facts.position), value: timelineValue.bytes)

        let key = DirectoryKey.make(facts.tenant, facts.resourceID)
        switch event {
        case .userCreated(let resource), .groupCreated(let resource):
            let stored = StoredResource(
                kind: kind, id: facts.resourceID, resource: resource, created: facts.recordedAt, lastModified: facts.recordedAt,
                revision: facts.revision)
            try txn.put(tables.resources(kind), key: key, value: stored.encoded())
            try index(stored, facts.tenant, add: true, txn)
            try addToCount(kind, facts.tenant, 1, txn)

        case .userReplaced(let changes), .userChanged(let changes), .groupReplaced(let changes), .groupChanged(let changes):
            try update(kind, key, facts, txn) { stored in
                stored.resource = AttributeChange.apply(changes, to: stored.resource)
            }

        case .userDeactivated, .userReactivated:
            let active: Bool = if case .userReactivated = event { true } else { false }
            try update(kind, key, facts, txn) { stored in
                stored.resource.setValue(.bool(active), caseInsensitiveKey: "active")
            }

        case .userPasswordChanged(let hash):
            try txn.put(tables.credentials, key: key, value: Array(hash.utf8))
            try update(kind, key, facts, txn) { _ in }

        case .userDeleted:
            if let stored = try load(kind, key, facts.resourceID, txn.reader) {
                try index(stored, facts.tenant, add: false, txn)
                try txn.delete(tables.users, key: key)
                try txn.delete(tables.credentials, key: key)
                try addToCount(kind, facts.tenant, -1, txn)
            }
            // A deleted user leaves every group it was in.
            for groupID in try relatedIDs(tables.memberOf, facts.tenant, facts.resourceID, txn.reader) {
                try removeMember(group: groupID, member: facts.resourceID, facts: facts, touchGroup: true, txn)
            }

        case .groupDeleted:
            if let stored = try load(kind, key, facts.resourceID, txn.reader) {
                try index(stored, facts.tenant, add: false, txn)
                try txn.delete(tables.groups, key: key)
                try addToCount(kind, facts.tenant, -1, txn)
            }
            for memberID in try relatedIDs(tables.members, facts.tenant, facts.resourceID, txn.reader) {
                try removeMember(group: facts.resourceID, member: memberID, facts: facts, touchGroup: false, txn)
            }
            // The group may itself be a member of other groups.
            for parentID in try relatedIDs(tables.memberOf, facts.tenant, facts.resourceID, txn.reader) {
                try removeMember(group: parentID, member: facts.resourceID, facts: facts, touchGroup: true, txn)
            }

        case .membersAdded(let members):
            var added: UInt64 = 0
            for member in members {
                let memberKey = DirectoryKey.make(facts.tenant, facts.resourceID, member.value)
                guard try !txn.reader.contains(tables.members, key: memberKey) else { continue }
                var info = BinaryWriter(capacity: 32)
                info.write(string: member.type ?? "")
                info.write(string: member.display ?? "")
                try txn.put(tables.members, key: memberKey, value: info.bytes)
                try txn.put(tables.memberOf, key: DirectoryKey.make(facts.tenant, member.value, facts.resourceID), value: [])
                added += 1
            }
            try update(.group, key, facts, txn) { $0.memberCount += added }

        case .membersRemoved(let ids):
            var removed: UInt64 = 0
            for id in ids where try removeMember(group: facts.resourceID, member: id, facts: facts, touchGroup: false, txn) {
                removed += 1
            }
            try update(.group, key, facts, txn) { $0.memberCount -= min(removed, $0.memberCount) }

        case .membersCleared:
            for memberID in try relatedIDs(tables.members, facts.tenant, facts.resourceID, txn.reader) {
                try removeMember(group: facts.resourceID, member: memberID, facts: facts, touchGroup: false, txn)
            }
            try update(.group, key, facts, txn) { $0.memberCount = 0 }
        }
    }

    // MARK: - Rows

    private func load(_ kind: ResourceKind, _ key: [UInt8], _ id: String, _ reader: borrowing TransactionReader) throws -> StoredResource? {
        try reader.withValue(tables.resources(kind), key: key) { try StoredResource(row: $0, kind: kind, id: id) }
    }

    /// Loads a resource, lets `change` edit it, re-indexes what changed, stamps it with the event and stores it.
    private func update(
        _ kind: ResourceKind, _ key: [UInt8], _ facts: EventFacts, _ txn: borrowing WriteTransaction,
        _ change: (inout StoredResource) -> Void
    ) throws {
        guard var stored = try load(kind, key, facts.resourceID, txn.reader) else { return }
        let before = stored
        change(&stored)
        stored.lastModified = facts.recordedAt
        stored.revision = facts.revision
        if indexEntries(before, facts.tenant) != indexEntries(stored, facts.tenant) {
            try index(before, facts.tenant, add: false, txn)
            try index(stored, facts.tenant, add: true, txn)
        }
        try txn.put(tables.resources(kind), key: key, value: stored.encoded())
    }

    /// Removes one membership in both directions; returns whether it existed.
    @discardableResult
    private func removeMember(group: String, member: String, facts: EventFacts, touchGroup: Bool, _ txn: borrowing WriteTransaction) throws -> Bool {
        guard try txn.delete(tables.members, key: DirectoryKey.make(facts.tenant, group, member)) else { return false }
        try txn.delete(tables.memberOf, key: DirectoryKey.make(facts.tenant, member, group))
        if touchGroup {
            let groupKey = DirectoryKey.make(facts.tenant, group)
            if var stored = try load(.group, groupKey, group, txn.reader) {
                stored.memberCount -= min(1, stored.memberCount)
                try txn.put(tables.groups, key: groupKey, value: stored.encoded())
            }
        }
        return true
    }

    /// The ids in the second position of `tenant ‖ id ‖ other` keys of a membership table.
    private func relatedIDs(_ table: Database, _ tenant: String, _ id: String, _ reader: borrowing TransactionReader) throws -> [String] {
        let prefix = DirectoryKey.make(tenant, id)
        var ids: [String] = []
        try reader.scan(table, prefix: prefix) { key, _ in
            ids.append(try DirectoryKey.trailingString(key, after: prefix.count))
            return true
        }
        return ids
    }

    // MARK: - Indexes

    private struct IndexEntry: Hashable {
        let table: Database
        let value: String
    }

    private func indexEntries(_ stored: StoredResource, _ tenant: String) -> Set<IndexEntry> {
        var entries: Set<IndexEntry> = []
        let resource = stored.resource
        if let externalID = resource.value(caseInsensitiveKey: "externalId")?.stringValue {
            entries.insert(IndexEntry(table: stored.kind == .user ? tables.userExternalIDs : tables.groupExternalIDs, value: externalID))
        }
        switch stored.kind {
        case .user:
            if let userName = resource.value(caseInsensitiveKey: "userName")?.stringValue {
                entries.insert(IndexEntry(table: tables.userNames, value: userName.caseFolded))
            }
            for email in resource.value(caseInsensitiveKey: "emails")?.arrayValue ?? [] {
                if let value = email.objectValue?.value(caseInsensitiveKey: "value")?.stringValue {
                    entries.insert(IndexEntry(table: tables.userEmails, value: value.caseFolded))
                }
            }
        case .group:
            if let name = resource.value(caseInsensitiveKey: "displayName")?.stringValue {
                entries.insert(IndexEntry(table: tables.groupNames, value: name.caseFolded))
            }
        }
        return entries
    }

    private func index(_ stored: StoredResource, _ tenant: String, add: Bool, _ txn: borrowing WriteTransaction) throws {
        for entry in indexEntries(stored, tenant) {
            let key = DirectoryKey.index(tenant, entry.value, id: stored.id)
            if add { try txn.put(entry.table, key: key, value: []) } else { try txn.delete(entry.table, key: key) }
        }
    }

    private func addToCount(_ kind: ResourceKind, _ tenant: String, _ delta: Int64, _ txn: borrowing WriteTransaction) throws {
        let key = DirectoryKey.make(tenant, kind.rawValue)
        let current = try txn.reader.withValue(tables.counts, key: key) { LogTablesAccess.readUInt64($0) } ?? 0
        var writer = BinaryWriter(capacity: 8)
        writer.write(bigEndian: UInt64(max(0, Int64(current) + delta)))
        try txn.put(tables.counts, key: key, value: writer.bytes)
    }
}

/// Reads a big-endian `UInt64` from the start of a buffer.
enum LogTablesAccess {
    static func readUInt64(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(bigEndian: buffer.loadUnaligned(as: UInt64.self))
    }
}
