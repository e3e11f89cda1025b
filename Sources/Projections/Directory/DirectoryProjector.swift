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
/// `verify` checks); the live projection and every rebuild run this same code on the stored payload
/// bytes. Stored resources are never decoded to apply an event: a create copies the resource's
/// bytes into the row, a change splices only the changed members, counters and stamps rewrite the
/// row header. The cost of one event does not depend on the size of the directory or of a group,
/// except for deleting a group or clearing its members, which touches each member once. It never
/// rejects: decisions reject before events exist. An event about a resource the tables do not have
/// (which a correct log never contains) is recorded in the timeline and otherwise skipped.
public struct DirectoryProjector: Sendable {
    public let tables: DirectoryTables
    /// Whether index tables are kept up to date event by event. Bulk folds (rebuilds) turn this off
    /// and build every index once at the end with ``DirectoryIndexBuild``, in key order.
    public var maintainsIndexes: Bool

    public init(tables: DirectoryTables, maintainsIndexes: Bool = true) {
        self.tables = tables
        self.maintainsIndexes = maintainsIndexes
    }

    /// Applies a decoded event (encodes its payload and applies that, as the log would).
    public func apply(_ event: DirectoryEvent, _ facts: EventFacts, in txn: borrowing WriteTransaction) throws {
        let payload = event.payload().binaryEncoded()
        try payload.withUnsafeBytes { bytes in
            try apply(kind: StoredEventKind(event), payload: bytes, facts, in: txn)
        }
    }

    /// Applies a stored event of kind `kind` whose payload is `payload`.
    public func apply(kind: StoredEventKind, payload: UnsafeRawBufferPointer, _ facts: EventFacts, in txn: borrowing WriteTransaction) throws {
        if let change = try apply(kind: kind, payload: payload, facts, deferringCountIn: txn) {
            try add(change, txn)
        }
    }

