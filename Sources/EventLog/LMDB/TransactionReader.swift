import CLMDB

#if canImport(Glibc)
import Glibc
#endif

/// Read access to one LMDB transaction (a read transaction, or the writer's write transaction).
///
/// Guarantees: every read sees one consistent snapshot: the last commit before the transaction
/// began, plus, inside the writer, everything the write transaction has written so far. Buffers
/// handed to closures point into the map and are valid only inside the closure; copy what you keep.
/// Non-copyable and not `Sendable`, so it cannot leave the thread or the scope that lent it.
public struct TransactionReader: ~Copyable {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// Another reader of the same transaction, for a view type that must hold one. It is valid only
    /// while the borrowed transaction is (the caller's scope), like every reader.
    public func lend() -> TransactionReader { TransactionReader(handle: handle) }

    /// Runs `body` with the value stored under `key`, or returns `nil` when there is none.
    public func withValue<R>(
        _ database: Database, key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, database.handle, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_get(\(database.name))")
        return try body(UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// Runs `body` with the value stored under `key`, or returns `nil` when there is none.
    public func withValue<R>(_ database: Database, key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        try key.withUnsafeBytes { k in try withValue(database, key: k, body) }
    }

    /// A copy of the value stored under `key`.
    public func get(_ database: Database, key: [UInt8]) throws -> [UInt8]? {
        try withValue(database, key: key) { Array($0) }
    }

    /// `true` when `key` has a value.
    public func contains(_ database: Database, key: [UInt8]) throws -> Bool {
        try withValue(database, key: key) { _ in true } ?? false
    }

    /// Visits entries in key order, starting at the first key not less than `start` (or the first
    /// key), until `body` returns `false` or the database ends.
    public func scan(
        _ database: Database,
        from start: [UInt8]? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try withCursor(database) { cursor in
            var k = MDB_val()
            var v = MDB_val()
            var rc: Int32
            if let start {
                rc = start.withUnsafeBytes { s in
                    k = MDB_val(mv_size: s.count, mv_data: UnsafeMutableRawPointer(mutating: s.baseAddress))
                    return mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
                }
            } else {
                rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST)
            }
            try visit(cursor, &k, &v, from: rc, step: MDB_NEXT, database, body)
        }
    }

    /// Visits the entries whose keys start with `prefix`, in key order, from `start` (which must
    /// itself start with `prefix`; defaults to the prefix), until `body` returns `false`.
    public func scan(
        _ database: Database,
        prefix: [UInt8],
        from start: [UInt8]? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try scan(database, from: start ?? prefix) { key, value in
            guard key.starts(with: prefix) else { return false }
            return try body(key, value)
        }
    }

    /// Visits entries in reverse key order, from the last key not greater than `start` (or the last
    /// key), until `body` returns `false`.
    public func scanBackward(
        _ database: Database,
        from start: [UInt8]? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try withCursor(database) { cursor in
            var k = MDB_val()
            var v = MDB_val()
            var rc: Int32
            if let start {
                rc = start.withUnsafeBytes { s in
                    k = MDB_val(mv_size: s.count, mv_data: UnsafeMutableRawPointer(mutating: s.baseAddress))
                    return mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
                }
                if rc == MDB_NOTFOUND {
                    rc = mdb_cursor_get(cursor, &k, &v, MDB_LAST)
                } else if rc == 0 {
                    let exact = start.withUnsafeBytes { s in
                        k.mv_size == s.count && (s.isEmpty || memcmp(k.mv_data, s.baseAddress!, s.count) == 0)
                    }
                    if !exact { rc = mdb_cursor_get(cursor, &k, &v, MDB_PREV) }
                }
            } else {
                rc = mdb_cursor_get(cursor, &k, &v, MDB_LAST)
            }
            try visit(cursor, &k, &v, from: rc, step: MDB_PREV, database, body)
        }
    }

    /// Runs `body` with the last entry of the database, or returns `nil` when it is empty.
    public func withLast<R>(
        _ database: Database, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        var result: R?
        try scanBackward(database) { key, value in
            result = try body(key, value)
            return false
        }
        return result
    }

    /// The number of entries in the database.
    public func count(_ database: Database) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.handle, &stat), "mdb_stat(\(database.name))")
        return stat.ms_entries
    }

    /// Hands each entry to `body`, starting at the one the cursor is on (`rc` is the positioning
    /// call's result), moving by `step`, until `body` returns `false` or the database ends.
    private func visit(
        _ cursor: OpaquePointer, _ k: inout MDB_val, _ v: inout MDB_val, from first: Int32, step: MDB_cursor_op, _ database: Database,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        var rc = first
        while rc == 0 {
            let keep = try body(
                UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
            guard keep else { return }
            rc = mdb_cursor_get(cursor, &k, &v, step)
        }
        if rc != MDB_NOTFOUND { try check(rc, "mdb_cursor_get(\(database.name))") }
    }

    private func withCursor<R>(_ database: Database, _ body: (OpaquePointer) throws -> R) throws -> R {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(handle, database.handle, &cursor), "mdb_cursor_open(\(database.name))")
        guard let cursor else { throw LMDBError(returnCode: MDB_BAD_TXN, operation: "mdb_cursor_open") }
        defer { mdb_cursor_close(cursor) }
        return try body(cursor)
    }
}
