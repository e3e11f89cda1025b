import EventLog
import Projections

/// Live users that share an externalId, or an email value (any case): the duplicates Entra creates
/// when its lookup (a filter GET) misses an existing user and it POSTs a new one.
///
/// Evidence: each user's creating event and request, and for every user after the first, the
/// lookup that returned no result just before it was created (a journaled GET with 0 results whose URL-decoded path names the
/// new user's userName or externalId).
struct DuplicateUsersCheck {
    let input: DoctorInput

    func run() throws -> [Finding] {
        var findings: [Finding] = []
        for tenant in input.tenants {
            let users = input.liveUsers[tenant] ?? []
            var byExternalID: [String: [StoredResource]] = [:]
            var byEmail: [String: [StoredResource]] = [:]
            for user in users {
                if let externalID = user.resource.value(caseInsensitiveKey: "externalId")?.stringValue, !externalID.isEmpty {
                    byExternalID[externalID, default: []].append(user)
                }
                let emails = (user.resource.value(caseInsensitiveKey: "emails")?.arrayValue ?? []).compactMap {
                    $0.objectValue?.value(caseInsensitiveKey: "value")?.stringValue?.lowercased()
                }
                for email in Set(emails) { byEmail[email, default: []].append(user) }
            }
            for (value, group) in byExternalID.sorted(by: { $0.key < $1.key }) where group.count > 1 {
                findings.append(try finding(tenant, "externalId \"\(value)\"", group))
            }
            for (value, group) in byEmail.sorted(by: { $0.key < $1.key }) where group.count > 1 {
                findings.append(try finding(tenant, "email \"\(value)\"", group))
            }
        }
        return findings
    }

    private func finding(_ tenant: String, _ what: String, _ users: [StoredResource]) throws -> Finding {
        var evidence: [Evidence] = []
        let entries = input.entries[tenant] ?? []
        for (index, user) in users.sorted(by: { $0.created < $1.created }).enumerated() {
            let stream = StreamID(tenant: tenant, type: ResourceKind.user.rawValue, id: user.id)
            guard let created = try input.directory.store.events(in: stream).first else { continue }
            let userName = user.resource.value(caseInsensitiveKey: "userName")?.stringValue
            evidence.append(Evidence(created, "User \(user.id) created: userName \(userName.map { "\"\($0)\"" } ?? "(none)")"))
            // The first user is the original; the lookups that matter are those before each later one.
            guard index > 0 else { continue }
            let names = [userName, user.resource.value(caseInsensitiveKey: "externalId")?.stringValue].compactMap { $0?.lowercased() }
            let missedLookup = entries.last { entry in
                entry.receivedAt < created.recordedAt && entry.method.equalsIgnoringASCIICase("GET") && entry.resultCount == 0
                    && names.contains { name in JournalQuery.decodedPath(entry.path).lowercased().contains(name) }
            }
            if let missedLookup { evidence.append(Evidence(missedLookup)) }
        }
        return Finding(
            severity: .problem, check: "duplicate-users", tenant: tenant, title: "duplicate users: \(what) is on \(users.count) live users",
            explanation: "Entra's lookup did not find the existing user, so it created another; fix the matching attribute "
                + "or the filter, then merge or delete the duplicate (entra-behaviour.md §5, items 12-13).",
            evidence: evidence)
    }
}
