import EventLog

/// Everything that can happen to tenants and their bearer tokens, as recorded in the log.
///
/// Streams: a tenant is stream `(tenant: id, type: "Tenant", id: id)`; a token is stream
/// `(tenant: its tenant, type: "Token", id: token id)`, so a tenant's tokens share its key prefix.
///
/// Guarantees: each case has a stable type string (``type``) and a binary JSON payload at schema
/// version 1; an event decoded from the log equals the event encoded into it. No payload holds a
/// token secret: `token.issued` carries only its ``TokenHash``.
///
/// | type | payload |
/// |---|---|
/// | `tenant.created` | `{name, displayName?}` |
/// | `tenant.disabled`, `tenant.enabled`, `tenant.deleted` | `{}` |
/// | `token.issued` | `{tokenID, tenant, name, scopes, hash, expiresAt?, createdBy}` |
/// | `token.revoked` | `{tokenID, reason?}` |
public enum TenancyEvent: Sendable, Hashable {
    case tenantCreated(name: String, displayName: String?)
    case tenantDisabled
    case tenantEnabled
    case tenantDeleted
    case tokenIssued(TokenIssued)
    case tokenRevoked(tokenID: String, reason: String?)

    /// The payload of `token.issued`.
    public struct TokenIssued: Sendable, Hashable {
        public var tokenID: String
        public var tenant: String
        public var name: String
        /// Sorted, without duplicates.
        public var scopes: [TokenScope]
        public var hash: TokenHash
        /// `nil` for a token that never expires (what Entra wants).
        public var expiresAt: Timestamp?
        /// The actor that issued the token.
        public var createdBy: String
    }

    /// The stream type of tenants.
    public static let tenantStreamType = "Tenant"
    /// The stream type of tokens.
    public static let tokenStreamType = "Token"

    /// The stream of tenant `id`.
    public static func tenantStream(_ id: String) -> StreamID { StreamID(tenant: id, type: tenantStreamType, id: id) }

    /// The stream of token `tokenID` of `tenant`.
    public static func tokenStream(tenant: String, tokenID: String) -> StreamID {
        StreamID(tenant: tenant, type: tokenStreamType, id: tokenID)
    }

    /// The stable type string stored in the envelope.
    public var type: String {
        switch self {
        case .tenantCreated: "tenant.created"
        case .tenantDisabled: "tenant.disabled"
        case .tenantEnabled: "tenant.enabled"
        case .tenantDeleted: "tenant.deleted"
        case .tokenIssued: "token.issued"
        case .tokenRevoked: "token.revoked"
        }
    }

    /// Every type string of the catalogue.
    public static let allTypes: Set<String> = [
        "tenant.created", "tenant.disabled", "tenant.enabled", "tenant.deleted", "token.issued", "token.revoked",
    ]

    /// The payload schema version this code writes.
    public static let currentSchemaVersion: UInt16 = 1

    /// The event as a log entry of `tenant` (for token events the stream id is the token id).
    public func proposed(tenant: String, expectedRevision: ExpectedRevision, id: EventID = .random()) -> ProposedEvent {
        let stream: StreamID
        switch self {
        case .tenantCreated, .tenantDisabled, .tenantEnabled, .tenantDeleted: stream = Self.tenantStream(tenant)
        case .tokenIssued(let issued): stream = Self.tokenStream(tenant: tenant, tokenID: issued.tokenID)
        case .tokenRevoked(let tokenID, _): stream = Self.tokenStream(tenant: tenant, tokenID: tokenID)
        }
        return ProposedEvent(
            id: id, type: type, schemaVersion: Self.currentSchemaVersion, stream: stream, expectedRevision: expectedRevision,
            payload: payload().binaryEncoded())
    }

    /// The payload as a JSON object (also how `replay` shows events).
    public func payload() -> JSONValue {
        var object = JSONObject()
        switch self {
        case .tenantCreated(let name, let displayName):
            object["name"] = .string(name)
            object["displayName"] = displayName.map(JSONValue.string)
        case .tenantDisabled, .tenantEnabled, .tenantDeleted:
            break
        case .tokenIssued(let issued):
            object["tokenID"] = .string(issued.tokenID)
            object["tenant"] = .string(issued.tenant)
            object["name"] = .string(issued.name)
            object["scopes"] = .array(issued.scopes.map { .string($0.rawValue) })
            object["hash"] = .string(issued.hash.description)
            object["expiresAt"] = issued.expiresAt.map { .string($0.iso8601Microseconds) }
            object["createdBy"] = .string(issued.createdBy)
        case .tokenRevoked(let tokenID, let reason):
            object["tokenID"] = .string(tokenID)
            object["reason"] = reason.map(JSONValue.string)
        }
        return .object(object)
    }

    /// Decodes a recorded event of the catalogue; `nil` for types this catalogue does not own.
    ///
    /// - Throws: ``TenancyEventDecodingError`` for a known type whose payload does not decode.
    public init?(_ event: RecordedEvent) throws {
        guard Self.allTypes.contains(event.type) else { return nil }
        let object: JSONObject
        do {
            object = try JSONValue(binary: event.payload).objectValue ?? JSONObject()
        } catch {
            throw TenancyEventDecodingError(type: event.type, reason: "\(error)")
        }
        self = try Self.decode(type: event.type, object)
    }

    private static func decode(type: String, _ object: JSONObject) throws(TenancyEventDecodingError) -> TenancyEvent {
        func string(_ key: String) throws(TenancyEventDecodingError) -> String {
            guard let value = object[key]?.stringValue else { throw TenancyEventDecodingError(type: type, reason: "no \(key)") }
            return value
        }
        switch type {
        case "tenant.created":
            return .tenantCreated(name: try string("name"), displayName: object["displayName"]?.stringValue)
        case "tenant.disabled": return .tenantDisabled
        case "tenant.enabled": return .tenantEnabled
        case "tenant.deleted": return .tenantDeleted
        case "token.issued":
            guard let hash = TokenHash(text: try string("hash")) else { throw TenancyEventDecodingError(type: type, reason: "malformed hash") }
            var expiresAt: Timestamp?
            if let text = object["expiresAt"]?.stringValue {
                guard let parsed = Timestamp(iso8601: text) else { throw TenancyEventDecodingError(type: type, reason: "malformed expiresAt") }
                expiresAt = parsed
            }
            let scopes = TokenScope.known((object["scopes"]?.arrayValue ?? []).compactMap(\.stringValue))
            return .tokenIssued(TokenIssued(
                tokenID: try string("tokenID"), tenant: try string("tenant"), name: try string("name"), scopes: scopes, hash: hash,
                expiresAt: expiresAt, createdBy: try string("createdBy")))
        case "token.revoked":
            return .tokenRevoked(tokenID: try string("tokenID"), reason: object["reason"]?.stringValue)
        default:
            throw TenancyEventDecodingError(type: type, reason: "unknown type")
        }
    }
}

/// A recorded tenancy event whose payload does not decode.
public struct TenancyEventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var reason: String
    public var description: String { "cannot decode \(type) event: \(reason)" }
}
