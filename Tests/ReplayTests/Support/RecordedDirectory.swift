import EventLog
import Foundation
import Projections

#if canImport(Glibc)
import Glibc
#endif

/// A data directory written the way the server writes one: each SCIM request is one write command
/// that appends the events its decision produced and journals the request (with the positions of
/// those events) in the same transaction; rejected and no-op requests append nothing but are
/// journaled all the same.
///
/// Every request is separated from the next by a few milliseconds, so every time in the directory
/// is distinct at the millisecond precision `replay` prints, which is what makes
/// ``TimeNormaliser`` deterministic.
///
/// `@unchecked Sendable`: its mutable state (the open store, the times, the request counter) is
/// changed only while one task writes the directory, before the value is shared with the tests,
/// which then only read it.
final class RecordedDirectory: @unchecked Sendable {
    let path: String
    private(set) var environment: LMDBEnvironment?
    private(set) var store: EventStore?
    private(set) var projection: DirectoryProjection?
    private(set) var journal: RequestJournal?
    /// Every time written: requests' arrival and events' commit times.
    private(set) var times: [Timestamp] = []
    private var requestNumber = 0

    /// - Parameter codeVersion: the projection version the "server" writes (older versions test `rebuild`).
    /// - Parameter path: where to write it (a fresh temporary directory when `nil`).
    init(codeVersion: Int = DirectoryProjection.currentVersion, path: String? = nil) throws {
        let path = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("replay-tests-\(UUID().uuidString)").path
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let environment = try LMDBEnvironment(path: path, configuration: .init(mapSize: 256 << 20))
        let projection = try DirectoryProjection(environment: environment, codeVersion: codeVersion)
        self.projection = projection
        journal = try RequestJournal(environment: environment)
        store = try EventStore(environment: environment, projections: [projection])
        self.environment = environment
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Stops the writer and closes the environment (so another process may open it writable).
    func close() {
        store?.shutdown()
        store = nil
        projection = nil
        journal = nil
        environment = nil
    }

    /// The outcome of one request.
    struct Outcome {
        var entry: JournalEntry
        var events: [RecordedEvent]
        var position: Position? { events.last?.position }
    }

    /// Sends one request's effects: its events (for the resource `id`) and its journal entry.
    @discardableResult
    func request(
        _ method: String, _ path: String, body: String? = nil, status: Int, tenant: String = "default",
        resource: (ResourceKind, String)? = nil, events: [DirectoryEvent] = [], scimType: String? = nil, detail: String? = nil,
        resultCount: Int? = nil, returnedIDs: [String] = []
    ) async throws -> Outcome {
        guard let store, let journal else { throw CancellationError() }
        requestNumber += 1
        let number = String(requestNumber)
        let requestID = "req-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
        let clientID = "c1e7-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
        pause()
        let receivedAt = Timestamp.now()
        times.append(receivedAt)
        pause()
        let entry = JournalEntry(
            receivedAt: receivedAt, tenant: tenant, actor: "token:entra", requestID: requestID, clientRequestID: clientID,
            method: method, path: path, headers: ["content-type": "application/scim+json"], requestBody: body, status: status,
            scimType: scimType, detail: detail, resourceType: resource?.0.rawValue, resourceID: resource?.1, resultCount: resultCount,
            returnedIDs: returnedIDs, latencyMicroseconds: Int64(900 + 37 * requestNumber))
        let proposed = resource.map { kind, id in events.map { $0.proposed(tenant: tenant, id: id) } } ?? []
        let outcome = try await store.execute(EntraRequest(journal: journal, entry: entry, events: proposed))
        times.append(contentsOf: outcome.events.map(\.recordedAt))
        return outcome
    }

    private func pause() { usleep(3_000) }
}

/// The server's shape of a write: decided events, then the journal entry, in one transaction.
struct EntraRequest: WriteCommand {
    let journal: RequestJournal
    let entry: JournalEntry
    let events: [ProposedEvent]

    var metadata: CommandMetadata {
        CommandMetadata(actor: entry.actor, requestID: entry.requestID, correlationID: entry.clientRequestID)
    }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { events }

    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws -> RecordedDirectory.Outcome {
        var entry = entry
        let recorded = outcome.events ?? []
        entry.positions = recorded.map(\.position)
        entry.sequence = try journal.record(entry, in: transaction)
        return RecordedDirectory.Outcome(entry: entry, events: recorded)
    }
}
