/// Detects a repeated key while an object's members are collected, cheaply for small objects.
///
/// Guarantees: ``insert(_:isASCII:existing:)`` returns `false` exactly when `key` equals (by
/// `String ==`, the comparison ``JSONObject`` itself uses, which folds canonically equivalent
/// spellings such as `"K"` and `"\u{212A}"` KELVIN SIGN) the key of a member already in `existing`,
/// so an object built from members that all passed is safe for ``JSONObject/init(uniqueMembers:)``.
/// Objects with up to ``linearLimit`` members are checked by a linear scan (no allocation); while
/// every key is ASCII, where `==` is byte equality, keys of different lengths are skipped without
/// calling `==`. Larger objects switch to a hash set built once, so hostile, very wide objects stay
/// O(n) overall.
struct JSONKeySet {
    static let linearLimit = 32

    private var seen: Set<String>?
    private var allASCII = true

    init() { seen = nil }

    /// Records `key`, the key of the next member of `existing`; `false` when it is a duplicate.
    /// `isASCII` may be `false` for an ASCII key (that only costs speed), never the reverse.
    mutating func insert(_ key: String, isASCII: Bool, existing: [JSONObject.Member]) -> Bool {
        if var set = seen {
            seen = nil  // keep the set uniquely referenced while it is mutated
            let inserted = set.insert(key).inserted
            seen = set
            return inserted
        }
        if existing.count < Self.linearLimit {
            allASCII = allASCII && isASCII
            if allASCII {
                let count = key.utf8.count
                for member in existing where member.key.utf8.count == count && member.key == key { return false }
            } else {
                for member in existing where member.key == key { return false }
            }
            return true
        }
        var set = Set<String>(minimumCapacity: existing.count * 2)
        for member in existing { set.insert(member.key) }
        let inserted = set.insert(key).inserted
        seen = set
        return inserted
    }
}
