import CLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One LMDB environment: a data directory holding several named databases.
///
/// Guarantees:
/// - Opened with `MDB_NOTLS`, so read transactions may run on any thread (Swift's cooperative pool
///   moves tasks between threads) and a thread may hold several of them.
/// - Full durability unless ``Configuration/durability`` says otherwise: a committed write
///   transaction is on disk when `commit` returns (LMDB flushes data pages, then the meta page).
/// - A data directory is open at most once per process (LMDB's locking breaks otherwise); a second
///   open throws ``LMDBError/Code/alreadyOpen``.
/// - The map can grow while the process runs: ``grow(to:)`` waits until no transaction of this
///   process is active (the map gate) and then resizes, which LMDB requires.
/// - A failed open closes the half-opened handle (LMDB requires it) and throws a typed error.
///
/// `@unchecked Sendable`: `MDB_env` is safe to share between threads (LMDB documents it), every
/// mutable field of this class is either immutable after `init` or protected by `gate` (the map
/// size) or `openDatabases` (a `Mutex`).
public final class LMDBEnvironment: @unchecked Sendable {
    /// How an environment is opened.
    public struct Configuration: Sendable, Hashable {
        /// How commits reach the disk.
        public enum Durability: Sendable, Hashable {
            /// Two fsyncs per commit; a committed transaction survives power loss. The only mode for the live log.
            case full
            /// No fsync at commit; call ``LMDBEnvironment/sync()`` once at the end. For bulk rebuilds into scratch directories only.
            case deferred
        }

        /// The initial map size in bytes (address space, not memory or disk).
        public var mapSize: Int
        /// The largest size the map may grow to when it fills up; `nil` means it never grows.
        public var maxMapSize: Int?
        /// Reader slots (concurrent read transactions, in this and other processes).
        public var maxReaders: UInt32
        /// The most named databases the environment may hold.
        public var maxDatabases: UInt32
        /// Opens without write access (for `replay` beside a running server).
        public var readOnly: Bool
        public var durability: Durability

        public init(
            mapSize: Int = 64 << 30,
            maxMapSize: Int? = 1 << 40,
            maxReaders: UInt32 = 1024,
            maxDatabases: UInt32 = 128,
            readOnly: Bool = false,
            durability: Durability = .full
        ) {
            self.mapSize = mapSize
            self.maxMapSize = maxMapSize
            self.maxReaders = maxReaders
            self.maxDatabases = maxDatabases
            self.readOnly = readOnly
            self.durability = durability
        }
    }

    /// The data directory.
    public let path: String
    public let configuration: Configuration
    let handle: OpaquePointer
    let gate: MapGate
    private let databases = Mutex<[String: Database]>([:])
    private let canonicalPath: String

    private static let openPaths = Mutex<Set<String>>([])

