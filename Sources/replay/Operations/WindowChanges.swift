import EventLog
import Projections

/// What changed in a tenant's directory between two log positions, found by folding.
///
/// Method: fold the log up to `from` into scratch tables; list the resources the window's events
/// touch (plus the groups a resource deleted in the window belonged to, whose membership the
/// deletion changed); copy those resources and their members; fold on to `to`; copy them again and
/// compare. So the result is the net difference of the two states (a value changed and changed back
/// shows as "no net change"), computed by the projection's own code, at the cost of one fold up to
/// `to` plus reads of the touched resources.
struct WindowChanges {
    /// One resource's net change.
    struct Change {
        enum Kind: String { case created, deleted, changed, transient = "created and deleted" }
        var kind: Kind
        var ref: ResourceRef
        var name: String?
        /// Events of the resource's own stream in the window.
        var events: Int
        var firstPosition: Position
        var attributes: [AttributeChange]
        var membersAdded: [MemberReference]
        var membersRemoved: [String]
    }

    var from: LogPoint
    var to: LogPoint
    var eventCount = 0
    var changes: [Change] = []

    private struct Copy {
        var resource: StoredResource
        var members: [MemberReference]
    }

    init(store: EventStore, tenant: String, from: LogPoint, to: LogPoint) throws {
        self.from = from
        self.to = to
        let fold = try ScratchFold(tenant: tenant)
        let progress = Progress("folding the log", total: to.position.rawValue)
        defer { progress.finish() }
        try fold.advance(to: from.position, from: store, progress: progress)

        var touched: [ResourceRef: (events: Int, first: Position)] = [:]
        var deleted: [ResourceRef] = []
        let tenantBytes = Array(tenant.utf8)
        var count = 0
        if from.position < to.position {
            try store.scan(after: from.position) { view in
                guard view.position <= to.position else { return false }
                guard view.tenantBytes.elementsEqual(tenantBytes), let kind = ResourceKind(rawValue: String(decoding: view.streamTypeBytes, as: UTF8.self)) else {
                    return true
                }
                count += 1
                let ref = ResourceRef(kind: kind, id: String(decoding: view.streamIDBytes, as: UTF8.self), tenant: tenant)
                let previous = touched[ref]
                touched[ref] = ((previous?.events ?? 0) + 1, previous?.first ?? view.position)
                if view.isType("user.deleted") || view.isType("group.deleted") { deleted.append(ref) }
                return true
            }
        }
        eventCount = count
        // Groups whose membership a deletion changed, though their own stream did not move.
        let parents: [(ResourceRef, Position)] = try fold.read { reader in
            try deleted.flatMap { ref in
                try reader.groups(of: ref.id, tenant: tenant).map { (ResourceRef(kind: .group, id: $0, tenant: tenant), touched[ref]?.first ?? .start) }
            }
        }
        for (parent, position) in parents where touched[parent] == nil { touched[parent] = (0, position) }

        let before = try Self.copies(of: Array(touched.keys), fold)
        try fold.advance(to: to.position, from: store, progress: progress)
        let after = try Self.copies(of: Array(touched.keys), fold)

        for (ref, facts) in touched {
            let old = before[ref]
            let new = after[ref]
            let kind: Change.Kind = switch (old, new) {
            case (nil, nil): .transient
            case (nil, _): .created
            case (_, nil): .deleted
            default: .changed
            }
            let oldMembers = old?.members ?? []
            let newMembers = new?.members ?? []
            let oldIDs = Set(oldMembers.map(\.value))
            let newIDs = Set(newMembers.map(\.value))
            changes.append(Change(
                kind: kind, ref: ref,
                name: (new ?? old).flatMap { ResourceNames.name(of: $0.resource.resource, ref.kind) },
                events: facts.events, firstPosition: facts.first,
                attributes: kind == .deleted ? [] : AttributeChange.diff(from: old?.resource.resource ?? JSONObject(), to: new?.resource.resource ?? JSONObject()),
                membersAdded: kind == .deleted ? [] : newMembers.filter { !oldIDs.contains($0.value) },
                membersRemoved: kind == .deleted ? [] : oldMembers.map(\.value).filter { !newIDs.contains($0) }))
        }
        changes.sort { ($0.firstPosition, $0.ref.id) < ($1.firstPosition, $1.ref.id) }
    }

    private static func copies(of refs: [ResourceRef], _ fold: ScratchFold) throws -> [ResourceRef: Copy] {
        try fold.read { reader in
            var copies: [ResourceRef: Copy] = [:]
            for ref in refs {
                guard let stored = try reader.resource(ref.kind, tenant: ref.tenant, id: ref.id) else { continue }
                let members = ref.kind == .group ? try reader.members(of: ref.id, tenant: ref.tenant) : []
                copies[ref] = Copy(resource: stored, members: members)
            }
            return copies
        }
    }
}