    /// Applies a stored event except for the change of its tenant's resource count, which it
    /// returns: a bulk fold adds those up and writes each count once per transaction.
    func apply<Target: DirectoryTableWrites & ~Copyable>(
        kind: StoredEventKind, payload: UnsafeRawBufferPointer, _ facts: EventFacts, deferringCountIn txn: borrowing Target
    ) throws -> CountChange? {
        let resourceKind = kind.resourceKind
        var timelineValue = BinaryWriter(capacity: 48)
        timelineValue.write(string: resourceKind.rawValue)
        timelineValue.write(string: facts.resourceID)
        // Keys grow with time within a tenant: appended, the timeline's pages fill completely.
        try txn.putPreferringAppend(tables.timeline, key: DirectoryKey.timeline(facts.tenant, facts.recordedAt, facts.position), value: timelineValue.bytes)

        let key = DirectoryKey.make(facts.tenant, facts.resourceID)
        let table = tables.resources(resourceKind)
        switch kind {
        case .userCreated, .groupCreated:
            let resource = try Self.createdResource(payload, kind)
            let header = StoredRowHeader(created: facts.recordedAt, lastModified: facts.recordedAt, revision: facts.revision, memberCount: 0)
            // Ids the server assigns are time-ordered (UUID v7): new rows usually sort last.
            try txn.putPreferringAppend(table, key: key, value: header.row(resource: resource))
            if maintainsIndexes {
                try index(DirectoryIndexValues(kind: resourceKind, resource: BinaryJSONObject(resource), tables: tables), facts, add: true, txn)
            }
            return CountChange(kind: resourceKind, tenant: facts.tenant, delta: 1)

        case .userChanged, .userReplaced, .groupChanged, .groupReplaced:
            guard case .userChanged(let changes)? = try? DirectoryEvent.decodeChanges(payload) else {
                throw DirectoryEventDecodingError(type: "\(kind)", reason: "malformed changes")
            }
            try edit(resourceKind, key, facts, txn, touchesIndexes: maintainsIndexes && changes.contains { Self.touchesIndex($0.path) }) { resource in
                for change in changes { try Self.splice(change, into: &resource) }
            }

        case .userDeactivated, .userReactivated:
            let active: [UInt8] = [kind == .userReactivated ? JSONBinaryTag.true : JSONBinaryTag.false]
            try edit(resourceKind, key, facts, txn, touchesIndexes: false) { resource in
                let activeKey = Self.activeKey
                if let index = resource.members.firstIndex(where: { $0.keyEqualsIgnoringASCIICase(activeKey) }) {
                    resource.members[index].value = .owned(active)
                } else {
                    resource.set(activeKey, to: active)
                }
            }

        case .userPasswordChanged:
            let envelope = try BinaryJSONObject(payload)
            guard let hash = envelope.value(caseInsensitiveKey: Self.hashKey).flatMap(BinaryJSONObject.stringBytes) else {
                throw DirectoryEventDecodingError(type: "user.password.changed", reason: "no hash")
            }
            try txn.put(tables.credentials, key: key, value: Array(hash))
            try restamp(table, key, facts, txn) { _ in }

        case .userDeleted, .groupDeleted:
            var countChange: CountChange?
            if let row = try txn.value(table, key: key) {
                if maintainsIndexes {
                    try row.withUnsafeBytes { bytes in
                        let (_, resource) = try StoredRowHeader.parse(bytes)
                        let values = try DirectoryIndexValues(kind: resourceKind, resource: BinaryJSONObject(resource), tables: tables)
                        try index(values, facts, add: false, txn)
                    }
                }
                try txn.delete(table, key: key)
                if resourceKind == .user { try txn.delete(tables.credentials, key: key) }
                countChange = CountChange(kind: resourceKind, tenant: facts.tenant, delta: -1)
            }
            if resourceKind == .group {
                for memberID in try relatedIDs(tables.members, facts.tenant, facts.resourceID, txn) {
                    try removeMember(group: facts.resourceID, member: memberID, tenant: facts.tenant, touchGroup: false, txn)
                }
            }
            // A deleted user or group leaves every group it was in.
            for groupID in try relatedIDs(tables.memberOf, facts.tenant, facts.resourceID, txn) {
                try removeMember(group: groupID, member: facts.resourceID, tenant: facts.tenant, touchGroup: true, txn)
            }
            return countChange

        case .membersAdded:
            guard case .membersAdded(let members)? = try DirectoryEvent(type: "group.members.added", payload: payload) else { return nil }
            var added: UInt64 = 0
            for member in members {
                var info = BinaryWriter(capacity: 32)
                info.write(string: member.type ?? "")
                info.write(string: member.display ?? "")
                guard try txn.insertPreferringAppend(tables.members, key: DirectoryKey.make(facts.tenant, facts.resourceID, member.value), value: info.bytes) else {
                    continue
                }
                try txn.putPreferringAppend(tables.memberOf, key: DirectoryKey.make(facts.tenant, member.value, facts.resourceID), value: [])
                added += 1
            }
            try restamp(table, key, facts, txn) { $0.memberCount += added }

        case .membersRemoved:
            guard case .membersRemoved(let ids)? = try DirectoryEvent(type: "group.members.removed", payload: payload) else { return nil }
            var removed: UInt64 = 0
            for id in ids where try removeMember(group: facts.resourceID, member: id, tenant: facts.tenant, touchGroup: false, txn) {
                removed += 1
            }
            try restamp(table, key, facts, txn) { $0.memberCount -= min(removed, $0.memberCount) }

        case .membersCleared:
            for memberID in try relatedIDs(tables.members, facts.tenant, facts.resourceID, txn) {
                try removeMember(group: facts.resourceID, member: memberID, tenant: facts.tenant, touchGroup: false, txn)
            }
            try restamp(table, key, facts, txn) { $0.memberCount = 0 }
        }
        return nil
    }

    static let resourceKey = Array("resource".utf8)
    /// How the encoder writes `{"resource": …}`: object tag, one member, the 8-byte key.
    static let createdPrefix: [UInt8] = [JSONBinaryTag.object, 1, 8] + Array("resource".utf8)

