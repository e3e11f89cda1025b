import EventLog
import Projections

/// What `replay doctor` examines, gathered once: per tenant, the journaled requests of the window,
/// the user change events of the window, and the live users.
struct DoctorInput {
    /// A user change event, decoded.
    struct Change {
        var event: RecordedEvent
        var changes: [AttributeChange]
    }

    var tenants: [String]
    var entries: [String: [JournalEntry]] = [:]
    var changes: [String: [StreamID: [Change]]] = [:]
    var liveUsers: [String: [StoredResource]] = [:]
    /// The positions of the events examined (`nil` when the window holds none).
    var positions: ClosedRange<UInt64>?
    let directory: DataDirectory

    /// - Parameter tenant: one tenant, or `nil` for every tenant found in the log and the journal.
    init(directory: DataDirectory, tenant: String?, window: (from: Timestamp?, to: Timestamp?)) throws {
        self.directory = directory
        let store = directory.store
        var tenantsSeen: Set<String> = tenant.map { [$0] } ?? []
        let start = try window.from.flatMap { try store.firstPosition(atOrAfter: $0) }.map { Position($0.rawValue - 1) }
        let upcasters = store.configuration.upcasters
        let tenantBytes = tenant.map { Array($0.utf8) }
        var changes: [String: [StreamID: [Change]]] = [:]
        var first: UInt64?
        var last: UInt64?
        if window.from == nil || start != nil {
            let progress = Progress("reading the log", total: store.lastPosition.rawValue - (start ?? .start).rawValue)
            defer { progress.finish() }
            var done: UInt64 = 0
            try store.scan(after: start ?? .start) { view in
                done += 1
                progress.update(done)
                if let to = window.to, view.recordedAt >= to { return false }
                first = first ?? view.position.rawValue
                last = view.position.rawValue
                guard tenantBytes.map({ view.tenantBytes.elementsEqual($0) }) ?? true else { return true }
                if tenant == nil { tenantsSeen.insert(view.tenant) }
                guard view.isType("user.changed") || view.isType("user.replaced") else { return true }
                let event = try view.materialize(upcasters: upcasters)
                switch try DirectoryEvent(event) {
                case .userChanged(let list)?, .userReplaced(let list)?:
                    changes[event.tenant, default: [:]][event.stream, default: []].append(Change(event: event, changes: list))
                default:
                    break
                }
                return true
            }
        }
        if let first, let last { positions = first...last }
        self.changes = changes
        let journalFilters = JournalFilter(from: window.from, to: window.to, allTenants: tenant == nil)
        if directory.journal != nil {
            let all = try JournalQuery(directory: directory, tenant: tenant ?? "", filters: journalFilters).run()
            for entry in all {
                entries[entry.tenant, default: []].append(entry)
                tenantsSeen.insert(entry.tenant)
            }
        }
        tenants = tenantsSeen.sorted()
        if let projection = directory.projection {
            for name in tenants {
                liveUsers[name] = try projection.read { reader in
                    var users: [StoredResource] = []
                    try reader.forEachResource(.user, tenant: name) { users.append($0); return true }
                    return users
                }
            }
        }
    }
}
