/// An open-addressing hash table from keys to their index in an overlay table's entries.
///
/// Each slot keeps the key's 32-bit hash beside the index, so a probe compares the stored key's
/// bytes only when the hashes agree: about one cache miss per lookup, where a `Dictionary` of
/// array keys follows a pointer for every key it probes. At most half full.
///
/// Guarantees: ``find(_:hash:in:)`` returns the index ``insert(_:hash:)`` recorded for an equal
/// key, or `nil`; the indices must be valid positions of the entries passed to it.
struct OverlayIndex {
    /// Hash (high 32 bits) ‖ index + 1 (low 32 bits); 0 is an empty slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    private var count = 0

    /// The bytes the table holds.
    var bytes: Int { slots.count * 8 }

    /// The hash of `key` (seeded per process, as `Hasher` is).
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        return UInt32(truncatingIfNeeded: hasher.finalize())
    }

    func find(_ key: UnsafeRawBufferPointer, hash: UInt32, in entries: [DirectoryOverlay.Entry]) -> Int? {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if UInt32(truncatingIfNeeded: stored >> 32) == hash {
                let index = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
                if entries[index].key.equals(key) { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records `index` for a key of hash `hash` that is not in the table.
    mutating func insert(_ index: Int, hash: UInt32) {
        precondition(index < Int(UInt32.max), "an overlay table holds fewer than 4 billion keys")
        if (count + 1) * 2 > slots.count { grow() }
        place(UInt64(hash) << 32 | UInt64(index + 1))
        count += 1
    }

    private mutating func place(_ stored: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: stored >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = stored
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        for stored in old where stored != 0 { place(stored) }
    }
}
