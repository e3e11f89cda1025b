import Projections

/// How a filter is answered for one resource type: from an index when one of its top-level `eq`
/// conditions has one, else by scanning the tenant's resources; and what each candidate needs
/// before the filter can judge it.
///
/// Guarantees: index answers are exactly the scan's answers, because every candidate is still
/// confirmed by ``FilterEvaluator`` (an index test is a necessary condition, never a sufficient
/// one). Indexed conditions: `id`; users' `userName` (ignoring case), `externalId`, `emails.value`
/// (also `emails[type eq "work"].value`, ignoring case); groups' `displayName` (ignoring case),
/// `externalId`, and `members`/`members.value` through the membership table. Candidates come back
/// sorted by id, the order of scans.
struct QueryPlan {
    enum Source: Equatable {
        case index([String])
        case scan
    }

    let kind: ResourceKind
    let tenant: String
    let filter: FilterExpression?
    let members: MemberCondition
    /// Whether the filter reads `id` or `meta`, which stored resources do not hold.
    let needsIdentity: Bool

    init(kind: ResourceKind, tenant: String, filter: FilterExpression?) {
        self.kind = kind
        self.tenant = tenant
        self.filter = filter
        self.members = kind == .group ? MemberCondition(filter) : .none
        self.needsIdentity = filter.map { Self.mentions($0, ["id", "meta"]) } ?? false
    }

    /// The candidates to test.
    func source(_ reader: borrowing DirectoryReader) throws -> Source {
        guard let filter else { return .scan }
        for test in filter.equalityTests {
            guard case .string(let value) = test.value, let ids = try lookUp(test.path, value, reader) else { continue }
            return .index(Array(Set(ids)).sorted())
        }
        return .scan
    }

    private func lookUp(_ path: AttributePath, _ value: String, _ reader: borrowing DirectoryReader) throws -> [String]? {
        if let urn = path.schemaURN, !urn.equalsIgnoringASCIICase(kind.definition.schema.id) { return nil }
        let name = path.name.asciiLowercased
        let sub = path.subAttribute?.asciiLowercased
        switch (kind, name, sub) {
        case (_, "id", nil):
            return try reader.resource(kind, tenant: tenant, id: value) == nil ? [] : [value]
        case (.user, "username", nil):
            return try reader.userIDs(userName: value, tenant: tenant)
        case (.user, "externalid", nil):
            return try reader.userIDs(externalID: value, tenant: tenant)
        case (.user, "emails", nil), (.user, "emails", "value"):
            return try reader.userIDs(email: value, tenant: tenant)
        case (.group, "displayname", nil):
            return try reader.groupIDs(displayName: value, tenant: tenant)
        case (.group, "externalid", nil):
            return try reader.groupIDs(externalID: value, tenant: tenant)
        case (.group, "members", nil), (.group, "members", "value"):
            return try reader.groups(of: value, tenant: tenant)
        default:
            return nil
        }
    }

    /// The object the filter judges: the stored resource (with `id` and `meta` only when the filter
    /// reads them, so most lookups copy nothing), plus for groups whose filter mentions `members`
    /// the members it needs.
    /// (`identity` forces `id` and `meta` in, for sorting.)
    func filterable(
        _ stored: StoredResource, _ representation: ResourceRepresentation, _ reader: borrowing DirectoryReader, identity: Bool = false
    ) throws -> JSONObject {
        var object = needsIdentity || identity ? representation.full(stored) : stored.resource
        switch members {
        case .none:
            break
        case .only(let ids):
            let present = try ids.sorted().filter { try reader.isMember($0, of: stored.id, tenant: tenant) }
            if !present.isEmpty { object["members"] = .array(present.map { ["value": .string($0)] }) }
        case .all:
            let all = try reader.members(of: stored.id, tenant: tenant)
            if !all.isEmpty { object["members"] = .array(all.map { ["value": .string($0.value)] }) }
        }
        return object
    }
}

extension QueryPlan {
    /// Whether `expression` names a top-level attribute in `names` (ignoring case).
    static func mentions(_ expression: FilterExpression, _ names: [String]) -> Bool {
        func named(_ path: AttributePath) -> Bool {
            names.contains { path.name.equalsIgnoringASCIICase($0) }
        }
        switch expression {
        case .comparison(let path, _, _), .present(let path): return named(path)
        case .and(let l, let r), .or(let l, let r): return mentions(l, names) || mentions(r, names)
        case .not(let inner): return mentions(inner, names)
        case .valuePath(let path, _): return named(path)
        }
    }
}

/// What a group filter asks about `members`, so that only the members it can see are loaded.
///
/// Guarantees: `.only(ids)` when every condition on members is `eq` on a member id (`members eq
/// "x"`, `members.value eq "x"`, `members[value eq "x"]`): then testing those ids is enough and
/// costs one lookup each whatever the group's size; `.all` for any other condition on members.
enum MemberCondition: Equatable {
    case none
    case only(Set<String>)
    case all

    init(_ filter: FilterExpression?) {
        guard let filter else {
            self = .none
            return
        }
        var ids: Set<String> = []
        var mentioned = false
        var other = false
        Self.walk(filter, &ids, &mentioned, &other)
        self = !mentioned ? .none : other ? .all : .only(ids)
    }

    private static func isMembers(_ path: AttributePath) -> Bool {
        path.name.equalsIgnoringASCIICase("members")
    }

    private static func walk(_ expression: FilterExpression, _ ids: inout Set<String>, _ mentioned: inout Bool, _ other: inout Bool) {
        switch expression {
        case .comparison(let path, let op, let value):
            guard isMembers(path) else { return }
            mentioned = true
            let onValue = path.subAttribute.map { $0.equalsIgnoringASCIICase("value") } ?? true
            if op == .eq, onValue, case .string(let id) = value { ids.insert(id) } else { other = true }
        case .present(let path):
            if isMembers(path) {
                mentioned = true
                other = true
            }
        case .and(let l, let r), .or(let l, let r):
            walk(l, &ids, &mentioned, &other)
            walk(r, &ids, &mentioned, &other)
        case .not(let inner):
            walk(inner, &ids, &mentioned, &other)
        case .valuePath(let path, let inner):
            guard isMembers(path) else { return }
            mentioned = true
            if case .comparison(let sub, .eq, .string(let id)) = inner, sub.name.equalsIgnoringASCIICase("value"), sub.subAttribute == nil {
                ids.insert(id)
            } else {
                other = true
            }
        }
    }
}