    /// The resource bytes of a created event's payload, without walking them when the payload has
    /// the encoder's layout (it always has; anything else is read the general way).
    static func createdResource(_ payload: UnsafeRawBufferPointer, _ kind: StoredEventKind) throws -> UnsafeRawBufferPointer {
        if payload.count > createdPrefix.count, payload.starts(with: createdPrefix), payload[createdPrefix.count] == JSONBinaryTag.object {
            return UnsafeRawBufferPointer(rebasing: payload[createdPrefix.count...])
        }
        let envelope = try BinaryJSONObject(payload)
        guard let resource = envelope.value(caseInsensitiveKey: resourceKey), BinaryJSONObject.isObject(resource) else {
            throw DirectoryEventDecodingError(type: "\(kind)", reason: "no resource")
        }
        return resource
    }
    static let activeKey = Array("active".utf8)
    static let hashKey = Array("hash".utf8)

    // MARK: - Rows

    /// Edits the resource of a row member by member, re-indexes when asked, stamps it and stores it.
    private func edit<Target: DirectoryTableWrites & ~Copyable>(
        _ kind: ResourceKind, _ key: [UInt8], _ facts: EventFacts, _ txn: borrowing Target, touchesIndexes: Bool,
        _ change: (inout BinaryJSONObject) throws -> Void
    ) throws {
        // Copy: a buffer from the map may be overwritten by this transaction's next write.
        guard let row = try txn.value(tables.resources(kind), key: key) else { return }
        let newRow: [UInt8] = try row.withUnsafeBytes { bytes in
            var (header, resourceBytes) = try StoredRowHeader.parse(bytes)
            var resource = try BinaryJSONObject(resourceBytes)
            let before = touchesIndexes ? try DirectoryIndexValues(kind: kind, resource: resource, tables: tables) : nil
            try change(&resource)
            let encoded = resource.encoded(capacity: resourceBytes.count + 64)
            if let before {
                let after = try encoded.withUnsafeBytes { try DirectoryIndexValues(kind: kind, resource: BinaryJSONObject($0), tables: tables) }
                if before != after {
                    try index(before, facts, add: false, txn)
                    try index(after, facts, add: true, txn)
                }
            }
            header.lastModified = facts.recordedAt
            header.revision = facts.revision
            return header.row(resource: encoded)
        }
        try txn.put(tables.resources(kind), key: key, value: newRow)
    }

    /// Rewrites a row's header (stamp and counters), copying the resource bytes unchanged.
    private func restamp<Target: DirectoryTableWrites & ~Copyable>(
        _ table: Database, _ key: [UInt8], _ facts: EventFacts?, _ txn: borrowing Target, _ change: (inout StoredRowHeader) -> Void
    ) throws {
        guard let row = try txn.value(table, key: key) else { return }
        let newRow = try row.withUnsafeBytes { bytes in
            var (header, resource) = try StoredRowHeader.parse(bytes)
            change(&header)
            if let facts {
                header.lastModified = facts.recordedAt
                header.revision = facts.revision
            }
            return header.row(resource: resource)
        }
        try txn.put(table, key: key, value: newRow)
    }

    /// Removes one membership in both directions; returns whether it existed.
    @discardableResult
    private func removeMember<Target: DirectoryTableWrites & ~Copyable>(
        group: String, member: String, tenant: String, touchGroup: Bool, _ txn: borrowing Target
    ) throws -> Bool {
        guard try txn.delete(tables.members, key: DirectoryKey.make(tenant, group, member)) else { return false }
        try txn.delete(tables.memberOf, key: DirectoryKey.make(tenant, member, group))
        if touchGroup {
            try restamp(tables.groups, DirectoryKey.make(tenant, group), nil, txn) { $0.memberCount -= min(1, $0.memberCount) }
        }
        return true
    }

