import EventLog

/// Versions and checkpoints of projections, kept in the `projection_meta` table.
///
/// Keys: `active:<name>` → version (8 BE); `checkpoint:<name>:v<N>` → position (8 BE);
/// `indexed:<name>:v<N>` → empty, present once a rebuild has built that version's indexes;
/// `window:<name>:v<N>` → empty, present while a rebuild writes one window of rows. Each is
/// written in the same transaction as the projection rows they describe, so they never drift.
enum ProjectionMeta {
    static func activeVersion(_ name: String, meta: Database, _ reader: borrowing TransactionReader) throws -> Int? {
        try reader.withValue(meta, key: Array("active:\(name)".utf8)) { Int(LogTables.readUInt64($0)) }
    }

    static func setActiveVersion(_ name: String, _ version: Int, meta: Database, _ txn: borrowing WriteTransaction) throws {
        try txn.put(meta, key: Array("active:\(name)".utf8), value: bigEndian(UInt64(version)))
    }

    static func checkpoint(_ name: String, _ version: Int, meta: Database, _ reader: borrowing TransactionReader) throws -> Position {
        try reader.withValue(meta, key: Array("checkpoint:\(name):v\(version)".utf8)) { Position(LogTables.readUInt64($0)) } ?? .start
    }

    static func setCheckpoint(_ name: String, _ version: Int, _ position: Position, meta: Database, _ txn: borrowing WriteTransaction) throws {
        try txn.put(meta, key: Array("checkpoint:\(name):v\(version)".utf8), value: bigEndian(position.rawValue))
    }

    /// Whether a rebuild of `version` has built its indexes (from then on it maintains them event by event).
    static func indexesBuilt(_ name: String, _ version: Int, meta: Database, _ reader: borrowing TransactionReader) throws -> Bool {
        try reader.contains(meta, key: Array("indexed:\(name):v\(version)".utf8))
    }

    static func setIndexesBuilt(_ name: String, _ version: Int, _ built: Bool, meta: Database, _ txn: borrowing WriteTransaction) throws {
        let key = Array("indexed:\(name):v\(version)".utf8)
        if built { try txn.put(meta, key: key, value: []) } else { try txn.delete(meta, key: key) }
    }

    /// Whether a rebuild of `version` is writing a window of rows in several transactions: until
    /// its last one commits, the rows are part old, part new, and an interrupted rebuild restarts.
    static func windowOpen(_ name: String, _ version: Int, meta: Database, _ reader: borrowing TransactionReader) throws -> Bool {
        try reader.contains(meta, key: Array("window:\(name):v\(version)".utf8))
    }

    static func setWindowOpen(_ name: String, _ version: Int, _ open: Bool, meta: Database, _ txn: borrowing WriteTransaction) throws {
        let key = Array("window:\(name):v\(version)".utf8)
        if open { try txn.put(meta, key: key, value: []) } else { try txn.delete(meta, key: key) }
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        var writer = BinaryWriter(capacity: 8)
        writer.write(bigEndian: value)
        return writer.bytes
    }
}
