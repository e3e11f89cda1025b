import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Builds every index table of a directory from its rows, in key order, with `MDB_APPEND`.
///
/// Indexes are a pure function of the current rows, so a bulk fold (a rebuild, `verify`,
/// `replay state --at`) skips them event by event and builds them once at the end: each index
/// page is then written once, instead of a random page being rewritten for nearly every event.
/// Guarantees: the result equals what maintaining the indexes event by event gives (`verify`
/// compares a bulk-built fold with the live, incrementally maintained tables).
public enum DirectoryIndexBuild {
    /// Clears the index tables of `tables` and fills them from the users and groups rows, in one
    /// transaction. Returns the number of index entries written.
    @discardableResult
    public static func build(_ tables: DirectoryTables, in txn: borrowing WriteTransaction) throws -> Int {
        let entries = try collect(tables, from: txn.reader)
        for chunk in entries.chunks(maximumEntries: .max) {
            try write(chunk, of: entries, into: tables, txn)
        }
        return entries.count
    }

    /// Reads every row of `tables` and returns their index entries, sorted and deduplicated per
    /// table. Needs only a read transaction: a rebuild collects outside the writer, so writes never
    /// wait for the scan and the sort.
    public static func collect(_ tables: DirectoryTables, from reader: borrowing TransactionReader) throws -> IndexEntries {
        var collector = Collector()
        for kind in ResourceKind.allCases {
            try reader.scan(tables.resources(kind)) { key, row in
                try collector.add(kind, key: key, row: row)
                return true
            }
        }
        return collector.entries()
    }

    /// The index entries of the rows in a rebuild window that holds every row (it began at the
    /// first event): collected from memory, without reading the rows back from the tables.
    static func collect(_ flush: OverlayFlush, _ tables: DirectoryTables) throws -> IndexEntries {
        var collector = Collector()
        try withExtendedLifetime(flush.arena) {
            for table in flush.tables {
                let kind: ResourceKind
                switch table.database {
                case tables.users: kind = .user
                case tables.groups: kind = .group
                default: continue
                }
                for entry in table.entries {
                    if let row = entry.value { try collector.add(kind, key: entry.key.buffer, row: row.buffer) }
                }
            }
        }
        return collector.entries()
    }

    /// Gathers the index entries of rows, one row at a time.
    struct Collector {
        private var buffers = [KeyBuffer](repeating: KeyBuffer(), count: IndexEntries.tableCount)

        /// Adds the entries of the row stored under `key` (tenant ‖ id) in the `kind` table.
        mutating func add(_ kind: ResourceKind, key: UnsafeRawBufferPointer, row: UnsafeRawBufferPointer) throws {
            // The row key is tenant ‖ id, each length-prefixed: the index keys reuse both as bytes.
            var keyReader = BinaryReader(key)
            let tenant = try keyReader.readRaw(count: try keyReader.readLength())
            let id = try keyReader.readRaw(count: try keyReader.readLength())
            let (_, resource) = try StoredRowHeader.parse(row)
            try IndexValueScanner.visit(kind: kind, resource: resource) { slot, value in
                buffers[slot].append(tenant: tenant, value: value, id: id)
            }
        }

        /// The entries, sorted and deduplicated per table.
        func entries() -> IndexEntries {
            IndexEntries(tables: buffers.map { IndexEntries.Table(bytes: $0.bytes, ranges: $0.sortedUniqueRanges()) })
        }
    }

    /// Writes one chunk of `entries` with `MDB_APPEND`; a table's first chunk clears it first.
    /// Chunks must be written in the order ``IndexEntries/chunks(maximumEntries:)`` gives them,
    /// with nothing else writing to the index tables in between.
    public static func write(_ chunk: IndexEntries.Chunk, of entries: IndexEntries, into tables: DirectoryTables, _ txn: borrowing WriteTransaction) throws {
        let table = IndexEntries.table(chunk.table, of: tables)
        if chunk.entries.lowerBound == 0 { try txn.clear(table) }
        let source = entries.tables[chunk.table]
        try source.bytes.withUnsafeBytes { base in
            let empty = UnsafeRawBufferPointer(start: base.baseAddress, count: 0)
            for range in source.ranges[chunk.entries] {
                try txn.put(table, key: UnsafeRawBufferPointer(rebasing: base[range]), value: empty, options: .append)
            }
        }
    }

