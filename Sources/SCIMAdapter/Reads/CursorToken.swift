/// An RFC 9865 cursor: where the next page of a query starts.
///
/// Guarantees: opaque to clients (unpadded base64url); bound to the query that issued it (its
/// filter and sort), so a cursor replayed with another query is refused with 400 `invalidCursor`
/// instead of silently returning the wrong page. Unsorted queries resume after the last id
/// returned (ids are time-ordered), so a page never repeats or skips a resource that existed
/// when the previous page was read; sorted queries resume at an offset. Cursors do not expire.
struct CursorToken: Sendable, Hashable {
    enum Position: Sendable, Hashable {
        /// Resume after this id (id order).
        case after(String)
        /// Resume at this zero-based offset of the sorted result.
        case offset(Int)
    }

    /// The lifetime advertised as `cursorTimeout` (cursors never expire; this is a minimum).
    static let lifetimeSeconds = 86_400

    let position: Position
    let fingerprint: String

    init(position: Position, fingerprint: String) {
        self.position = position
        self.fingerprint = fingerprint
    }

    /// Reads a cursor issued for the query with `fingerprint`.
    init(decoding text: String, fingerprint: String) throws(SCIMError) {
        let invalid = SCIMError(status: 400, scimType: .init(rawValue: "invalidCursor"),
                                detail: "The cursor \"\(text)\" was not issued by this server for this query; start again with an empty cursor.")
        guard let bytes = Base64URL.decode(text) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == fingerprint else { throw invalid }
        switch parts[0] {
        case "k" where !parts[2].isEmpty: position = .after(String(parts[2]))
        case "o":
            guard let offset = Int(parts[2]), offset >= 0 else { throw invalid }
            position = .offset(offset)
        default: throw invalid
        }
        self.fingerprint = fingerprint
    }

    /// The text sent to clients as `nextCursor`.
    var encoded: String {
        let body: String
        switch position {
        case .after(let id): body = "k|\(fingerprint)|\(id)"
        case .offset(let offset): body = "o|\(fingerprint)|\(offset)"
        }
        return Base64URL.encode(Array(body.utf8))
    }

    /// A stable fingerprint of a query's defining parts (FNV-1a, 64 bits, hex).
    static func fingerprint(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Unpadded base64url.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard !text.contains("+"), !text.contains("/") else { return nil }
        return Base64.decode(String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 }))
    }
}
