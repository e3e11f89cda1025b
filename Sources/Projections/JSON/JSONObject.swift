/// A JSON object whose members keep the order the client wrote them in.
///
/// Guarantees: keys are unique (compared with `String` equality, that is canonical Unicode
/// equivalence); the parser rejects duplicates and
/// ``subscript(_:)`` replaces in place. Equality ignores member order. Lookups by SCIM attribute
/// name should use the case-insensitive methods, because attribute names are case-insensitive
/// (RFC 7643 §2.1) while the stored spelling is whatever the client sent.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in the order they were written.
    public private(set) var members: [Member]

    public init() { self.members = [] }

    /// Creates an object from members; when a key repeats, the later value wins at the earlier position.
    public init(_ members: [Member]) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for member in members { self[member.key] = member.value }
    }

    /// Creates an object from members the caller guarantees to have unique keys (the decoders do).
    package init(uniqueMembers: [Member]) {
        self.members = uniqueMembers
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value for an exact key; setting `nil` removes the member, setting a value replaces it in
    /// place or appends it.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// The index of the first member whose key equals `key` ignoring ASCII case.
    public func firstIndex(caseInsensitiveKey key: String) -> Int? {
        members.firstIndex { $0.key.equalsIgnoringASCIICase(key) }
    }

    /// The value of the first member whose key equals `key` ignoring ASCII case.
    public func value(caseInsensitiveKey key: String) -> JSONValue? {
        firstIndex(caseInsensitiveKey: key).map { members[$0].value }
    }

    /// Replaces the value of the member matching `key` ignoring case (keeping the stored spelling),
    /// or appends a member spelled `key`. Setting `nil` removes every case-variant of `key`.
    public mutating func setValue(_ value: JSONValue?, caseInsensitiveKey key: String) {
        guard let value else {
            members.removeAll { $0.key.equalsIgnoringASCIICase(key) }
            return
        }
        if let index = firstIndex(caseInsensitiveKey: key) {
            members[index].value = value
        } else {
            members.append(Member(key: key, value: value))
        }
    }

    /// Removes the member at `index`.
    public mutating func remove(at index: Int) {
        members.remove(at: index)
    }

    /// Renames the member at `index`, keeping its position and value. Another member already
    /// spelled `key` is removed, so keys stay unique.
    public mutating func renameMember(at index: Int, to key: String) {
        let value = members[index].value
        let before = members[..<index].filter { $0.key != key }
        let after = members[(index + 1)...].filter { $0.key != key }
        members = before + [Member(key: key, value: value)] + after
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        if zip(lhs.members, rhs.members).allSatisfy({ $0 == $1 }) { return true }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine member hashes commutatively.
        var combined = 0
        for member in members {
            var h = Hasher()
            h.combine(member)
            combined = combined &+ h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

extension StringProtocol {
    /// Compares two strings byte for byte, folding ASCII letters only. SCIM attribute names and
    /// schema URNs are ASCII, so this is the right (and fast) comparison for them.
    ///
    /// `@inlinable` so that callers in other modules get it specialised for their string types:
    /// schema lookups call it for every attribute of every resource rendered, and the unspecialised
    /// generic call once cost a third of the server's CPU under load.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y in ASCIICaseComparison.equal(x, y) }
        }
        if let fast, let result = fast { return result }
        let x = Array(utf8)
        let y = Array(other.utf8)
        return x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in ASCIICaseComparison.equal(a, b) } }
    }
}

/// The byte loop behind ``Swift/StringProtocol/equalsIgnoringASCIICase(_:)``.
public enum ASCIICaseComparison {
    @inlinable @inline(__always)
    public static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        for index in 0..<x.count {
            let a = x[index]
            let b = y[index]
            if a == b { continue }
            let folded = a | 0x20
            guard folded == b | 0x20, folded >= UInt8(ascii: "a"), folded <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}