    /// Keys in one flat buffer, sorted as LMDB orders them (byte-wise).
    ///
    /// Sorting compares a tenant rank and the 16 bytes after the tenant as integers, and the whole
    /// keys only when those tie: millions of keys sort in a fraction of the time byte-wise
    /// comparisons of every pair take.
    struct KeyBuffer {
        struct Item {
            var tenant: UInt32
            var high: UInt64
            var low: UInt64
            var range: Range<Int>
        }

        var bytes: [UInt8] = []
        var items: [Item] = []
        /// Each distinct tenant prefix (length varint ‖ tenant) and its provisional rank.
        private var tenants: [[UInt8]: UInt32] = [:]
        private var lastTenant: (prefix: [UInt8], rank: UInt32)?

        /// Appends the key tenant ‖ value (cut as index keys are) ‖ id, laid out as ``DirectoryIndexValues/key(_:_:id:)``.
        mutating func append(tenant: UnsafeRawBufferPointer, value: some Collection<UInt8>, id: UnsafeRawBufferPointer) {
            let start = bytes.count
            appendVarint(UInt64(tenant.count))
            bytes.append(contentsOf: tenant)
            let suffixStart = bytes.count
            let rank = rank(ofTenantPrefix: start..<suffixStart)
            let cut = value.prefix(DirectoryKey.maximumIndexedBytes)
            appendVarint(UInt64(cut.count))
            bytes.append(contentsOf: cut)
            appendVarint(UInt64(id.count))
            bytes.append(contentsOf: id)
            let (high, low) = Self.prefix(bytes, suffixStart..<bytes.count)
            items.append(Item(tenant: rank, high: high, low: low, range: start..<bytes.count))
        }

        private mutating func rank(ofTenantPrefix range: Range<Int>) -> UInt32 {
            if let lastTenant, lastTenant.prefix.elementsEqual(bytes[range]) { return lastTenant.rank }
            let prefix = Array(bytes[range])
            let rank = tenants[prefix] ?? UInt32(tenants.count)
            tenants[prefix] = rank
            lastTenant = (prefix, rank)
            return rank
        }

        /// The first 16 bytes of `range` as two big-endian integers, zero-padded.
        private static func prefix(_ bytes: [UInt8], _ range: Range<Int>) -> (UInt64, UInt64) {
            var high: UInt64 = 0
            var low: UInt64 = 0
            for offset in 0..<16 {
                let byte = range.lowerBound + offset < range.upperBound ? UInt64(bytes[range.lowerBound + offset]) : 0
                if offset < 8 { high = high << 8 | byte } else { low = low << 8 | byte }
            }
            return (high, low)
        }

        private mutating func appendVarint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        /// The keys' ranges in LMDB's byte-wise order, each distinct key once (the same value
        /// twice on one resource gives one entry).
        func sortedUniqueRanges() -> [Range<Int>] {
            // Ranks in the order of the tenants' key bytes, so comparing ranks compares tenants.
            let order = tenants.sorted { Self.less($0.key[...], $1.key[...]) }
            var rankOf = [UInt32](repeating: 0, count: order.count)
            for (position, entry) in order.enumerated() { rankOf[Int(entry.value)] = UInt32(position) }
            var sorted = items
            for index in sorted.indices { sorted[index].tenant = rankOf[Int(sorted[index].tenant)] }
            return bytes.withUnsafeBytes { base in
                func key(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base[range]) }
                sorted.sort { a, b in
                    if a.tenant != b.tenant { return a.tenant < b.tenant }
                    if a.high != b.high { return a.high < b.high }
                    if a.low != b.low { return a.low < b.low }
                    let left = key(a.range)
                    let right = key(b.range)
                    let order = memcmp(left.baseAddress!, right.baseAddress!, min(left.count, right.count))
                    return order != 0 ? order < 0 : left.count < right.count
                }
                var unique: [Range<Int>] = []
                unique.reserveCapacity(sorted.count)
                for item in sorted where unique.last.map({ !key($0).elementsEqual(key(item.range)) }) ?? true {
                    unique.append(item.range)
                }
                return unique
            }
        }

        private static func less(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
            for (x, y) in zip(a, b) where x != y { return x < y }
            return a.count < b.count
        }
    }
}

