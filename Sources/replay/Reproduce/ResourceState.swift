import EventLog
import Projections

/// A resource as the directory tables hold it after a request: its stored attributes and, for a
/// group, its members. What `reproduce` compares between the recording and the replay.
struct ResourceState: Sendable, Hashable {
    var kind: ResourceKind
    var id: String
    var attributes: JSONObject
    var members: [MemberReference]

    /// Reads the resource, or `nil` when it does not exist.
    static func read(_ reader: borrowing DirectoryReader, _ kind: ResourceKind, tenant: String, id: String) throws -> ResourceState? {
        guard let stored = try reader.resource(kind, tenant: tenant, id: id) else { return nil }
        let members = kind == .group ? try reader.members(of: id, tenant: tenant) : []
        return ResourceState(kind: kind, id: id, attributes: stored.resource, members: members)
    }

    /// The same state with the replay's ids turned back into the recorded ones.
    func mapped(_ ids: IDMap) -> ResourceState {
        var copy = self
        copy.id = ids.toRecorded(id)
        let text = ids.toRecorded(JSONValue.object(attributes).serialized())
        if case .object(let object)? = try? JSONValue(parsing: Array(text.utf8)) { copy.attributes = object }
        copy.members = members.map { member in
            var member = member
            member.value = ids.toRecorded(member.value)
            return member
        }
        return copy
    }

    /// The state difference between the recording (`recorded`) and the replay (`replayed`, already mapped), if any.
    static func difference(recorded: ResourceState?, replayed: ResourceState?) -> Difference? {
        switch (recorded, replayed) {
        case (nil, nil):
            return nil
        case (let old?, nil):
            return Difference(aspect: .state, recorded: "\(old.kind.rawValue) \(old.id)", replayed: "(none)")
        case (nil, let new?):
            return Difference(aspect: .state, recorded: "(none)", replayed: "\(new.kind.rawValue) \(new.id)")
        case (let old?, let new?):
            var details = AttributeChange.diff(from: old.attributes, to: new.attributes).map { Describe.change($0) }
            let oldIDs = Set(old.members.map(\.value))
            let newIDs = Set(new.members.map(\.value))
            let added = new.members.filter { !oldIDs.contains($0.value) }
            let removed = old.members.map(\.value).filter { !newIDs.contains($0) }
            if !added.isEmpty { details.append("+ members: " + Describe.members(added)) }
            if !removed.isEmpty { details.append("- members: " + removed.joined(separator: ", ")) }
            guard !details.isEmpty else { return nil }
            return Difference(aspect: .state, recorded: "recorded state", replayed: Describe.plural(details.count, "difference"), details: details)
        }
    }
}
