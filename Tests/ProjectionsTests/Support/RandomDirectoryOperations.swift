import EventLog
import Projections

/// A deterministic generator of valid directory histories: creates, attribute changes, activity
/// flips, password changes, deletes, groups and membership changes, over two tenants.
struct RandomDirectoryOperations {
    struct Step {
        let tenant: String
        let id: String
        let events: [DirectoryEvent]
    }

    private var random: SeededGenerator
    private var users: [String: [String: JSONObject]] = [:]  // tenant → id → resource
    private var groups: [String: [String: Set<String>]] = [:]  // tenant → id → members
    private var counter = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func next() -> Step {
        let tenant = ["acme", "globex"][Int(random.next() % 2)]
        let userIDs = Array(users[tenant, default: [:]].keys).sorted()
        let groupIDs = Array(groups[tenant, default: [:]].keys).sorted()
        let choice = random.next() % 12
        switch choice {
        case 0, 1, 2:
            return createUser(tenant)
        case _ where (choice == 3 || choice == 4) && !userIDs.isEmpty:
            let id = userIDs[Int(random.next() % UInt64(userIDs.count))]
            let old = users[tenant]![id]!
            var new = old
            switch random.next() % 4 {
            case 0: new["userName"] = .string("renamed\(counter)@Example.com")
            case 1: new["emails"] = .array([.object(JSONObject([.init(key: "value", value: .string("mail\(counter)@example.com")), .init(key: "type", value: "work"), .init(key: "primary", value: true)]))])
            case 2: new["externalId"] = random.next() % 2 == 0 ? nil : .string("ext\(counter % 7)")
            default: new["name"] = .object(JSONObject([.init(key: "givenName", value: .string("G\(counter)")), .init(key: "familyName", value: "F")]))
            }
            counter += 1
            users[tenant]![id] = new
            let changes = AttributeChange.diff(from: old, to: new)
            return Step(tenant: tenant, id: id, events: changes.isEmpty ? [] : [.userChanged(changes: changes)])
        case 5 where !userIDs.isEmpty:
            let id = userIDs[Int(random.next() % UInt64(userIDs.count))]
            let active = users[tenant]![id]!["active"] == true
            users[tenant]![id]!["active"] = .bool(!active)
            return Step(tenant: tenant, id: id, events: [active ? .userDeactivated : .userReactivated, .userPasswordChanged(hash: "scrypt$\(counter)")])
        case 6 where !userIDs.isEmpty && random.next() % 3 == 0:
            let id = userIDs[Int(random.next() % UInt64(userIDs.count))]
            users[tenant]![id] = nil
            for group in groups[tenant, default: [:]].keys { groups[tenant]![group]!.remove(id) }
            return Step(tenant: tenant, id: id, events: [.userDeleted])
        case 7:
            counter += 1
            let id = EventID.random().description
            groups[tenant, default: [:]][id] = []
            return Step(tenant: tenant, id: id, events: [.groupCreated(resource: group("Group \(counter)"))])
        case _ where (choice == 8 || choice == 9) && !groupIDs.isEmpty && !userIDs.isEmpty:
            let group = groupIDs[Int(random.next() % UInt64(groupIDs.count))]
            let picks = (0..<Int(1 + random.next() % 3)).map { _ in userIDs[Int(random.next() % UInt64(userIDs.count))] }
            if random.next() % 3 == 0 {
                groups[tenant]![group]!.subtract(picks)
                return Step(tenant: tenant, id: group, events: [.membersRemoved(ids: picks)])
            }
            groups[tenant]![group]!.formUnion(picks)
            return Step(tenant: tenant, id: group, events: [.membersAdded(picks.map { MemberReference(value: $0, type: "User") })])
        case 10 where !groupIDs.isEmpty:
            let group = groupIDs[Int(random.next() % UInt64(groupIDs.count))]
            if random.next() % 4 == 0 {
                groups[tenant]![group] = nil
                return Step(tenant: tenant, id: group, events: [.groupDeleted])
            }
            if random.next() % 2 == 0 {
                groups[tenant]![group] = []
                return Step(tenant: tenant, id: group, events: [.membersCleared])
            }
            counter += 1
            return Step(tenant: tenant, id: group, events: [.groupChanged(changes: [AttributeChange(path: "displayName", old: nil, new: .string("Renamed \(counter)"))])])
        default:
            return createUser(tenant)
        }
    }

    private mutating func createUser(_ tenant: String) -> Step {
        counter += 1
        let id = EventID.random().description
        var resource = user("User\(counter)@Example.com", externalId: "ext\(counter % 5)", emails: ["u\(counter)@example.com"])
        resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = .object(JSONObject([.init(key: "department", value: .string("D\(counter % 3)"))]))
        users[tenant, default: [:]][id] = resource
        return Step(tenant: tenant, id: id, events: [.userCreated(resource: resource)])
    }
}

