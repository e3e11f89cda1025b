import EventLog
import Projections

/// What the server's live projection held for a tenant at one moment, read through its own reader.
struct LiveSnapshot: Sendable {
    var users: [StoredResource] = []
    var groups: [StoredResource] = []
    var members: [String: [MemberReference]] = [:]

    init(_ projection: DirectoryProjection, tenant: String) throws {
        (users, groups, members) = try projection.read { reader in
            var users: [StoredResource] = []
            var groups: [StoredResource] = []
            try reader.forEachResource(.user, tenant: tenant) { users.append($0); return true }
            try reader.forEachResource(.group, tenant: tenant) { groups.append($0); return true }
            var members: [String: [MemberReference]] = [:]
            for group in groups { members[group.id] = try reader.members(of: group.id, tenant: tenant) }
            return (users, groups, members)
        }
    }

    /// The SCIM-like JSON `replay state` documents for a resource, built here independently.
    static func expectedJSON(_ stored: StoredResource, members: [MemberReference]?) -> JSONValue {
        var object = stored.resource
        object["id"] = .string(stored.id)
        if let members {
            object["members"] = .array(members.map { member in
                var item = JSONObject()
                item["value"] = .string(member.value)
                item["type"] = member.type.map(JSONValue.string)
                item["display"] = member.display.map(JSONValue.string)
                return .object(item)
            })
        }
        object["meta"] = [
            "resourceType": .string(stored.kind.rawValue), "created": .string(stored.created.iso8601),
            "lastModified": .string(stored.lastModified.iso8601), "version": .string(stored.etag),
        ]
        return .object(object)
    }
}
