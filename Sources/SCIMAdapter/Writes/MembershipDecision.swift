import Projections

/// Turns requested membership changes into member events, against the membership as stored.
///
/// Guarantees (entra-behaviour.md §5 items 4, 5 and 20; §7 items 6 and 7):
/// - Adding a present member and removing an absent one are filtered out, so a re-sent add or
///   remove succeeds and appends nothing; duplicates inside one request count once.
/// - Changes apply in request order to a running view, so `add X` then `remove X` nets out.
/// - Each check is one membership lookup: a change costs the same in a group of ten members and
///   of a million. Only "remove all" and "replace all" visit every member.
/// - A group cannot be its own member; with `requireExisting` (the tenant policy
///   `requireExistingMembers`) a new member must also be an existing User or Group of the tenant.
///   Either failure is a 400 `invalidValue` naming the id.
struct MembershipDecision {
    let tenant: String
    let groupID: String
    let requireExisting: Bool
    private var overlay: [String: Bool] = [:]
    private var cleared = false
    private(set) var events: [DirectoryEvent] = []

    init(tenant: String, groupID: String, requireExisting: Bool) {
        self.tenant = tenant
        self.groupID = groupID
        self.requireExisting = requireExisting
    }

    mutating func apply(_ change: MembershipChange, _ reader: borrowing DirectoryReader) throws {
        switch change {
        case .add(let members):
            try add(members, reader)
        case .remove(let ids):
            try remove(ids, reader)
        case .removeAll:
            try removeAll(reader)
        case .replaceAll(let members):
            try replaceAll(with: members, reader)
        }
    }

    mutating func add(_ members: [MemberReference], _ reader: borrowing DirectoryReader) throws {
        var added: [MemberReference] = []
        for member in members where try !isMember(member.value, reader) {
            try checkMember(member.value, reader)
            overlay[member.value] = true
            added.append(member)
        }
        if !added.isEmpty { events.append(.membersAdded(added)) }
    }

    mutating func remove(_ ids: [String], _ reader: borrowing DirectoryReader) throws {
        var removed: [String] = []
        for id in ids where try isMember(id, reader) {
            overlay[id] = false
            removed.append(id)
        }
        if !removed.isEmpty { events.append(.membersRemoved(ids: removed)) }
    }

    mutating func removeAll(_ reader: borrowing DirectoryReader) throws {
        guard try !currentMembers(reader).isEmpty else { return }
        events.append(.membersCleared)
        overlay = [:]
        cleared = true
    }

    mutating func replaceAll(with members: [MemberReference], _ reader: borrowing DirectoryReader) throws {
        let current = try currentMembers(reader)
        var wanted: [String: MemberReference] = [:]
        var order: [String] = []
        for member in members where wanted[member.value] == nil {
            wanted[member.value] = member
            order.append(member.value)
        }
        try remove(current.filter { wanted[$0] == nil }, reader)
        try add(order.compactMap { wanted[$0] }, reader)
    }

    private func isMember(_ id: String, _ reader: borrowing DirectoryReader) throws -> Bool {
        if let known = overlay[id] { return known }
        if cleared { return false }
        return try reader.isMember(id, of: groupID, tenant: tenant)
    }

    /// The member ids as they stand after the changes so far.
    private func currentMembers(_ reader: borrowing DirectoryReader) throws -> [String] {
        var ids = cleared ? [] : try reader.members(of: groupID, tenant: tenant).map(\.value).filter { overlay[$0] != false }
        let stored = Set(ids)
        ids += overlay.filter { $0.value && !stored.contains($0.key) }.map(\.key).sorted()
        return ids
    }

    private func checkMember(_ id: String, _ reader: borrowing DirectoryReader) throws {
        guard id != groupID else {
            throw SCIMError.invalidValue("A group cannot be a member of itself (member \"\(id)\").")
        }
        guard requireExisting else { return }
        if try reader.resource(.user, tenant: tenant, id: id) != nil || reader.resource(.group, tenant: tenant, id: id) != nil { return }
        throw SCIMError.invalidValue(
            "Refused by tenant policy requireExistingMembers: member \"\(id)\" is not the id of a User or Group in this directory; create it first.")
    }
}
