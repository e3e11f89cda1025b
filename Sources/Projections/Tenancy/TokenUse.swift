import EventLog
import Synchronization

/// Records that a token authenticated a request: `tenancy.last_used[token id] = usedAt`.
///
/// Last use is deliberately not an event: it changes on nearly every request and says nothing
/// about who may do what. It is a primary record beside the log, like the request journal. Queue
/// it with ``EventStore/enqueue(_:)`` (a request must not wait for an fsync), gated by a
/// ``TokenUseThrottle`` so each token costs at most one write per interval.
///
/// Guarantees: the stored time never moves backwards (an older use arriving late changes nothing).
public struct RecordTokenUse: WriteCommand {
    public let projection: TenancyProjection
    public let tokenID: String
    public let usedAt: Timestamp

    public init(projection: TenancyProjection, tokenID: String, usedAt: Timestamp) {
        self.projection = projection
        self.tokenID = tokenID
        self.usedAt = usedAt
    }

    public var metadata: CommandMetadata { CommandMetadata(actor: "token:\(tokenID)", requestID: "token-use") }

    public func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    public func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {
        guard let table = projection.lastUsedTable else { return }
        let key = Array(tokenID.utf8)
        let stored = try transaction.reader.withValue(table, key: key) { Int64(bitPattern: LogTables.readUInt64($0)) }
        guard stored.map({ $0 < usedAt.microseconds }) ?? true else { return }
        var writer = BinaryWriter(capacity: 8)
        writer.write(bigEndian: UInt64(bitPattern: usedAt.microseconds))
        try transaction.put(table, key: key, value: writer.bytes)
    }
}

/// Lets at most one last-use record per token through per ``interval``.
///
/// Guarantees: thread-safe (a `Mutex`), O(1) per call, memory bounded by the number of tokens
/// that authenticate (only successful authentications reach it). Not persistent: after a restart
/// the first use of each token is recorded again.
public final class TokenUseThrottle: Sendable {
    /// The least time between two records of one token.
    public let interval: Duration
    private let intervalMicroseconds: Int64
    private let lastRecorded = Mutex<[String: Timestamp]>([:])

    public init(interval: Duration = .seconds(60)) {
        self.interval = interval
        self.intervalMicroseconds = TenancyTime.microseconds(interval) ?? Int64.max
    }

    /// `true` when a use of `tokenID` at `now` should be recorded (and remembers it), `false`
    /// when one was recorded less than ``interval`` earlier.
    public func shouldRecord(tokenID: String, at now: Timestamp) -> Bool {
        lastRecorded.withLock { recorded in
            if let last = recorded[tokenID], now >= last, now.microseconds - last.microseconds < intervalMicroseconds { return false }
            recorded[tokenID] = now
            return true
        }
    }
}

/// Conversions between `Duration` and the log's microsecond timestamps.
enum TenancyTime {
    /// `duration` in whole microseconds, or `nil` when it does not fit in 64 bits.
    static func microseconds(_ duration: Duration) -> Int64? {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return nil }
        let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        return overflow2 ? nil : total
    }

    /// `time` moved by `duration`, or `nil` on overflow.
    static func adding(_ duration: Duration, to time: Timestamp) -> Timestamp? {
        guard let micros = microseconds(duration) else { return nil }
        let (sum, overflow) = time.microseconds.addingReportingOverflow(micros)
        return overflow ? nil : Timestamp(microsecondsSince1970: sum)
    }
}
