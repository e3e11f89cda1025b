import CLMDB

/// A forward cursor over one database inside a transaction, for walking two tables in lockstep.
///
/// Guarantees: non-copyable, closed exactly once (on `deinit`); the buffers it returns are valid
/// until the next call to ``next()`` or the end of the transaction, whichever comes first.
public struct Cursor: ~Copyable {
    private let handle: OpaquePointer
    private var started = false
    private let name: String

    init(transaction: OpaquePointer, database: Database) throws(LMDBError) {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(transaction, database.handle, &cursor), "mdb_cursor_open(\(database.name))")
        guard let cursor else { throw LMDBError(returnCode: MDB_BAD_TXN, operation: "mdb_cursor_open") }
        handle = cursor
        name = database.name
    }

    deinit { mdb_cursor_close(handle) }

    /// The next entry in key order, or `nil` at the end.
    public mutating func next() throws(LMDBError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        var k = MDB_val()
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, started ? MDB_NEXT : MDB_FIRST)
        started = true
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get(\(name))")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }
}

extension TransactionReader {
    /// A cursor over `database`, valid inside this transaction.
    public func cursor(_ database: Database) throws(LMDBError) -> Cursor {
        try Cursor(transaction: handle, database: database)
    }
}
