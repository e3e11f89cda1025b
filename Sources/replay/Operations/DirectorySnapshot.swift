import EventLog
import Projections

/// Every user and group of a tenant read from one set of directory tables (folded or live).
struct DirectorySnapshot {
    var tenant: String
    var users: [StoredResource] = []
    var groups: [StoredResource] = []
    /// Members of each group, by group id.
    var members: [String: [MemberReference]] = [:]
    var userCount: Int
    var groupCount: Int

    init(_ reader: borrowing DirectoryReader, tenant: String) throws {
        self.tenant = tenant
        userCount = try reader.count(.user, tenant: tenant)
        groupCount = try reader.count(.group, tenant: tenant)
        var users: [StoredResource] = []
        var groups: [StoredResource] = []
        try reader.forEachResource(.user, tenant: tenant) { users.append($0); return true }
        try reader.forEachResource(.group, tenant: tenant) { groups.append($0); return true }
        for group in groups { members[group.id] = try reader.members(of: group.id, tenant: tenant) }
        self.users = users
        self.groups = groups
    }

    func json(at point: LogPoint) -> JSONValue {
        [
            "tenant": .string(tenant),
            "at": point.jsonValue,
            "counts": ["users": .number(JSONNumber(userCount)), "groups": .number(JSONNumber(groupCount))],
            "users": .array(users.map { RecordJSON.resource($0) }),
            "groups": .array(groups.map { RecordJSON.resource($0, members: members[$0.id] ?? []) }),
        ]
    }

    func text(at point: LogPoint, into out: inout Console) {
        out.line("Directory of tenant \(tenant) at \(point.label)")
        out.line("  \(Describe.plural(userCount, "user")), \(Describe.plural(groupCount, "group"))")
        out.line()
        var users = TextTable(
            ("USER", .left), ("USERNAME", .left), ("EXTERNALID", .left), ("ACTIVE", .left), ("VERSION", .right),
            ("LAST MODIFIED", .left))
        for user in self.users {
            let resource = user.resource
            users.add([
                user.id, resource.value(caseInsensitiveKey: "userName")?.stringValue ?? "-",
                resource.value(caseInsensitiveKey: "externalId")?.stringValue ?? "-",
                resource.value(caseInsensitiveKey: "active").map(Describe.value) ?? "-", "\(user.revision)",
                Describe.time(user.lastModified),
            ])
        }
        out.table(users)
        out.line()
        var groups = TextTable(
            ("GROUP", .left), ("DISPLAYNAME", .left), ("EXTERNALID", .left), ("MEMBERS", .right), ("VERSION", .right),
            ("LAST MODIFIED", .left))
        for group in self.groups {
            groups.add([
                group.id, group.resource.value(caseInsensitiveKey: "displayName")?.stringValue ?? "-",
                group.resource.value(caseInsensitiveKey: "externalId")?.stringValue ?? "-", "\(group.memberCount)",
                "\(group.revision)", Describe.time(group.lastModified),
            ])
        }
        out.table(groups)
    }
}
