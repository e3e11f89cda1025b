import EventLog

/// Builds every index table of a directory from its rows, in key order, with `MDB_APPEND`.
///
/// Indexes are a pure function of the current rows, so a bulk fold (a rebuild, `verify`,
/// `replay state --at`) skips them event by event and builds them once at the end: each index
/// page is then written once, instead of a random page being rewritten for nearly every event.
/// Guarantees: the result equals what maintaining the indexes event by event gives (`verify`
/// compares a bulk-built fold with the live, incrementally maintained tables).
public enum DirectoryIndexBuild {
    /// Clears the index tables of `tables` and fills them from the users and groups rows.
    /// Returns the number of index entries written.
    @discardableResult
    public static func build(_ tables: DirectoryTables, in txn: borrowing WriteTransaction) throws -> Int {
        var buffers: [Database: KeyBuffer] = [:]
        for kind in ResourceKind.allCases {
            try txn.reader.scan(tables.resources(kind)) { key, row in
                var keyReader = BinaryReader(key)
                let tenant = try keyReader.readString()
                let id = try keyReader.readString()
                let (_, resource) = try StoredRowHeader.parse(row)
                let values = try DirectoryIndexValues(kind: kind, resource: BinaryJSONObject(resource), tables: tables)
                for entry in values.entries {
                    buffers[entry.table, default: KeyBuffer()].append(DirectoryIndexValues.key(tenant, entry.value, id: id))
                }
                return true
            }
        }
        var written = 0
        for table in [tables.userNames, tables.userExternalIDs, tables.userEmails, tables.groupNames, tables.groupExternalIDs] {
            try txn.clear(table)
            guard let buffer = buffers[table] else { continue }
            var previous: ArraySlice<UInt8>?
            for key in buffer.sortedKeys() {
                if let previous, previous == key { continue }  // the same value twice on one resource
                try txn.put(table, key: Array(key), value: [], options: .append)
                previous = key
                written += 1
            }
        }
        return written
    }

    /// Keys in one flat buffer, sorted as LMDB orders them (byte-wise).
    struct KeyBuffer {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []

        mutating func append(_ key: [UInt8]) {
            let start = bytes.count
            bytes.append(contentsOf: key)
            ranges.append(start..<bytes.count)
        }

        func sortedKeys() -> [ArraySlice<UInt8>] {
            bytes.withUnsafeBufferPointer { base in
                ranges.sorted { a, b in
                    let left = UnsafeBufferPointer(rebasing: base[a])
                    let right = UnsafeBufferPointer(rebasing: base[b])
                    return left.lexicographicallyPrecedes(right)
                }
            }.map { bytes[$0] }
        }
    }
}