    /// Opens (and for a writable environment, creates the files of) the environment in `path`.
    ///
    /// - Throws: ``LMDBError`` with code `missingDirectory`, `permissionDenied`, `locked`,
    ///   `corrupted`, `versionMismatch` or `alreadyOpen`, each with a remedy.
    public init(path: String, configuration: Configuration = Configuration()) throws(LMDBError) {
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard realpath(path, &resolved) != nil else {
            throw LMDBError(returnCode: errno, operation: "realpath", path: path)
        }
        let canonical = String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let inserted = Self.openPaths.withLock { $0.insert(canonical).inserted }
        guard inserted else { throw .alreadyOpen(canonical) }

        var env: OpaquePointer?
        do throws(LMDBError) {
            try check(mdb_env_create(&env), "mdb_env_create")
            guard let env else { throw LMDBError(returnCode: ENOMEM, operation: "mdb_env_create") }
            do throws(LMDBError) {
                try check(mdb_env_set_maxdbs(env, configuration.maxDatabases), "mdb_env_set_maxdbs")
                try check(mdb_env_set_maxreaders(env, configuration.maxReaders), "mdb_env_set_maxreaders")
                try check(mdb_env_set_mapsize(env, configuration.mapSize), "mdb_env_set_mapsize")
                var flags = UInt32(MDB_NOTLS)
                if configuration.readOnly { flags |= UInt32(MDB_RDONLY) }
                if configuration.durability == .deferred { flags |= UInt32(MDB_NOSYNC) }
                let rc = mdb_env_open(env, canonical, flags, 0o644)
                if rc == ENOENT && configuration.readOnly {
                    // The directory exists (realpath found it); what is missing is LMDB's data file.
                    throw LMDBError(
                        code: .notFound, rawValue: rc, operation: "mdb_env_open",
                        message: "\(canonical) is not a data directory: it has no data.mdb",
                        remedy: "point at the server's data directory (storage.path, SCIM_DATA_DIR); a read-only open never creates one")
                }
                try check(rc, "mdb_env_open", path: canonical)
            } catch {
                mdb_env_close(env)
                throw error
            }
            self.handle = env
        } catch {
            _ = Self.openPaths.withLock { $0.remove(canonical) }
            throw error
        }
        self.path = path
        self.canonicalPath = canonical
        self.configuration = configuration
        self.gate = MapGate()
        // Slots left by crashed processes pin old pages; clear them on every open.
        clearStaleReaders()
    }

    deinit {
        mdb_env_close(handle)
        _ = Self.openPaths.withLock { $0.remove(canonicalPath) }
    }

