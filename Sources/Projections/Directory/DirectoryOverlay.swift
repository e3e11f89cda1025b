import EventLog

/// Directory tables held in memory over their committed state: a bulk fold applies events here,
/// then writes every touched key once, in key order (``OverlayFlush``).
///
/// A rebuild that applied its events to LMDB directly rewrote a random page for nearly every
/// change to an existing row (copy-on-write), and wrote rows that later events changed again.
/// Folded here first, each row, membership and timeline entry reaches LMDB once, in key order,
/// so a rebuild's tables are appended page after page. Keys and values live in an
/// ``OverlayArena``; each table finds its keys through an ``OverlayIndex``.
///
/// Guarantees: reads see the overlay's own writes, else the base (the tables' committed state,
/// unless the base is declared empty); the written result equals applying the same operations to
/// the base directly. ``bytes`` counts the memory held, for the fold's memory budget. Not
/// thread-safe: one fold owns it.
final class DirectoryOverlay {
    /// One key's final state: its value, or none when the key is deleted.
    ///
    /// `@unchecked Sendable`: the bytes are in an ``OverlayArena`` that no one writes once the
    /// entries are handed on, and every holder of entries also holds their arena.
    struct Entry: @unchecked Sendable {
        var key: OverlayBytes
        var value: OverlayBytes?
    }

    fileprivate struct Table {
        var database: Database
        var entries: [Entry] = []
        /// Key → index in `entries`; `nil` while the table is write-only (only ever put to).
        var positions: OverlayIndex?
        /// Tenant ‖ id (a key's first two components) → indices in `entries`, built on the first prefix scan.
        var groups: [OverlayKey: [Int]]?
    }

    fileprivate var tables: [Table]
    /// Database number → index in `tables`.
    private let slots: [Int]
    let arena = OverlayArena()
    /// Whether the committed tables under the overlay are to be treated as empty (a rebuild from
    /// the start, whose old rows are about to be cleared).
    let baseIsEmpty: Bool

    /// An overlay of `tables`. The timeline is only ever put to, so it keeps no lookup table until
    /// something reads it.
    init(_ tables: DirectoryTables, baseIsEmpty: Bool) {
        let all = tables.all
        var slots = [Int](repeating: -1, count: (all.map(\.number).max() ?? 0) + 1)
        for (index, database) in all.enumerated() { slots[database.number] = index }
        self.slots = slots
        self.tables = all.map { Table(database: $0, positions: $0 == tables.timeline ? nil : OverlayIndex()) }
        self.baseIsEmpty = baseIsEmpty
    }

    /// The memory held: the arena's blocks, the entries and the lookup tables.
    var bytes: Int {
        arena.allocated + tables.reduce(0) { $0 + $1.entries.capacity * MemoryLayout<Entry>.stride + ($1.positions?.bytes ?? 0) }
    }

    func slot(_ database: Database) -> Int {
        let slot = database.number < slots.count ? slots[database.number] : -1
        precondition(slot >= 0, "\(database.name) is not a table of this overlay")
        return slot
    }

    /// Where a key is in a table: its hash, and its entry when the overlay holds it. A probe is
    /// valid until the next write to the same table.
    struct Probe {
        var hash: UInt32
        var index: Int?
    }

    /// Finds `key` in the table at `slot` (giving a write-only table its lookup table first).
    func probe(_ slot: Int, _ key: [UInt8]) -> Probe {
        makeIndexed(slot)
        return key.withUnsafeBytes { key in
            let hash = OverlayIndex.hash(key)
            return Probe(hash: hash, index: tables[slot].positions!.find(key, hash: hash, in: tables[slot].entries))
        }
    }

    /// The value of the entry `index` of the table at `slot` (`nil`: deleted).
    func value(_ slot: Int, at index: Int) -> OverlayBytes? {
        tables[slot].entries[index].value
    }

    /// Stores `value` (`nil`: deleted) under `key`, found by `probe`.
    func set(_ slot: Int, _ key: [UInt8], _ value: [UInt8]?, _ probe: Probe) {
        let stored = value.map { arena.store($0) }
        if let index = probe.index {
            tables[slot].entries[index].value = stored
            return
        }
        key.withUnsafeBytes { key in
            let index = tables[slot].entries.count
            tables[slot].entries.append(Entry(key: arena.store(key), value: stored))
            tables[slot].positions!.insert(index, hash: probe.hash)
            if tables[slot].groups != nil, let group = Self.groupPrefix(key) {
                tables[slot].groups![OverlayKey(group), default: []].append(index)
            }
        }
    }

    /// Stores `value` (`nil`: deleted) under `key`; a write-only table only appends.
    func set(_ slot: Int, _ key: [UInt8], _ value: [UInt8]?) {
        guard tables[slot].positions != nil else {
            let stored = value.map { arena.store($0) }
            key.withUnsafeBytes { tables[slot].entries.append(Entry(key: arena.store($0), value: stored)) }
            return
        }
        set(slot, key, value, probe(slot, key))
    }

