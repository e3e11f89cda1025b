import EventLog

/// The request journal: every SCIM request, reads included, with its outcome.
///
/// Unlike the directory, the journal is not derived from the log (reads and rejected requests
/// append no events); it is a primary record, kept beside the log, and pruned by age
/// (``prune(olderThan:in:)``), while the event log is never pruned.
///
/// Guarantees: an entry is written in the same transaction as the events its request produced,
/// so a journaled write is exactly as durable as its events. Sequence numbers are gapless in
/// recording order. Lookups by tenant and time, by resource, and by request id are index scans.
///
/// | table | key | value |
/// |---|---|---|
/// | `journal` | sequence (8 BE) | entry |
/// | `journal.by_tenant_time` | tenant ‖ received-at (8 BE) ‖ sequence | — |
/// | `journal.by_resource` | tenant ‖ type ‖ id ‖ sequence | — |
/// | `journal.by_request` | request id or client-request-id ‖ sequence | — |
public final class RequestJournal: Sendable {
    /// Bodies longer than this are cut in the journal.
    public static let maximumBodyBytes = 64 * 1024

    let entries: Database
    let byTenantTime: Database
    let byResource: Database
    let byRequest: Database
    let environment: LMDBEnvironment

    public init(environment: LMDBEnvironment) throws(LMDBError) {
        let create = !environment.configuration.readOnly
        self.environment = environment
        entries = try environment.openDatabase("journal", create: create)
        byTenantTime = try environment.openDatabase("journal.by_tenant_time", create: create)
        byResource = try environment.openDatabase("journal.by_resource", create: create)
        byRequest = try environment.openDatabase("journal.by_request", create: create)
    }

    /// Records `entry` in `txn`, assigning its sequence number; returns the number.
    @discardableResult
    public func record(_ entry: JournalEntry, in txn: borrowing WriteTransaction) throws -> UInt64 {
        let last = try txn.reader.withLast(entries) { key, _ in LogTables.readUInt64(key) } ?? 0
        var entry = entry
        entry.sequence = last + 1
        let sequence = Self.sequenceKey(entry.sequence)
        try txn.put(entries, key: sequence, value: entry.encoded(), options: .append)
        try txn.put(byTenantTime, key: Self.timeKey(entry.tenant, entry.receivedAt) + sequence, value: [])
        if let type = entry.resourceType, let id = entry.resourceID {
            try txn.put(byResource, key: DirectoryKey.make(entry.tenant, type, id) + sequence, value: [])
        }
        var writer = BinaryWriter()
        writer.write(string: entry.requestID)
        try txn.put(byRequest, key: writer.bytes + sequence, value: [])
        if let client = entry.clientRequestID, client != entry.requestID {
            var clientKey = BinaryWriter()
            clientKey.write(string: client)
            try txn.put(byRequest, key: clientKey.bytes + sequence, value: [])
        }
        return entry.sequence
    }

    /// The entry with this sequence number.
    public func entry(_ sequence: UInt64, _ reader: borrowing TransactionReader) throws -> JournalEntry? {
        try reader.withValue(entries, key: Self.sequenceKey(sequence)) { try JournalEntry(stored: $0) }
    }

    /// Entries of `tenant` received in `[from, to)`, oldest first, at most `limit`.
    public func entries(
        tenant: String, from: Timestamp, to: Timestamp, limit: Int = .max, _ reader: borrowing TransactionReader
    ) throws -> [JournalEntry] {
        let prefix = DirectoryKey.tenant(tenant)
        let end = Self.timeKey(tenant, to)
        var sequences: [UInt64] = []
        try reader.scan(byTenantTime, prefix: prefix, from: Self.timeKey(tenant, from)) { key, _ in
            guard sequences.count < limit, Array(key.prefix(end.count)).lexicographicallyPrecedes(end) else { return false }
            sequences.append(LogTables.readUInt64(UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...])))
            return true
        }
        return try sequences.compactMap { try entry($0, reader) }
    }

    /// Entries that addressed one resource, oldest first.
    public func entries(tenant: String, resourceType: String, id: String, _ reader: borrowing TransactionReader) throws -> [JournalEntry] {
        try entries(withPrefix: DirectoryKey.make(tenant, resourceType, id), in: byResource, reader)
    }

    /// Entries whose request id or Entra `client-request-id` is `requestID`.
    public func entries(requestID: String, _ reader: borrowing TransactionReader) throws -> [JournalEntry] {
        var writer = BinaryWriter()
        writer.write(string: requestID)
        return try entries(withPrefix: writer.bytes, in: byRequest, reader)
    }

    /// Every entry in sequence order after `sequence`, while `body` returns `true`.
    public func forEach(after sequence: UInt64 = 0, _ reader: borrowing TransactionReader, _ body: (JournalEntry) throws -> Bool) throws {
        try reader.scan(entries, from: Self.sequenceKey(sequence + 1)) { _, value in try body(try JournalEntry(stored: value)) }
    }

    /// Deletes up to `limit` of the oldest entries received before `cutoff`; returns how many.
    @discardableResult
    public func prune(olderThan cutoff: Timestamp, limit: Int = 10_000, in txn: borrowing WriteTransaction) throws -> Int {
        var doomed: [JournalEntry] = []
        try txn.reader.scan(entries) { _, value in
            let entry = try JournalEntry(stored: value)
            guard entry.receivedAt < cutoff, doomed.count < limit else { return false }
            doomed.append(entry)
            return true
        }
        for entry in doomed {
            let sequence = Self.sequenceKey(entry.sequence)
            try txn.delete(entries, key: sequence)
            try txn.delete(byTenantTime, key: Self.timeKey(entry.tenant, entry.receivedAt) + sequence)
            if let type = entry.resourceType, let id = entry.resourceID {
                try txn.delete(byResource, key: DirectoryKey.make(entry.tenant, type, id) + sequence)
            }
            for request in Set([entry.requestID, entry.clientRequestID].compactMap { $0 }) {
                var writer = BinaryWriter()
                writer.write(string: request)
                try txn.delete(byRequest, key: writer.bytes + sequence)
            }
        }
        return doomed.count
    }

    private func entries(withPrefix prefix: [UInt8], in index: Database, _ reader: borrowing TransactionReader) throws -> [JournalEntry] {
        var sequences: [UInt64] = []
        try reader.scan(index, prefix: prefix) { key, _ in
            guard key.count == prefix.count + 8 else { return true }
            sequences.append(LogTables.readUInt64(UnsafeRawBufferPointer(rebasing: key[prefix.count...])))
            return true
        }
        return try sequences.compactMap { try entry($0, reader) }
    }

    static func sequenceKey(_ sequence: UInt64) -> [UInt8] {
        var writer = BinaryWriter(capacity: 8)
        writer.write(bigEndian: sequence)
        return writer.bytes
    }

    static func timeKey(_ tenant: String, _ time: Timestamp) -> [UInt8] {
        DirectoryKey.timelineTime(tenant, time)
    }
}

/// A write command that only journals a request (reads, and requests refused before a decision).
/// Queue it with ``EventStore/enqueue(_:)`` so a read never waits for an fsync.
public struct JournalRequest: WriteCommand {
    public let journal: RequestJournal
    public let entry: JournalEntry

    public init(journal: RequestJournal, entry: JournalEntry) {
        self.journal = journal
        self.entry = entry
    }

    public var metadata: CommandMetadata { CommandMetadata(actor: entry.actor, requestID: entry.requestID, correlationID: entry.clientRequestID) }

    public func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    public func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> UInt64 {
        try journal.record(entry, in: transaction)
    }
}