    /// Opens a named database, creating it in a writable environment when `create` is true.
    ///
    /// Never call it inside a transaction of this environment (it would wait for that transaction
    /// to end). Call it before the writer starts (LMDB forbids opening databases from concurrent
    /// transactions); handles are cached, so asking again for the same name is cheap.
    /// - Throws: `notFound` when the database does not exist and `create` is false.
    @discardableResult
    public func openDatabase(_ name: String, create: Bool = true) throws(LMDBError) -> Database {
        if let cached = databases.withLock({ $0[name] }) { return cached }
        return try gate.withExclusiveAccess { () throws(LMDBError) -> Database in
            if let cached = databases.withLock({ $0[name] }) { return cached }
            var txn: OpaquePointer?
            let readOnly = configuration.readOnly || !create
            try check(mdb_txn_begin(handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn), "mdb_txn_begin")
            guard let txn else { throw LMDBError(returnCode: MDB_BAD_TXN, operation: "mdb_txn_begin") }
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn, name, create && !configuration.readOnly ? UInt32(MDB_CREATE) : 0, &dbi)
            guard rc == 0 else {
                mdb_txn_abort(txn)
                throw LMDBError(returnCode: rc, operation: "mdb_dbi_open(\(name))", path: path)
            }
            try check(mdb_txn_commit(txn), "mdb_txn_commit")
            let database = Database(handle: dbi, name: name)
            databases.withLock { $0[name] = database }
            return database
        }
    }

    /// The names of every named database in the environment.
    public func databaseNames() throws -> [String] {
        try withReadTransaction { reader in
            var main: MDB_dbi = 0
            try check(mdb_dbi_open(reader.handle, nil, 0, &main), "mdb_dbi_open(main)")
            var names: [String] = []
            try reader.scan(Database(handle: main, name: "")) { key, _ in
                names.append(String(decoding: key, as: UTF8.self))
                return true
            }
            return names
        }
    }

    /// The named database if it exists (never creates it).
    public func openDatabaseIfPresent(_ name: String) throws(LMDBError) -> Database? {
        do {
            return try openDatabase(name, create: false)
        } catch where error.code == .notFound {
            return nil
        }
    }

    /// Runs `body` in a read transaction that sees the last committed state.
    ///
    /// The body is synchronous, so the transaction cannot cross an `await`. Copy out what you need:
    /// buffers handed to the body are valid only inside it. Do not nest read transactions on one
    /// thread while a map resize may be pending (it would wait for itself).
    public func withReadTransaction<R>(_ body: (borrowing TransactionReader) throws -> R) throws -> R {
        try gate.withSharedAccess {
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn)
            if rc == MDB_MAP_RESIZED {
                // Another process grew the map. Adopting the size needs exclusive access; retry after.
                throw MapResizedSignal()
            }
            try check(rc, "mdb_txn_begin(read)", path: path)
            guard let txn else { throw LMDBError(returnCode: MDB_BAD_TXN, operation: "mdb_txn_begin(read)") }
            defer { mdb_txn_abort(txn) }
            return try body(TransactionReader(handle: txn))
        } onMapResized: {
            try adoptExternalMapSize()
        }
    }

    /// Begins the write transaction. Only the writer thread calls this; it must commit or abort on the
    /// same thread (LMDB's writer lock is owned by the thread that began the transaction).
    @available(*, noasync)
    package func beginWrite() throws(LMDBError) -> WriteTransaction {
        gate.lockShared()
        var txn: OpaquePointer?
        let rc = mdb_txn_begin(handle, nil, 0, &txn)
        if rc == MDB_MAP_RESIZED {
            gate.unlockShared()
            try adoptExternalMapSize()
            return try beginWrite()
        }
        guard rc == 0, let txn else {
            gate.unlockShared()
            throw LMDBError(returnCode: rc == 0 ? MDB_BAD_TXN : rc, operation: "mdb_txn_begin(write)", path: path)
        }
        return WriteTransaction(handle: txn, gate: gate)
    }

    /// Grows the map to `newSize` bytes once no transaction of this process is active.
    /// - Throws: when `newSize` exceeds ``Configuration/maxMapSize`` or LMDB refuses.
    public func grow(to newSize: Int) throws(LMDBError) {
        try gate.withExclusiveAccess { () throws(LMDBError) in
            try check(mdb_env_set_mapsize(handle, newSize), "mdb_env_set_mapsize", path: path)
        }
    }

    private func adoptExternalMapSize() throws(LMDBError) {
        try gate.withExclusiveAccess { () throws(LMDBError) in
            try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize(0)", path: path)
        }
    }

    /// How full the map is.
    public func usage() -> MapUsage {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        mdb_env_info(handle, &info)
        mdb_env_stat(handle, &stat)
        return MapUsage(
            mapSize: info.me_mapsize,
            usedBytes: (Int(info.me_last_pgno) + 1) * Int(stat.ms_psize),
            pageSize: Int(stat.ms_psize),
            readersUsed: Int(info.me_numreaders),
            maxReaders: Int(info.me_maxreaders))
    }

    /// Flushes everything to disk (needed after writes with `.deferred` durability).
    public func sync() throws(LMDBError) {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync", path: path)
    }

    /// Clears reader slots left behind by processes that died; returns how many were cleared.
    @discardableResult
    public func clearStaleReaders() -> Int {
        var dead: Int32 = 0
        _ = mdb_reader_check(handle, &dead)
        return Int(dead)
    }

    /// Writes a consistent, compacted copy of the environment into the empty directory `target`
    /// (a hot backup: it runs beside the writer).
    public func copy(to target: String, compact: Bool = true) throws(LMDBError) {
        try check(mdb_env_copy2(handle, target, compact ? UInt32(MDB_CP_COMPACT) : 0), "mdb_env_copy2", path: target)
    }
}

/// How much of an environment's map is in use.
public struct MapUsage: Sendable, Hashable {
    public var mapSize: Int
    public var usedBytes: Int
    public var pageSize: Int
    public var readersUsed: Int
    public var maxReaders: Int

    /// Used bytes as a fraction of the map, from 0 to 1.
    public var fraction: Double { mapSize == 0 ? 0 : Double(usedBytes) / Double(mapSize) }
}

/// A named database inside an environment: an integer handle valid for the environment's life.
public struct Database: Sendable, Hashable {
    let handle: MDB_dbi
    /// The database's name.
    public let name: String
    /// LMDB's small integer handle: distinct for distinct databases of one environment (for tables keyed by database).
    public var number: Int { Int(handle) }
}