    /// Gives a write-only table its lookup table (the last put of a key wins, as in LMDB).
    private func makeIndexed(_ slot: Int) {
        guard tables[slot].positions == nil else { return }
        var positions = OverlayIndex()
        var kept: [Entry] = []
        for entry in tables[slot].entries {
            let hash = OverlayIndex.hash(entry.key.buffer)
            if let index = positions.find(entry.key.buffer, hash: hash, in: kept) {
                kept[index].value = entry.value
            } else {
                positions.insert(kept.count, hash: hash)
                kept.append(entry)
            }
        }
        tables[slot].entries = kept
        tables[slot].positions = positions
    }

    /// The live keys held under `prefix` (tenant ‖ id) and every key the overlay touched there.
    fileprivate func keys(_ slot: Int, prefix: [UInt8]) -> (live: [[UInt8]], touched: Set<OverlayKey>) {
        makeIndexed(slot)
        let candidates: [Int]
        if prefix.withUnsafeBytes({ Self.groupPrefix($0)?.count }) == prefix.count {
            if tables[slot].groups == nil {
                var groups: [OverlayKey: [Int]] = [:]
                for (index, entry) in tables[slot].entries.enumerated() {
                    if let group = Self.groupPrefix(entry.key.buffer) { groups[OverlayKey(group), default: []].append(index) }
                }
                tables[slot].groups = groups
            }
            candidates = tables[slot].groups![OverlayKey(prefix)] ?? []
        } else {
            candidates = tables[slot].entries.indices.filter { tables[slot].entries[$0].key.buffer.starts(with: prefix) }
        }
        var live: [[UInt8]] = []
        var touched = Set<OverlayKey>()
        for index in candidates {
            let entry = tables[slot].entries[index]
            touched.insert(OverlayKey(entry.key.array))
            if entry.value != nil { live.append(entry.key.array) }
        }
        return (live, touched)
    }

    /// The first two length-prefixed components of `key` (tenant ‖ id), or `nil` when it has fewer.
    static func groupPrefix(_ key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var reader = BinaryReader(key)
        for _ in 0..<2 {
            guard let length = try? reader.readLength(), (try? reader.readRaw(count: length)) != nil else { return nil }
        }
        return UnsafeRawBufferPointer(rebasing: key[..<reader.offset])
    }

    /// Every touched key of every table, sorted as LMDB orders keys, each once with its final state:
    /// what the same operations would have left in the tables, as a list of writes. The overlay
    /// must not be written to afterwards.
    func sortedWrites() -> OverlayFlush {
        OverlayFlush(arena: arena, tables: tables.map { table in
            let order = SortKey.order(table.entries)
            var sorted: [Entry] = []
            sorted.reserveCapacity(order.count)
            for item in order {
                let entry = table.entries[Int(item.index)]
                if let last = sorted.last, last.key.equals(entry.key.buffer) {
                    sorted[sorted.count - 1] = entry
                } else {
                    sorted.append(entry)
                }
            }
            return OverlayFlush.Table(database: table.database, entries: sorted)
        })
    }
}

/// A key's first 24 bytes as three big-endian integers (zero-padded) and its entry's index: sorting
/// these compares integers, and whole keys only when the first 24 bytes tie. Zero-padding keeps the
/// order byte-wise: a key that is a prefix of another ties on the integers and is then put first.
struct SortKey {
    var a: UInt64
    var b: UInt64
    var c: UInt64
    var index: UInt32

    /// The entries' indices in key order; among equal keys, in the order they were put.
    static func order(_ entries: [DirectoryOverlay.Entry]) -> [SortKey] {
        var items = [SortKey]()
        items.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let key = entry.key.buffer
            items.append(SortKey(a: word(key, 0), b: word(key, 8), c: word(key, 16), index: UInt32(index)))
        }
        // Keys that arrive in order (the timeline, ids that grow with time) need no sort at all.
        if zip(items, items.dropFirst()).allSatisfy({ less($0, $1, entries) }) { return items }
        entries.withUnsafeBufferPointer { entries in
            items.sort { less($0, $1, entries) }
        }
        return items
    }

    private static func less(_ x: SortKey, _ y: SortKey, _ entries: UnsafeBufferPointer<DirectoryOverlay.Entry>) -> Bool {
        if x.a != y.a { return x.a < y.a }
        if x.b != y.b { return x.b < y.b }
        if x.c != y.c { return x.c < y.c }
        let order = OverlayBytes.compare(entries[Int(x.index)].key.buffer, entries[Int(y.index)].key.buffer)
        return order != 0 ? order < 0 : x.index < y.index
    }

    private static func less(_ x: SortKey, _ y: SortKey, _ entries: [DirectoryOverlay.Entry]) -> Bool {
        entries.withUnsafeBufferPointer { less(x, y, $0) }
    }

    private static func word(_ key: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for position in offset..<offset + 8 {
            word = word << 8 | UInt64(position < key.count ? key[position] : 0)
        }
        return word
    }
}