    /// The ids in the second position of `tenant ‖ id ‖ other` keys of a membership table.
    private func relatedIDs<Target: DirectoryTableWrites & ~Copyable>(_ table: Database, _ tenant: String, _ id: String, _ txn: borrowing Target) throws -> [String] {
        let prefix = DirectoryKey.make(tenant, id)
        var ids: [String] = []
        try txn.keys(table, prefix: prefix) { key in
            ids.append(try DirectoryKey.trailingString(key, after: prefix.count))
        }
        return ids
    }

    // MARK: - Changes

    /// Applies one attribute change to a binary resource exactly as ``AttributeChange/apply(_:to:)``
    /// applies it to a decoded one.
    static func splice(_ change: AttributeChange, into resource: inout BinaryJSONObject) throws {
        let (top, sub) = AttributeChange.split(change.path)
        let newValue = change.new?.binaryEncoded()
        let topKey = Array(top.utf8)
        guard let sub else {
            resource.set(topKey, to: newValue)
            return
        }
        let existing = resource.index(of: topKey).flatMap { resource.members[$0] }
        var container = BinaryJSONObject()
        var storage: [UInt8] = []
        switch existing?.value {
        case .borrowed(let bytes)? where BinaryJSONObject.isObject(bytes):
            container = try BinaryJSONObject(bytes)
        case .owned(let bytes)? where bytes.first == JSONBinaryTag.object:
            storage = bytes
        default:
            break
        }
        if !storage.isEmpty {
            // An earlier change of this event rewrote the container: edit the decoded value.
            var object = try JSONValue(binary: storage).objectValue ?? JSONObject()
            object[sub] = change.new
            resource.set(topKey, to: object.isEmpty ? nil : JSONValue.object(object).binaryEncoded())
            return
        }
        container.set(Array(sub.utf8), to: newValue)
        resource.set(topKey, to: container.members.isEmpty ? nil : container.encoded(capacity: 128))
    }

    static func touchesIndex(_ path: String) -> Bool {
        let top = Array(AttributeChange.split(path).0.utf8)
        return DirectoryIndexValues.indexedAttributes.contains { attribute in
            attribute.count == top.count && zip(attribute, top).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }
    }

    // MARK: - Indexes and counts

    private func index<Target: DirectoryTableWrites & ~Copyable>(_ values: DirectoryIndexValues, _ facts: EventFacts, add: Bool, _ txn: borrowing Target) throws {
        guard maintainsIndexes else { return }
        for entry in values.entries {
            let key = DirectoryIndexValues.key(facts.tenant, entry.value, id: facts.resourceID)
            if add { try txn.put(entry.table, key: key, value: []) } else { try txn.delete(entry.table, key: key) }
        }
    }

    /// Adds `change` to its tenant's count of users or groups (never below zero).
    func add<Target: DirectoryTableWrites & ~Copyable>(_ change: CountChange, _ txn: borrowing Target) throws {
        let key = DirectoryKey.make(change.tenant, change.kind.rawValue)
        let current = try txn.value(tables.counts, key: key).map { $0.withUnsafeBytes { LogTables.readUInt64($0) } } ?? 0
        var writer = BinaryWriter(capacity: 8)
        writer.write(bigEndian: UInt64(max(0, Int64(current) + change.delta)))
        try txn.put(tables.counts, key: key, value: writer.bytes)
    }
}

/// How an event changes a tenant's count of users or groups.
struct CountChange: Hashable {
    var kind: ResourceKind
    var tenant: String
    var delta: Int64

    /// Adds up count changes per tenant and kind, for one write of each count per batch.
    struct Totals {
        private var deltas: [Pair: Int64] = [:]
        private struct Pair: Hashable {
            var kind: ResourceKind
            var tenant: String
        }

        mutating func add(_ change: CountChange) {
            deltas[Pair(kind: change.kind, tenant: change.tenant), default: 0] += change.delta
        }

        /// The non-zero sums, one change per tenant and kind.
        var changes: [CountChange] {
            deltas.compactMap { $0.value == 0 ? nil : CountChange(kind: $0.key.kind, tenant: $0.key.tenant, delta: $0.value) }
        }
    }
}
