import EventLog
import Projections

/// The group events that changed one resource's memberships, found by scanning the tenant's log.
///
/// Follows the resource's membership of every group through the log: an add that names it, a
/// remove that names it, and a clear or delete of a group it was in at that point (those events do
/// not list members, so the scan keeps track). When the resource itself is deleted, the groups it
/// was still in are noted: the deletion removed it from them. Costs one pass over the log;
/// `history --memberships` asks for it explicitly.
struct MembershipScan {
    /// The group events, in log order.
    var events: [RecordedEvent] = []
    /// The groups the resource was in when each of its deletions removed it from them, by position.
    var leftByDeletion: [Position: [String]] = [:]

    init(for ref: ResourceRef, in store: EventStore) throws {
        let tenantBytes = Array(ref.tenant.utf8)
        let upcasters = store.configuration.upcasters
        let ownType = Array(ref.kind.rawValue.utf8)
        let ownID = Array(ref.id.utf8)
        var groups: Set<String> = []
        var found: [RecordedEvent] = []
        var left: [Position: [String]] = [:]
        let progress = Progress("scanning memberships", total: store.lastPosition.rawValue)
        defer { progress.finish() }
        try store.scan { view in
            progress.update(view.position.rawValue)
            guard view.tenantBytes.elementsEqual(tenantBytes) else { return true }
            if view.isType("user.deleted") || view.isType("group.deleted"), view.streamTypeBytes.elementsEqual(ownType),
                view.streamIDBytes.elementsEqual(ownID)
            {
                if !groups.isEmpty { left[view.position] = groups.sorted() }
                groups.removeAll()
                return true
            }
            guard view.isType("group.members.added") || view.isType("group.members.removed") || view.isType("group.members.cleared")
                    || view.isType("group.deleted")
            else { return true }
            let group = String(decoding: view.streamIDBytes, as: UTF8.self)
            let event = try view.materialize(upcasters: upcasters)
            switch try DirectoryEvent(event) {
            case .membersAdded(let members)? where members.contains(where: { $0.value == ref.id }):
                if groups.insert(group).inserted { found.append(event) }
            case .membersRemoved(let ids)? where ids.contains(ref.id):
                if groups.remove(group) != nil { found.append(event) }
            case .membersCleared?, .groupDeleted?:
                if groups.remove(group) != nil { found.append(event) }
            default:
                break
            }
            return true
        }
        events = found
        leftByDeletion = left
    }
}