/// A key as a hashable value (for the overlay's rarely used prefix groups and scan bookkeeping).
struct OverlayKey: Hashable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = Array(bytes) }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// The projector's view of a ``DirectoryOverlay`` over committed tables.
///
/// `base` reads the tables as they were committed when the fold's read transaction began; nothing
/// else writes them while the fold runs (a rebuild's tables receive no live events until caught up).
struct OverlayWrites: ~Copyable, DirectoryTableWrites {
    let overlay: DirectoryOverlay
    let base: TransactionReader

    func value(_ table: Database, key: [UInt8]) throws -> [UInt8]? {
        let slot = overlay.slot(table)
        if let index = overlay.probe(slot, key).index { return overlay.value(slot, at: index)?.array }
        return overlay.baseIsEmpty ? nil : try base.get(table, key: key)
    }

    func put(_ table: Database, key: [UInt8], value: [UInt8]) throws {
        overlay.set(overlay.slot(table), key, value)
    }

    func putPreferringAppend(_ table: Database, key: [UInt8], value: [UInt8]) throws {
        overlay.set(overlay.slot(table), key, value)
    }

    func insertPreferringAppend(_ table: Database, key: [UInt8], value: [UInt8]) throws -> Bool {
        let slot = overlay.slot(table)
        let probe = overlay.probe(slot, key)
        let exists = try probe.index.map { overlay.value(slot, at: $0) != nil } ?? baseContains(table, key)
        guard !exists else { return false }
        overlay.set(slot, key, value, probe)
        return true
    }

    @discardableResult
    func delete(_ table: Database, key: [UInt8]) throws -> Bool {
        let slot = overlay.slot(table)
        let probe = overlay.probe(slot, key)
        let exists = try probe.index.map { overlay.value(slot, at: $0) != nil } ?? baseContains(table, key)
        guard exists else { return false }
        overlay.set(slot, key, nil, probe)
        return true
    }

    private func baseContains(_ table: Database, _ key: [UInt8]) throws -> Bool {
        overlay.baseIsEmpty ? false : try base.contains(table, key: key)
    }

    func keys(_ table: Database, prefix: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var (keys, touched) = overlay.keys(overlay.slot(table), prefix: prefix)
        if !overlay.baseIsEmpty {
            try base.scan(table, prefix: prefix) { key, _ in
                if !touched.contains(OverlayKey(key)) { keys.append(Array(key)) }
                return true
            }
        }
        keys.sort { a, b in a.withUnsafeBytes { x in b.withUnsafeBytes { y in OverlayBytes.compare(x, y) < 0 } } }
        for key in keys {
            try key.withUnsafeBytes { try body($0) }
        }
    }
}

/// An overlay's final state as writes in key order, split into chunks for the writer.
///
/// Guarantees: per table, keys strictly increase (so a table emptied first takes every put as an
/// append); ``chunks(maximumBytes:)`` covers every entry exactly once, in order, and returns at
/// least one chunk, so a window with nothing to write still records its progress. It holds the
/// arena its entries point into.
struct OverlayFlush: Sendable {
    struct Table: Sendable {
        var database: Database
        var entries: [DirectoryOverlay.Entry]
    }

    /// A run of consecutive entries of one table.
    struct Chunk: Sendable, Hashable {
        var table: Int
        var entries: Range<Int>
    }

    let arena: OverlayArena
    let tables: [Table]

    var count: Int { tables.reduce(0) { $0 + $1.entries.count } }

    /// Chunks of at most `maximumBytes` of keys and values each (a larger single entry is a chunk alone).
    func chunks(maximumBytes: Int) -> [Chunk] {
        var chunks: [Chunk] = []
        for (index, table) in tables.enumerated() where !table.entries.isEmpty {
            var start = 0
            var size = 0
            for (position, entry) in table.entries.enumerated() {
                let entrySize = entry.key.count + (entry.value?.count ?? 0)
                if size + entrySize > maximumBytes, position > start {
                    chunks.append(Chunk(table: index, entries: start..<position))
                    start = position
                    size = 0
                }
                size += entrySize
            }
            chunks.append(Chunk(table: index, entries: start..<table.entries.count))
        }
        return chunks.isEmpty ? [Chunk(table: 0, entries: 0..<0)] : chunks
    }

    /// Writes one chunk: puts (appended where the key sorts last) and deletes.
    func write(_ chunk: Chunk, _ txn: borrowing WriteTransaction) throws {
        guard chunk.table < tables.count else { return }
        let table = tables[chunk.table]
        try withExtendedLifetime(arena) {
            for entry in table.entries[chunk.entries] {
                if let value = entry.value {
                    try txn.putPreferringAppend(table.database, key: entry.key.buffer, value: value.buffer)
                } else {
                    try txn.delete(table.database, key: entry.key.buffer)
                }
            }
        }
    }
}
