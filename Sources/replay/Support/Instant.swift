import EventLog
import Projections

/// A point in the log named on the command line: a time (RFC 3339 or a date) or a log position.
///
/// `2026-03-01T09:30:00Z`, `2026-03-01T10:30:00.250+01:00` and `2026-03-01` (midnight UTC) are
/// times; a plain number such as `1234` is a position. "At a time" means after every event
/// recorded at or before it; "at a position" means after the event at that position.
enum Instant: Sendable, Hashable {
    case time(Timestamp)
    case position(Position)

    /// Parses a command-line value (the `transform` of options and arguments).
    static func parse(_ text: String) throws -> Instant {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard let raw = UInt64(text) else { throw InstantFormatError(text: text, positionsAllowed: true) }
            return .position(Position(raw))
        }
        guard let time = Timestamp(iso8601: text) else { throw InstantFormatError(text: text, positionsAllowed: true) }
        return .time(time)
    }

    /// The log position this instant stands for in `store`: the last event at or before it.
    ///
    /// - Throws: when a position is past the end of the log.
    func resolve(in store: EventStore) throws -> LogPoint {
        let last = store.lastPosition
        switch self {
        case .position(let position):
            guard position <= last else {
                throw ReplayError(
                    "position \(position) is past the end of the log (the last event is at position \(last))",
                    remedy: "pick a position up to \(last), or a time", exitCode: ExitStatus.notFound)
            }
            return LogPoint(position: position, recordedAt: try store.event(at: position)?.recordedAt, requested: nil)
        case .time(let time):
            let after = Timestamp(microsecondsSince1970: time.microseconds + 1)
            let position = try store.firstPosition(atOrAfter: after).map { Position($0.rawValue - 1) } ?? last
            return LogPoint(position: position, recordedAt: try store.event(at: position)?.recordedAt, requested: time)
        }
    }
}

/// An instant resolved against the log.
struct LogPoint: Sendable, Hashable {
    /// The last event included (`.start`: none).
    var position: Position
    /// When that event was recorded (`nil` for `.start`).
    var recordedAt: Timestamp?
    /// The time asked for, when the instant was a time.
    var requested: Timestamp?

    /// `2026-03-01T09:30:00.000Z (position 12)` or `position 12 (recorded 2026-…)`.
    var label: String {
        if let requested { return "\(Describe.time(requested)) (position \(position))" }
        if let recordedAt { return "position \(position) (recorded \(Describe.time(recordedAt)))" }
        return "position \(position) (before the first event)"
    }

    /// The point in machine output: `{"position": 12, "recordedAt": "…", "requested": "…"}`.
    var jsonValue: JSONValue {
        var object = JSONObject()
        object["position"] = RecordJSON.integer(position.rawValue)
        object["recordedAt"] = recordedAt.map(RecordJSON.time)
        object["requested"] = requested.map(RecordJSON.time)
        return .object(object)
    }
}

/// A command-line value that is not a time (or position).
struct InstantFormatError: Error, CustomStringConvertible {
    var text: String
    var positionsAllowed: Bool

    var description: String {
        let times = "an RFC 3339 time such as 2026-03-01T09:30:00Z (or with an offset, +01:00), or a date such as 2026-03-01"
        return positionsAllowed ? "expected \(times), or a log position such as 1234" : "expected \(times)"
    }
}

/// Parses time-only options (`--from`, `--to`).
enum TimeArgument {
    static func parse(_ text: String) throws -> Timestamp {
        guard let time = Timestamp(iso8601: text) else { throw InstantFormatError(text: text, positionsAllowed: false) }
        return time
    }
}
