extension StringProtocol {
    /// ASCII-case-insensitive equality: the comparison of attribute names and schema URNs.
    ///
    /// The same answer as `equalsIgnoringASCIICase(_:)` of Projections, declared in this module so
    /// that it is specialised for the concrete string types of its callers: schema lookups call it
    /// for every attribute of every resource rendered, and the unspecialised cross-module generic
    /// call cost a third of the server's CPU time under load. Compares contiguous UTF-8 directly.
    @inline(__always)
    func matchesIgnoringCase<Other: StringProtocol>(_ other: Other) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y in ASCIICase.equal(x, y) }
        }
        if let fast, let result = fast { return result }
        return ASCIICase.equal(Array(utf8), Array(other.utf8))
    }
}

enum ASCIICase {
    @inline(__always)
    static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
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

    static func equal(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in equal(a, b) } }
    }
}
