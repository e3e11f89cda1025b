/// Detects a repeated key while an object's members are collected, cheaply for small objects.
///
/// Guarantees: ``insert(_:existing:)`` returns `false` exactly when `key` equals (by `String ==`,
/// the comparison ``JSONObject`` itself uses) the key of a member already in `existing`, so an object
/// built from members that all passed is safe for ``JSONObject/init(uniqueMembers:)``. Objects with
/// up to ``linearLimit`` members are checked by a linear scan (no allocation); larger ones switch to
/// a hash set built once, so the check stays O(n) overall for hostile, very wide objects.
struct JSONKeySet {
    static let linearLimit = 16

    private var seen: Set<String>?

    init() { seen = nil }

    /// Records `key`, the key of the next member of `existing`; `false` when it is a duplicate.
    mutating func insert(_ key: String, existing: [JSONObject.Member]) -> Bool {
        if var set = seen {
            seen = nil  // keep the set uniquely referenced while it is mutated
            let inserted = set.insert(key).inserted
            seen = set
            return inserted
        }
        if existing.count < Self.linearLimit {
            for member in existing where member.key == key { return false }
            return true
        }
        var set = Set<String>(minimumCapacity: existing.count * 2)
        for member in existing { set.insert(member.key) }
        let inserted = set.insert(key).inserted
        seen = set
        return inserted
    }
}
