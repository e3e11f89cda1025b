import EventLog

/// The LMDB tables of one version of the tenancy projection.
///
/// | table | key | value |
/// |---|---|---|
/// | `tenancy.v<N>.tenants` | tenant id | ``TenantRecord`` row |
/// | `tenancy.v<N>.tokens` | token id | ``TokenRecord`` row (hash, never the secret) |
/// | `tenancy.v<N>.tokens_by_tenant` | tenant ‖ token id | — |
///
/// Strings in keys are varint-length-prefixed, so a tenant's tokens are one prefix scan and no
/// choice of ids makes two keys collide. Token ids are global (a bearer token names its id, not its
/// tenant), so `tokens` is keyed by id alone.
///
/// Last use is not here: `tenancy.last_used` (token id → microseconds, 8 BE) is a primary
/// record written by ``RecordTokenUse``, not derived from the log, so it lives outside the
/// versioned tables and survives a rebuild.
public struct TenancyTables: Sendable {
    public let version: Int
    let tenants: Database
    let tokens: Database
    let tokensByTenant: Database

    /// Every table, for clearing and verification.
    var all: [Database] { [tenants, tokens, tokensByTenant] }

    /// The prefix of every table name of `version`.
    static func prefix(version: Int) -> String { "tenancy.v\(version)." }

    /// Opens (creating in a writable environment) the tables of `version`.
    public init(environment: LMDBEnvironment, version: Int) throws(LMDBError) {
        let create = !environment.configuration.readOnly
        func open(_ name: String) throws(LMDBError) -> Database {
            try environment.openDatabase(Self.prefix(version: version) + name, create: create)
        }
        self.version = version
        tenants = try open("tenants")
        tokens = try open("tokens")
        tokensByTenant = try open("tokens_by_tenant")
    }
}

/// Builds the tenancy projection's keys.
enum TenancyKey {
    static func string(_ value: String) -> [UInt8] {
        var writer = BinaryWriter(capacity: 24)
        writer.write(string: value)
        return writer.bytes
    }

    static func tenantToken(_ tenant: String, _ tokenID: String) -> [UInt8] {
        var writer = BinaryWriter(capacity: 48)
        writer.write(string: tenant)
        writer.write(string: tokenID)
        return writer.bytes
    }

    /// The string a key starts with (a tenant or token id), and the offset after it.
    static func leadingString(_ key: UnsafeRawBufferPointer) throws -> (String, Int) {
        var reader = BinaryReader(key)
        let value = try reader.readString()
        return (value, reader.offset)
    }

    /// The second string of a two-part key.
    static func trailingString(_ key: UnsafeRawBufferPointer, after offset: Int) throws -> String {
        var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: key[offset...]))
        return try reader.readString()
    }
}
