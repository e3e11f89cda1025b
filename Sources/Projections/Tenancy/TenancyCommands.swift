import EventLog

/// Creates a tenant (`tenant.created`, expecting no stream: ids are never reused).
struct CreateTenant: WriteCommand {
    let projection: TenancyProjection
    let id: String
    let name: String
    let displayName: String?
    let eventID: EventID
    let metadata: CommandMetadata

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        if try projection.reader(state).tenant(id) != nil {
            throw TenancyError(.tenantExists, "tenant \"\(id)\" already exists (ids of deleted tenants are not reused)")
        }
        return [TenancyEvent.tenantCreated(name: name, displayName: displayName).proposed(tenant: id, expectedRevision: .noStream, id: eventID)]
    }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> Result<TenantRecord, any Error> {
        if case .rejected(let error as AppendRejection) = outcome, case .wrongExpectedRevision = error {
            return .failure(TenancyError(.tenantExists, "tenant \"\(id)\" already exists"))
        }
        return try TenancyOutcome.tenant(id, outcome, projection, txn)
    }
}

/// Disables, enables or deletes a tenant, at the revision the decision saw.
struct ChangeTenantState: WriteCommand {
    enum Change: Sendable { case disable, enable, delete }

    let projection: TenancyProjection
    let id: String
    let change: Change
    let eventID: EventID
    let metadata: CommandMetadata

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        guard let tenant = try projection.reader(state).tenant(id) else { throw TenancyError(.unknownTenant, "no tenant \"\(id)\"") }
        guard tenant.state != .deleted else { throw TenancyError(.tenantDeleted, "tenant \"\(id)\" was deleted") }
        let event: TenancyEvent
        switch change {
        case .disable:
            guard tenant.state != .disabled else { return [] }
            event = .tenantDisabled
        case .enable:
            guard tenant.state != .active else { return [] }
            event = .tenantEnabled
        case .delete:
            guard tenant.state == .disabled else { throw TenancyError(.tenantActive, "disable tenant \"\(id)\" before deleting it") }
            event = .tenantDeleted
        }
        return [event.proposed(tenant: id, expectedRevision: .exact(tenant.revision), id: eventID)]
    }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> Result<TenantRecord, any Error> {
        try TenancyOutcome.tenant(id, outcome, projection, txn)
    }
}

/// Issues a token (`token.issued`, expecting no stream) for an active tenant.
struct IssueToken: WriteCommand {
    let projection: TenancyProjection
    let issued: TenancyEvent.TokenIssued
    let eventID: EventID
    let metadata: CommandMetadata

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        let reader = try projection.reader(state)
        try TenancyOutcome.requireActive(try reader.tenant(issued.tenant), id: issued.tenant)
        guard try reader.token(issued.tokenID) == nil else {
            throw TenancyError(.concurrentChange, "token id \(issued.tokenID) is taken; issue again")
        }
        return [TenancyEvent.tokenIssued(issued).proposed(tenant: issued.tenant, expectedRevision: .noStream, id: eventID)]
    }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> Result<TokenRecord, any Error> {
        try TenancyOutcome.token(issued.tokenID, outcome, projection, txn)
    }
}

/// Revokes a token (`token.revoked`); revoking a revoked token changes nothing.
struct RevokeToken: WriteCommand {
    let projection: TenancyProjection
    let tokenID: String
    let reason: String?
    let eventID: EventID
    let metadata: CommandMetadata

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        guard let token = try projection.reader(state).token(tokenID) else { throw TenancyError(.unknownToken, "no token \(tokenID)") }
        guard token.revokedAt == nil else { return [] }
        return [
            TenancyEvent.tokenRevoked(tokenID: tokenID, reason: reason)
                .proposed(tenant: token.tenant, expectedRevision: .exact(token.revision), id: eventID)
        ]
    }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> Result<TokenRecord, any Error> {
        try TenancyOutcome.token(tokenID, outcome, projection, txn)
    }
}

/// Creates the default tenant and its first tokens, atomically, when no tenant was ever created.
struct BootstrapTenancy: WriteCommand {
    struct Created: Sendable {
        var tenant: TenantRecord
        /// In the order of ``issued``.
        var tokens: [TokenRecord]
    }

    let projection: TenancyProjection
    let tenantID: String
    let tenantName: String
    let issued: [TenancyEvent.TokenIssued]
    /// One for the tenant, then one per token.
    let eventIDs: [EventID]
    let metadata: CommandMetadata

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] {
        guard try projection.reader(state).hasNoTenants() else { return [] }
        let tenant = TenancyEvent.tenantCreated(name: tenantName, displayName: nil)
            .proposed(tenant: tenantID, expectedRevision: .noStream, id: eventIDs[0])
        return [tenant] + zip(issued, eventIDs.dropFirst()).map { token, id in
            TenancyEvent.tokenIssued(token).proposed(tenant: tenantID, expectedRevision: .noStream, id: id)
        }
    }

    func finish(_ outcome: CommandOutcome, _ txn: borrowing WriteTransaction) throws -> Result<Created?, any Error> {
        switch outcome {
        case .rejected(let error):
            return .failure(error)
        case .appended(let events) where events.isEmpty:
            return .success(nil)
        case .appended:
            let reader = try projection.reader(txn.reader)
            guard let tenant = try reader.tenant(tenantID) else {
                return .failure(TenancyError(.unknownTenant, "the default tenant is missing after its creation"))
            }
            var tokens: [TokenRecord] = []
            for token in issued {
                guard let record = try reader.token(token.tokenID) else {
                    return .failure(TenancyError(.unknownToken, "a bootstrap token is missing after its creation"))
                }
                tokens.append(record)
            }
            return .success(Created(tenant: tenant, tokens: tokens))
        }
    }
}

/// Shared pieces of the tenancy commands.
enum TenancyOutcome {
    /// Throws unless `tenant` exists and is active.
    static func requireActive(_ tenant: TenantRecord?, id: String) throws(TenancyError) {
        guard let tenant else { throw TenancyError(.unknownTenant, "no tenant \"\(id)\"") }
        switch tenant.state {
        case .active: return
        case .disabled: throw TenancyError(.tenantDisabled, "tenant \"\(id)\" is disabled")
        case .deleted: throw TenancyError(.tenantDeleted, "tenant \"\(id)\" was deleted")
        }
    }

    /// The tenant as the transaction now has it, or the refusal.
    static func tenant(
        _ id: String, _ outcome: CommandOutcome, _ projection: TenancyProjection, _ txn: borrowing WriteTransaction
    ) throws -> Result<TenantRecord, any Error> {
        if case .rejected(let error) = outcome { return .failure(translate(error)) }
        guard let tenant = try projection.reader(txn.reader).tenant(id) else { return .failure(TenancyError(.unknownTenant, "no tenant \"\(id)\"")) }
        return .success(tenant)
    }

    /// The token as the transaction now has it, or the refusal.
    static func token(
        _ id: String, _ outcome: CommandOutcome, _ projection: TenancyProjection, _ txn: borrowing WriteTransaction
    ) throws -> Result<TokenRecord, any Error> {
        if case .rejected(let error) = outcome { return .failure(translate(error)) }
        guard let token = try projection.reader(txn.reader).token(id) else { return .failure(TenancyError(.unknownToken, "no token \(id)")) }
        return .success(token)
    }

    /// A revision conflict becomes ``TenancyError/Code/concurrentChange``; other errors pass through.
    static func translate(_ error: any Error) -> any Error {
        if let rejection = error as? AppendRejection, case .wrongExpectedRevision = rejection {
            return TenancyError(.concurrentChange, "\(rejection)")
        }
        return error
    }
}
