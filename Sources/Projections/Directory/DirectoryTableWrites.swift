import EventLog

/// What ``DirectoryProjector`` needs from the place it writes to: LMDB's write transaction, or a
/// ``DirectoryOverlay`` that a bulk fold fills in memory and writes out once, in key order.
///
/// Guarantees every conformer gives: reads see the conformer's own earlier writes; ``keys(_:prefix:_:)``
/// visits exactly the live keys with that prefix, in key order. The projector is written once,
/// against this protocol, so a fold into an overlay and the live projection are the same code.
protocol DirectoryTableWrites: ~Copyable {
    /// A copy of the value under `key`, or `nil`.
    func value(_ table: Database, key: [UInt8]) throws -> [UInt8]?
    /// Stores `value` under `key`, replacing any value.
    func put(_ table: Database, key: [UInt8], value: [UInt8]) throws
    /// Like ``put(_:key:value:)``; a hint that `key` usually sorts after every key of the table.
    func putPreferringAppend(_ table: Database, key: [UInt8], value: [UInt8]) throws
    /// Stores `value` under `key` unless the key exists; returns whether it stored.
    func insertPreferringAppend(_ table: Database, key: [UInt8], value: [UInt8]) throws -> Bool
    /// Removes `key`; returns whether it was there.
    @discardableResult
    func delete(_ table: Database, key: [UInt8]) throws -> Bool
    /// Visits the keys that start with `prefix`, in key order.
    func keys(_ table: Database, prefix: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws
}

extension WriteTransaction: DirectoryTableWrites {
    func value(_ table: Database, key: [UInt8]) throws -> [UInt8]? {
        try reader.get(table, key: key)
    }

    func put(_ table: Database, key: [UInt8], value: [UInt8]) throws {
        try put(table, key: key, value: value, options: [])
    }

    func keys(_ table: Database, prefix: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try reader.scan(table, prefix: prefix) { key, _ in
            try body(key)
            return true
        }
    }
}
