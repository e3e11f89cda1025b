import EventLog
import Projections

/// The journaled requests of one tenant between two instants, in the order the server processed them.
///
/// Guarantees:
/// - A request that appended events is in the window when all of them are after `from` and at or
///   before `to` (by log position): exactly the writes the state at `from` does not include.
///   Without `to`, the window runs to the end of the journal.
/// - A request that appended nothing (reads, rejections, no-op PATCHes) is in the window when it
///   arrived at or after `from` and before `to` (by time; an instant given as a position stands
///   for the time its event was recorded).
/// - Requests are in journal sequence order: the order the server's single writer committed
///   writes and journaled reads, which for a client that waits for each answer (Entra does, per
///   object) is the order they were sent.
enum ReplayWindow {
    static func requests(
        journal: RequestJournal, store: EventStore, tenant: String, from: LogPoint, to: LogPoint?
    ) throws -> [RecordedRequest] {
        let earliest = from.requested ?? from.recordedAt.map { Timestamp(microsecondsSince1970: $0.microseconds + 1) }
        let latest = to.flatMap { $0.requested ?? $0.recordedAt.map { Timestamp(microsecondsSince1970: $0.microseconds + 1) } }
        let last = to?.position ?? Position(.max)
        var selected: [RecordedRequest] = []
        try store.read { reader in
            try journal.forEach(reader) { entry in
                guard entry.tenant == tenant else { return true }
                if let first = entry.positions.min(), let lastPosition = entry.positions.max() {
                    guard first > from.position, lastPosition <= last else { return true }
                } else {
                    if let earliest, entry.receivedAt < earliest { return true }
                    if let latest, entry.receivedAt >= latest { return true }
                }
                selected.append(RecordedRequest(entry))
                return true
            }
        }
        return selected
    }
}
