import EventLog
import Projections

/// A user or group a command is about, as found by ``ResourceResolver``.
struct ResourceRef: Sendable, Hashable {
    var kind: ResourceKind
    var id: String
    var tenant: String
    /// The rule that found it (`id`, `userName`, …), for the user's information.
    var matchedBy = ""
    var stream: StreamID { StreamID(tenant: tenant, type: kind.rawValue, id: id) }
}

/// Finds the user or group a person means, by id, userName, externalId or displayName.
///
/// Tries, in order, and stops at the first rule that matches anything:
/// 1. an id with a stream in the log (live or deleted);
/// 2. the live projection's indexes: userName (any case), externalId (exact, users and groups),
///    group displayName (any case);
/// 3. a scan of the tenant's log for a value the resource ever had, in the same order (userName,
///    externalId, displayName of users or groups), which finds deleted and renamed resources.
///
/// More than one resource under the winning rule is ambiguous: the error lists the candidates
/// and exits with code 2. Nothing at all: not found, code 3.
struct ResourceResolver {
    let directory: DataDirectory
    let tenant: String

    func resolve(_ query: String) throws -> ResourceRef {
        let store = directory.store
        let byID = try ResourceKind.allCases.filter {
            try store.streamState(StreamID(tenant: tenant, type: $0.rawValue, id: query)).revision > 0
        }.map { ResourceRef(kind: $0, id: query, tenant: tenant) }
        if let found = try pick(byID, rule: "id", query) { return found }

        if let projection = directory.projection {
            let rules: [(String, [ResourceRef])] = try projection.read { reader in
                [
                    ("userName", try reader.userIDs(userName: query, tenant: tenant).map { ResourceRef(kind: .user, id: $0, tenant: tenant) }),
                    ("externalId",
                     try reader.userIDs(externalID: query, tenant: tenant).map { ResourceRef(kind: .user, id: $0, tenant: tenant) }
                        + reader.groupIDs(externalID: query, tenant: tenant).map { ResourceRef(kind: .group, id: $0, tenant: tenant) }),
                    ("displayName", try reader.groupIDs(displayName: query, tenant: tenant).map { ResourceRef(kind: .group, id: $0, tenant: tenant) }),
                ]
            }
            for (rule, candidates) in rules {
                if let found = try pick(candidates, rule: rule, query) { return found }
            }
        }

        for (rule, candidates) in try historicMatches(query) {
            if let found = try pick(candidates, rule: "\(rule) (in the log's history)", query) { return found }
        }
        throw ReplayError(
            "no user or group of tenant \(tenant) has, or ever had, the id, userName, externalId or displayName \"\(query)\"",
            remedy: "check the spelling and the tenant (--tenant); `replay journal --path` finds requests that named it",
            exitCode: ExitStatus.notFound)
    }

    /// The one candidate, `nil` for none, or the ambiguity error listing them.
    private func pick(_ candidates: [ResourceRef], rule: String, _ query: String) throws -> ResourceRef? {
        var unique: [ResourceRef] = []
        for candidate in candidates where !unique.contains(candidate) { unique.append(candidate) }
        guard unique.count > 1 else {
            return unique.first.map { found in
                var found = found
                found.matchedBy = rule
                return found
            }
        }
        var table = TextTable("TYPE", "ID", "NAME", "EXTERNALID", "STATE")
        for candidate in unique {
            let summary = try StreamSummary(
                stream: candidate.stream, kind: candidate.kind, events: directory.store.events(in: candidate.stream))
            table.add([
                candidate.kind.rawValue, candidate.id, summary.name ?? "-", summary.externalID ?? "-",
                summary.deleted ? "deleted" : "live",
            ])
        }
        throw ReplayError(
            "\"\(query)\" is ambiguous: \(unique.count) resources of tenant \(tenant) match by \(rule):\n"
                + table.lines().map { "    " + $0 }.joined(separator: "\n"),
            remedy: "name one of them by its id", exitCode: ExitStatus.ambiguous)
    }

    /// Resources whose userName, externalId or displayName was ever `query`, by rule, in rule order.
    private func historicMatches(_ query: String) throws -> [(String, [ResourceRef])] {
        let folded = query.lowercased()
        var userNames: [ResourceRef] = []
        var externalIDs: [ResourceRef] = []
        var displayNames: [ResourceRef] = []
        let tenantBytes = Array(tenant.utf8)
        let progress = Progress("searching the log", total: directory.store.lastPosition.rawValue)
        defer { progress.finish() }
        try directory.store.scan { view in
            progress.update(view.position.rawValue)
            guard view.tenantBytes.elementsEqual(tenantBytes),
                view.isType("user.created") || view.isType("group.created") || view.isType("user.changed")
                    || view.isType("user.replaced") || view.isType("group.changed") || view.isType("group.replaced"),
                let (event, facts) = try ScratchFold.decode(view, directory.store.configuration.upcasters)
            else { return true }
            let ref = ResourceRef(kind: event.resourceType, id: facts.resourceID, tenant: tenant)
            var values: [(String, JSONValue?)] = []
            switch event {
            case .userCreated(let resource), .groupCreated(let resource):
                values = resource.map { ($0.key, $0.value) }
            case .userChanged(let changes), .userReplaced(let changes), .groupChanged(let changes), .groupReplaced(let changes):
                values = changes.map { ($0.path, $0.new) }
            default:
                break
            }
            for (path, value) in values {
                guard let text = value?.stringValue else { continue }
                if path.equalsIgnoringASCIICase("userName"), text.lowercased() == folded { userNames.append(ref) }
                if path.equalsIgnoringASCIICase("externalId"), text == query { externalIDs.append(ref) }
                if path.equalsIgnoringASCIICase("displayName"), text.lowercased() == folded { displayNames.append(ref) }
            }
            return true
        }
        return [("userName", userNames), ("externalId", externalIDs), ("displayName", displayNames)]
    }
}
