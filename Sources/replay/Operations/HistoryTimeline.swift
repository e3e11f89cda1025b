import EventLog
import Projections

/// One line of a resource's history: a journaled request (with the events it produced), or an
/// event no journaled request accounts for (its entry was pruned, or another resource's change
/// caused it).
enum HistoryItem: Sendable {
    case request(JournalEntry, events: [RecordedEvent])
    case event(RecordedEvent)

    var time: Timestamp {
        switch self {
        case .request(let entry, _): entry.receivedAt
        case .event(let event): event.recordedAt
        }
    }

    /// Orders items of the same instant: by the first position they show, requests before events.
    fileprivate var tieBreak: (UInt64, Int, UInt64) {
        switch self {
        case .request(let entry, let events): (events.first?.position.rawValue ?? UInt64.max, 0, entry.sequence)
        case .event(let event): (event.position.rawValue, 1, 0)
        }
    }
}

/// Merges a stream's events and the journaled requests that touched it, in time order.
enum HistoryTimeline {
    /// - Parameters:
    ///   - events: the stream's events, in revision order.
    ///   - entries: journal entries about the resource or sharing a request id with its events.
    static func merge(events: [RecordedEvent], entries: [JournalEntry]) -> [HistoryItem] {
        var claimed: Set<Position> = []
        var items: [HistoryItem] = []
        var seen: Set<UInt64> = []
        for entry in entries where seen.insert(entry.sequence).inserted {
            let produced = Set(entry.positions)
            let own = events.filter { produced.contains($0.position) }
            claimed.formUnion(own.map(\.position))
            items.append(.request(entry, events: own))
        }
        for event in events where !claimed.contains(event.position) {
            items.append(.event(event))
        }
        return items.sorted { a, b in
            if a.time != b.time { return a.time < b.time }
            return a.tieBreak < b.tieBreak
        }
    }
}