/// The index entries of a directory's rows, sorted as LMDB orders keys: what
/// ``DirectoryIndexBuild/collect(_:from:)`` gathers and ``DirectoryIndexBuild/write(_:of:into:_:)``
/// appends, in one transaction or in chunks of bounded size.
///
/// Guarantees: per table, keys are strictly increasing (so `MDB_APPEND` accepts every one) and
/// the chunks cover every entry of every table exactly once, with at least one chunk per table
/// (so an empty index is still cleared).
public struct IndexEntries: Sendable {
    struct Table: Sendable {
        var bytes: [UInt8]
        var ranges: [Range<Int>]
    }

    /// A run of consecutive entries of one index table.
    public struct Chunk: Sendable, Hashable {
        var table: Int
        var entries: Range<Int>
    }

    static let tableCount = 5
    let tables: [Table]

    /// The number of entries in all tables.
    public var count: Int { tables.reduce(0) { $0 + $1.ranges.count } }

    /// The chunks that write every entry, none larger than `maximumEntries`, in writing order.
    public func chunks(maximumEntries: Int) -> [Chunk] {
        precondition(maximumEntries > 0)
        var chunks: [Chunk] = []
        for (index, table) in tables.enumerated() {
            var start = 0
            repeat {
                let end = start + min(maximumEntries, table.ranges.count - start)
                chunks.append(Chunk(table: index, entries: start..<end))
                start = end
            } while start < table.ranges.count
        }
        return chunks
    }

    /// Slot order of ``IndexValueScanner``: userName, user externalId, emails, group displayName, group externalId.
    static func table(_ slot: Int, of tables: DirectoryTables) -> Database {
        [tables.userNames, tables.userExternalIDs, tables.userEmails, tables.groupNames, tables.groupExternalIDs][slot]
    }
}

/// Finds a resource's indexed values in its binary form without building member lists.
///
/// Slots: 0 userName, 1 user externalId, 2 email value, 3 group displayName, 4 group externalId —
/// the order of the index tables in ``DirectoryIndexBuild``. Values are folded exactly as
/// ``DirectoryIndexValues`` folds them (emails deduplicated per resource).
enum IndexValueScanner {
    static func visit(kind: ResourceKind, resource: UnsafeRawBufferPointer, _ body: (Int, [UInt8]) -> Void) throws {
        var reader = BinaryReader(resource)
        guard try reader.readByte() == JSONBinaryTag.object else { throw BinaryDecodingError.malformed("resource is not an object", at: 0) }
        let count = try reader.readVarint()
        var seenUserName = false, seenExternalID = false, seenEmails = false, seenDisplayName = false
        for _ in 0..<count {
            let key = try reader.readRaw(count: try reader.readLength())
            let start = reader.offset
            try BinaryJSONObject.skipValue(&reader, depth: 0)
            let value = UnsafeRawBufferPointer(rebasing: resource[start..<reader.offset])
            // The first member matching each name wins, as a case-insensitive lookup finds it.
            if !seenExternalID, equal(key, DirectoryIndexValues.externalIDKey) {
                seenExternalID = true
                if let string = BinaryJSONObject.stringBytes(value) { body(kind == .user ? 1 : 4, Array(string)) }
            } else if kind == .user, !seenUserName, equal(key, DirectoryIndexValues.userNameKey) {
                seenUserName = true
                if let string = BinaryJSONObject.stringBytes(value) { body(0, DirectoryIndexValues.folded(string)) }
            } else if kind == .user, !seenEmails, equal(key, DirectoryIndexValues.emailsKey) {
                seenEmails = true
                var folded: [[UInt8]] = []
                for element in try BinaryJSONObject.arrayElements(value) ?? [] where BinaryJSONObject.isObject(element) {
                    if let email = try BinaryJSONObject(element).value(caseInsensitiveKey: DirectoryIndexValues.valueKey).flatMap(BinaryJSONObject.stringBytes) {
                        let value = DirectoryIndexValues.folded(email)
                        if !folded.contains(value) {
                            folded.append(value)
                            body(2, value)
                        }
                    }
                }
            } else if kind == .group, !seenDisplayName, equal(key, DirectoryIndexValues.displayNameKey) {
                seenDisplayName = true
                if let string = BinaryJSONObject.stringBytes(value) { body(3, DirectoryIndexValues.folded(string)) }
            }
        }
    }

    private static func equal(_ key: UnsafeRawBufferPointer, _ name: [UInt8]) -> Bool {
        guard key.count == name.count else { return false }
        for (a, b) in zip(key, name) where a != b {
            let la = a | 0x20
            guard la == b | 0x20, la >= UInt8(ascii: "a"), la <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}
