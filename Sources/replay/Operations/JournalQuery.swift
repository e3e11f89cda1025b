import ArgumentParser
import EventLog
import Foundation
import Projections

/// The journal filters `journal`, `export journal` and `doctor` share.
struct JournalFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only requests received at or after this time.", valueName: "time"), transform: TimeArgument.parse)
    var from: Timestamp?

    @Option(help: ArgumentHelp("Only requests received before this time.", valueName: "time"), transform: TimeArgument.parse)
    var to: Timestamp?

    @Option(
        help: ArgumentHelp("Only these statuses: 409, 4xx, 5xx, failed, or a list such as 409,412.", valueName: "status"),
        transform: StatusFilter.parse)
    var status: StatusFilter?

    @Option(help: ArgumentHelp("Only this HTTP method (any case).", valueName: "method"))
    var method: String?

    @Option(help: ArgumentHelp("Only paths containing this text (any case; matched against the path as sent and URL-decoded).", valueName: "text"))
    var path: String?

    @Option(help: ArgumentHelp("Only requests about this user or group (id, userName, externalId or displayName).", valueName: "resource"))
    var resource: String?

    @Option(name: .customLong("request-id"), help: ArgumentHelp("Only the request with this id or Entra client-request-id.", valueName: "id"))
    var requestID: String?

    @Flag(name: .customLong("all-tenants"), help: "Every tenant, not only --tenant.")
    var allTenants = false

    /// The filters as a plain value.
    var filter: JournalFilter {
        JournalFilter(
            from: from, to: to, status: status, method: method, path: path, resource: resource, requestID: requestID,
            allTenants: allTenants)
    }
}

/// The journal filters as a value (see ``JournalFilterOptions`` for their meaning).
struct JournalFilter: Sendable {
    var from: Timestamp?
    var to: Timestamp?
    var status: StatusFilter?
    var method: String?
    var path: String?
    var resource: String?
    var requestID: String?
    var allTenants = false
}

/// A status filter: exact codes and classes (`4xx`), or `failed` (400 and above).
struct StatusFilter: Sendable, Hashable {
    private var codes: Set<Int> = []
    private var classes: Set<Int> = []

    static func parse(_ text: String) throws -> StatusFilter {
        var filter = StatusFilter()
        for part in text.lowercased().split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if part == "failed" {
                filter.classes.formUnion([4, 5])
            } else if part.count == 3, part.hasSuffix("xx"), let digit = Int(part.prefix(1)), (1...5).contains(digit) {
                filter.classes.insert(digit)
            } else if let code = Int(part), (100...599).contains(code) {
                filter.codes.insert(code)
            } else {
                throw StatusFormatError()
            }
        }
        guard !filter.codes.isEmpty || !filter.classes.isEmpty else { throw StatusFormatError() }
        return filter
    }

    func matches(_ status: Int) -> Bool { codes.contains(status) || classes.contains(status / 100) }
}

/// A `--status` value that is not a code, a class or a list of them.
struct StatusFormatError: Error, CustomStringConvertible {
    var description: String { "expected a status code (409), a class (4xx), `failed`, or a comma-separated list of them" }
}

/// Runs a journal query with the best index for it.
///
/// A request id uses the request index; a resource, the resource index; one tenant's time window,
/// the tenant-time index; `--all-tenants`, a scan of the journal. The other filters are applied to
/// what the index returns. Results are in the order they were received.
struct JournalQuery {
    let directory: DataDirectory
    let tenant: String
    let filters: JournalFilter

    func run() throws -> [JournalEntry] {
        let journal = try directory.requireJournal()
        let resource = try filters.resource.map { try ResourceResolver(directory: directory, tenant: tenant).resolve($0) }
        let entries: [JournalEntry] = try directory.store.read { reader in
            if let requestID = filters.requestID {
                return try journal.entries(requestID: requestID, reader)
            }
            if let resource {
                return try journal.entries(tenant: tenant, resourceType: resource.kind.rawValue, id: resource.id, reader)
            }
            if filters.allTenants {
                var all: [JournalEntry] = []
                try journal.forEach(reader) { entry in
                    if matches(entry) { all.append(entry) }
                    return true
                }
                return all
            }
            return try journal.entries(
                tenant: tenant, from: filters.from ?? Timestamp(microsecondsSince1970: .min),
                to: filters.to ?? Timestamp(microsecondsSince1970: .max), reader)
        }
        return entries.filter(matches).sorted { ($0.receivedAt, $0.sequence) < ($1.receivedAt, $1.sequence) }
    }

    /// A request path as a person reads it: `+` and percent escapes decoded (`filter=userName eq "x"`).
    static func decodedPath(_ path: String) -> String {
        path.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? path
    }

    private func matches(_ entry: JournalEntry) -> Bool {
        if !filters.allTenants, entry.tenant != tenant { return false }
        if let from = filters.from, entry.receivedAt < from { return false }
        if let to = filters.to, entry.receivedAt >= to { return false }
        if let status = filters.status, !status.matches(entry.status) { return false }
        if let method = filters.method, !entry.method.equalsIgnoringASCIICase(method) { return false }
        if let path = filters.path {
            let decoded = Self.decodedPath(entry.path)
            guard entry.path.localizedCaseInsensitiveContains(path) || decoded.localizedCaseInsensitiveContains(path) else { return false }
        }
        return true
    }
}
