import EventLog
import Projections

/// What write commands need besides the request: the tables to decide from, the journal to
/// record in, and the tenant's policy.
struct WriteEnvironment: Sendable {
    let projection: DirectoryProjection
    let journal: RequestJournal
    let policy: TenantPolicy
}

/// One SCIM write (POST, PUT, PATCH or DELETE of a User or Group) as a command for the log's writer.
///
/// Guarantees:
/// - ``decide(_:)`` reads the resource, the uniqueness indexes and the membership inside the write
///   transaction, so its checks see every write committed or decided before it, and either returns
///   the events (none for a request that changes nothing) or throws the `SCIMError` to answer.
///   It does no slow work: bodies are validated and passwords hashed before the command is queued.
/// - ``finish(_:_:)`` renders the exact response from the projection as the transaction left it
///   (read-your-writes) and journals the request with it, in the same transaction: one render,
///   and a journaled write is exactly as durable as its events. Rejections are journaled too.
struct ResourceWrite: WriteCommand {
    enum Action: Sendable {
        case create(ValidatedResource, passwordHash: String?)
        case replace(ValidatedResource, passwordHash: String?)
        /// `passwordHashes` maps each password the PATCH sets to its hash, computed beforehand.
        case patch(PatchRequest, passwordHashes: [String: String])
        case delete
    }

    let kind: ResourceKind
    /// The resource's id (for a create, the new id: `EventID.random()`, time-ordered).
    let id: String
    let action: Action
    let exchange: SCIMExchange
    /// The request body as the journal records it, redacted before the command was queued.
    let journaledBody: String?
    /// What the response returns of the resource (`attributes`/`excludedAttributes` of the request).
    let selection: AttributeSelection
    let environment: WriteEnvironment

    var metadata: CommandMetadata { exchange.metadata }
    var tenant: String { exchange.tenant }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        let reader = try environment.projection.reader(state)
        var sequence = EventSequence(tenant: tenant)
        switch action {
        case .create(let validated, let hash):
            try decideCreate(validated, passwordHash: hash, reader, &sequence)
        case .replace(let validated, let hash):
            try decideReplace(validated, passwordHash: hash, reader, &sequence)
        case .patch(let request, let hashes):
            try decidePatch(request, passwordHashes: hashes, reader, &sequence)
        case .delete:
            try decideDelete(reader, &sequence)
        }
        return sequence.events
    }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> SCIMResponse {
        let response: SCIMResponse
        var positions: [Position] = []
        switch outcome {
        case .appended(let events):
            positions = events.map(\.position)
            let reader = try environment.projection.reader(txn.reader)
            response = try success(reader)
        case .rejected(let error):
            response = .error(SCIMError.from(error))
        }
        try environment.journal.record(exchange.journalEntry(response, requestBody: journaledBody, resource: (kind, id), positions: positions), in: txn)
        return response
    }

    /// The response to a write that was applied (or that changed nothing).
    private func success(_ reader: borrowing DirectoryReader) throws -> SCIMResponse {
        if case .delete = action { return .empty(204) }
        guard let stored = try reader.resource(kind, tenant: tenant, id: id) else {
            return .error(.notFound("\(kind.rawValue) \(id) not found."))
        }
        let representation = ResourceRepresentation(kind: kind, tenant: tenant, baseURL: exchange.baseURL, selection: selection)
        let body = try representation.render(stored, reader)
        var headers = [SCIMResponse.Header("ETag", stored.etag)]
        if case .create = action {
            headers.append(SCIMResponse.Header("Location", exchange.location(kind, id)))
            return .json(201, .object(body), headers: headers)
        }
        return .json(200, .object(body), headers: headers)
    }

    /// The stored resource the request addresses, after its preconditions hold.
    /// - Throws: 404 when it does not exist, 412 when `If-Match`/`If-None-Match` fail.
    func current(_ reader: borrowing DirectoryReader) throws -> StoredResource {
        guard let stored = try reader.resource(kind, tenant: tenant, id: id) else {
            throw SCIMError.notFound("\(kind.rawValue) \(id) not found.")
        }
        try Preconditions.check(exchange, currentETag: stored.etag)
        return stored
    }
}
