import CLMDB

/// The one write transaction of the environment, owned by the writer thread.
///
/// Guarantees: non-copyable and not `Sendable`, so it cannot be handed to another thread or
/// outlive its scope; it is committed or aborted exactly once (`commit` consumes it, `deinit`
/// aborts it), on the thread that began it, which is what LMDB's writer lock requires. After any
/// failed write the transaction is poisoned (LMDB marks it), so the caller must abort it; a
/// `commit` of a poisoned transaction throws instead of committing half a batch.
public struct WriteTransaction: ~Copyable {
    /// How ``put(_:key:value:options:)`` writes.
    public struct PutOptions: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// The key is greater than every key in the database (fast, fills pages completely).
        public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
        /// Fail with `keyExists` instead of replacing an existing value.
        public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
    }

    let handle: OpaquePointer
    private let gate: MapGate
    private var finished = false

    init(handle: OpaquePointer, gate: MapGate) {
        self.handle = handle
        self.gate = gate
    }

    deinit {
        if !finished {
            mdb_txn_abort(handle)
            gate.unlockShared()
        }
    }

    /// Read access to this transaction, including its own uncommitted writes.
    public var reader: TransactionReader { TransactionReader(handle: handle) }

    /// Stores `value` under `key`.
    public func put(_ database: Database, key: [UInt8], value: [UInt8], options: PutOptions = []) throws(LMDBError) {
        try check(Self.put(handle, database, key, value, options.rawValue), "mdb_put(\(database.name))")
    }

    /// Stores `value` under `key`, from borrowed buffers (no copies).
    public func put(_ database: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, options: PutOptions = []) throws(LMDBError) {
        var kv = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var vv = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_put(handle, database.handle, &kv, &vv, options.rawValue), "mdb_put(\(database.name))")
    }

    /// Stores `value` under `key`, like ``put(_:key:value:options:)``, but appends when `key` sorts
    /// after every key of the table. Appending fills the last page and starts a new one where an
    /// ordinary insert at the end splits the page in half, so tables that grow in key order (ids
    /// and times that only increase) take half the pages and half the writes. A key that does not
    /// sort last costs one extra look at the table's last key, then is put as usual.
    public func putPreferringAppend(_ database: Database, key: [UInt8], value: [UInt8]) throws(LMDBError) {
        let rc = Self.put(handle, database, key, value, UInt32(MDB_APPEND))
        guard rc == MDB_KEYEXIST else { return try check(rc, "mdb_put(\(database.name))") }
        try check(Self.put(handle, database, key, value, 0), "mdb_put(\(database.name))")
    }

    /// ``putPreferringAppend(_:key:value:)`` from borrowed buffers (no copies).
    public func putPreferringAppend(_ database: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(LMDBError) {
        var kv = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var vv = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(handle, database.handle, &kv, &vv, UInt32(MDB_APPEND))
        guard rc == MDB_KEYEXIST else { return try check(rc, "mdb_put(\(database.name))") }
        try check(mdb_put(handle, database.handle, &kv, &vv, 0), "mdb_put(\(database.name))")
    }

    /// Removes `key`, from a borrowed buffer; returns `false` when it was not there.
    @discardableResult
    public func delete(_ database: Database, key: UnsafeRawBufferPointer) throws(LMDBError) -> Bool {
        var kv = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let rc = mdb_del(handle, database.handle, &kv, nil)
        if rc == MDB_NOTFOUND { return false }
        try check(rc, "mdb_del(\(database.name))")
        return true
    }

    /// Stores `value` under `key` unless the key exists (then returns `false`, changing nothing),
    /// appending when `key` sorts last (see ``putPreferringAppend(_:key:value:)``).
    public func insertPreferringAppend(_ database: Database, key: [UInt8], value: [UInt8]) throws(LMDBError) -> Bool {
        var rc = Self.put(handle, database, key, value, UInt32(MDB_APPEND))
        if rc == MDB_KEYEXIST { rc = Self.put(handle, database, key, value, UInt32(MDB_NOOVERWRITE)) }
        if rc == MDB_KEYEXIST { return false }
        try check(rc, "mdb_put(\(database.name))")
        return true
    }

    private static func put(_ handle: OpaquePointer, _ database: Database, _ key: [UInt8], _ value: [UInt8], _ flags: UInt32) -> Int32 {
        key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in
                var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
                var vv = MDB_val(mv_size: v.count, mv_data: UnsafeMutableRawPointer(mutating: v.baseAddress))
                return mdb_put(handle, database.handle, &kv, &vv, flags)
            }
        }
    }

    /// Removes `key`; returns `false` when it was not there.
    @discardableResult
    public func delete(_ database: Database, key: [UInt8]) throws(LMDBError) -> Bool {
        let rc = key.withUnsafeBytes { k in
            var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
            return mdb_del(handle, database.handle, &kv, nil)
        }
        if rc == MDB_NOTFOUND { return false }
        try check(rc, "mdb_del(\(database.name))")
        return true
    }

    /// Removes every entry of the database (the database itself stays).
    public func clear(_ database: Database) throws(LMDBError) {
        try check(mdb_drop(handle, database.handle, 0), "mdb_drop(\(database.name))")
    }

    /// Deletes the database itself (its entries and its name) when the transaction commits.
    /// Its handle must not be used afterwards, by anyone.
    public func drop(_ database: Database) throws(LMDBError) {
        try check(mdb_drop(handle, database.handle, 1), "mdb_drop(\(database.name), delete)")
    }

    /// Makes every write of the transaction durable and visible.
    @available(*, noasync)
    public consuming func commit() throws(LMDBError) {
        finished = true
        let rc = mdb_txn_commit(handle)
        gate.unlockShared()
        try check(rc, "mdb_txn_commit")
    }

    /// Discards every write of the transaction.
    @available(*, noasync)
    public consuming func abort() {
        finished = true
        mdb_txn_abort(handle)
        gate.unlockShared()
    }
}
