import EventLog

/// The lifecycle state of a tenant.
public enum TenantState: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Its tokens authenticate; tokens can be issued.
    case active = 0
    /// Its tokens are refused (``AuthenticationFailure/Reason/tenantDisabled``); it can be enabled again.
    case disabled = 1
    /// Final: its tokens are refused, its directory is unreachable, its id is never reused.
    case deleted = 2

    public var description: String {
        switch self {
        case .active: "active"
        case .disabled: "disabled"
        case .deleted: "deleted"
        }
    }
}

/// A tenant as the tenancy projection knows it.
public struct TenantRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var displayName: String?
    public var state: TenantState
    /// When `tenant.created` was recorded.
    public var createdAt: Timestamp
    /// When the tenant's last event was recorded.
    public var updatedAt: Timestamp
    /// The revision of the tenant's stream (for optimistic concurrency).
    public var revision: UInt64

    /// Row layout (format 1): format byte, name, displayName flag (0/1) and string, state byte,
    /// created and updated microseconds (zig-zag varints), revision (varint).
    func row() -> [UInt8] {
        var writer = BinaryWriter(capacity: 48 + name.utf8.count)
        writer.write(1)
        writer.write(string: name)
        writer.write(optional: displayName)
        writer.write(state.rawValue)
        writer.write(zigzag: createdAt.microseconds)
        writer.write(zigzag: updatedAt.microseconds)
        writer.write(varint: revision)
        return writer.bytes
    }

    init(id: String, name: String, displayName: String?, state: TenantState, createdAt: Timestamp, updatedAt: Timestamp, revision: UInt64) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revision = revision
    }

    init(id: String, row: UnsafeRawBufferPointer) throws {
        var reader = BinaryReader(row)
        guard try reader.readByte() == 1 else { throw BinaryDecodingError.malformed("unknown tenant row format", at: 0) }
        self.id = id
        name = try reader.readString()
        displayName = try reader.readOptionalString()
        guard let state = TenantState(rawValue: try reader.readByte()) else { throw BinaryDecodingError.malformed("unknown tenant state", at: reader.offset) }
        self.state = state
        createdAt = Timestamp(microsecondsSince1970: try reader.readZigzag())
        updatedAt = Timestamp(microsecondsSince1970: try reader.readZigzag())
        revision = try reader.readVarint()
    }
}

/// A bearer token's metadata as the tenancy projection knows it (never its secret).
public struct TokenRecord: Sendable, Hashable {
    /// Where a token stands at a given moment.
    public enum Status: String, Sendable, Hashable {
        case active, expired, revoked
    }

    public var id: String
    public var tenant: String
    public var name: String
    /// Sorted, without duplicates.
    public var scopes: [TokenScope]
    /// The stored digest; authentication compares against it.
    var hash: TokenHash
    /// `nil` for a token that never expires.
    public var expiresAt: Timestamp?
    public var createdAt: Timestamp
    public var createdBy: String
    public var revokedAt: Timestamp?
    public var revokedBy: String?
    public var revocationReason: String?
    /// The revision of the token's stream.
    public var revision: UInt64

    /// Revoked beats expired: a revoked token stays revoked after its expiry.
    public func status(at now: Timestamp) -> Status {
        if revokedAt != nil { return .revoked }
        if let expiresAt, now >= expiresAt { return .expired }
        return .active
    }

    /// Whether the token carries `scope`.
    public func allows(_ scope: TokenScope) -> Bool { scopes.contains(scope) }

    /// Row layout (format 1): format byte, tenant, name, scope count and scope strings, hash
    /// (length-prefixed bytes), expiry flag and microseconds, created microseconds, createdBy,
    /// revocation flag then (microseconds, revokedBy, reason flag and string), revision.
    func row() -> [UInt8] {
        var writer = BinaryWriter(capacity: 128 + name.utf8.count)
        writer.write(1)
        writer.write(string: tenant)
        writer.write(string: name)
        writer.write(varint: UInt64(scopes.count))
        for scope in scopes { writer.write(string: scope.rawValue) }
        writer.write(lengthPrefixed: hash.bytes)
        writer.write(optional: expiresAt)
        writer.write(zigzag: createdAt.microseconds)
        writer.write(string: createdBy)
        if let revokedAt {
            writer.write(1)
            writer.write(zigzag: revokedAt.microseconds)
            writer.write(string: revokedBy ?? "")
            writer.write(optional: revocationReason)
        } else {
            writer.write(0)
        }
        writer.write(varint: revision)
        return writer.bytes
    }

    init(issued: TenancyEvent.TokenIssued, createdAt: Timestamp, revision: UInt64) {
        id = issued.tokenID
        tenant = issued.tenant
        name = issued.name
        scopes = issued.scopes
        hash = issued.hash
        expiresAt = issued.expiresAt
        self.createdAt = createdAt
        createdBy = issued.createdBy
        self.revision = revision
    }

    init(id: String, row: UnsafeRawBufferPointer) throws {
        var reader = BinaryReader(row)
        guard try reader.readByte() == 1 else { throw BinaryDecodingError.malformed("unknown token row format", at: 0) }
        self.id = id
        tenant = try reader.readString()
        name = try reader.readString()
        let count = try reader.readVarint()
        guard count <= 16 else { throw BinaryDecodingError.malformed("too many scopes", at: reader.offset) }
        var scopeNames: [String] = []
        for _ in 0..<count { scopeNames.append(try reader.readString()) }
        scopes = TokenScope.known(scopeNames)
        hash = TokenHash(bytes: try reader.readBytes())
        expiresAt = try reader.readOptionalTimestamp()
        createdAt = Timestamp(microsecondsSince1970: try reader.readZigzag())
        createdBy = try reader.readString()
        if try reader.readByte() == 1 {
            revokedAt = Timestamp(microsecondsSince1970: try reader.readZigzag())
            revokedBy = try reader.readString()
            revocationReason = try reader.readOptionalString()
        }
        revision = try reader.readVarint()
    }
}

/// A token in a listing: its metadata and when it last authenticated a request.
public struct TokenListing: Sendable, Hashable {
    public var token: TokenRecord
    /// When the token last authenticated a request, to within ``TokenUseThrottle/interval``
    /// (`nil`: never, or not since the journal of uses began).
    public var lastUsedAt: Timestamp?
}

extension BinaryWriter {
    fileprivate mutating func write(optional string: String?) {
        if let string {
            write(1)
            write(string: string)
        } else {
            write(0)
        }
    }

    fileprivate mutating func write(optional time: Timestamp?) {
        if let time {
            write(1)
            write(zigzag: time.microseconds)
        } else {
            write(0)
        }
    }
}

extension BinaryReader {
    fileprivate mutating func readOptionalString() throws(BinaryDecodingError) -> String? {
        try readByte() == 1 ? try readString() : nil
    }

    fileprivate mutating func readOptionalTimestamp() throws(BinaryDecodingError) -> Timestamp? {
        try readByte() == 1 ? Timestamp(microsecondsSince1970: try readZigzag()) : nil
    }
}
