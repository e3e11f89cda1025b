import Crypto

/// A bearer token as shown to its owner once: `scim_<token id>_<secret>`.
///
/// Format (65 ASCII characters): the prefix `scim_`; the token id, 16 lower-case hexadecimal
/// digits (64 random bits; not secret, it names the token so lookup is by id); `_`; the secret,
/// 32 bytes from `SystemRandomNumberGenerator` in unpadded base64url (43 characters; the last
/// one's two unused bits are zero, so each secret has exactly one spelling).
///
/// Guarantees: the plaintext exists only in this value, handed once to whoever issued the token.
/// Only ``TokenHash`` is ever stored. `description` and `debugDescription` redact the secret, so
/// logging the value, or a struct holding it, does not leak it; ask for ``plaintext`` explicitly.
/// Deliberately not `Equatable`: a presented token is checked only through its digest
/// (``TenancyService/authenticate(bearer:now:)``), never by comparing secrets.
public struct TokenSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The number of random bytes in a secret.
    public static let secretByteCount = 32
    /// The number of hexadecimal digits of a token id.
    public static let tokenIDLength = 16
    static let prefix = "scim_"

    /// The token's id (also stored in the clear).
    public let tokenID: String
    let secret: [UInt8]
    /// `true` for a token the operator chose (``init(configured:)``): its secret is its whole text.
    let isConfigured: Bool

    /// The full bearer token, to show once and never store.
    public var plaintext: String {
        isConfigured ? String(decoding: secret, as: UTF8.self) : Self.prefix + tokenID + "_" + Base64URL.encode(secret)
    }

    public var description: String { isConfigured ? "configured token \(tokenID) <redacted>" : Self.prefix + tokenID + "_<redacted>" }
    public var debugDescription: String { description }

    init(tokenID: String, secret: [UInt8], isConfigured: Bool = false) {
        self.tokenID = tokenID
        self.secret = secret
        self.isConfigured = isConfigured
    }

    /// A new token id and secret from the system's cryptographic random source.
    static func generate() -> TokenSecret {
        var generator = SystemRandomNumberGenerator()
        var secret: [UInt8] = []
        secret.reserveCapacity(secretByteCount)
        while secret.count < secretByteCount {
            withUnsafeBytes(of: generator.next() as UInt64) { secret.append(contentsOf: $0) }
        }
        return TokenSecret(tokenID: newTokenID(using: &generator), secret: secret)
    }

    /// A fresh random token id (16 hex digits).
    static func newTokenID(using generator: inout some RandomNumberGenerator) -> String {
        let value: UInt64 = generator.next()
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: tokenIDLength - digits.count) + digits
    }

    /// Parses a bearer token. Returns `nil` unless it has exactly the format above.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        let idEnd = Self.prefix.utf8.count + Self.tokenIDLength
        guard bytes.count == idEnd + 1 + 43, bytes.starts(with: Self.prefix.utf8), bytes[idEnd] == UInt8(ascii: "_") else { return nil }
        let id = bytes[Self.prefix.utf8.count..<idEnd]
        guard id.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }),
            let secret = Base64URL.decode(bytes[(idEnd + 1)...]), secret.count == Self.secretByteCount
        else { return nil }
        self.init(tokenID: String(decoding: id, as: UTF8.self), secret: secret)
    }

    /// The digest stored for this token (see ``TokenHash``).
    var hash: TokenHash { TokenHash(bytes: Array(Self.digest(tokenID: tokenID, secret: secret))) }

    /// SHA-256 of `"scim-token-v1"`, 0, the token id, 0, and the secret bytes. Binding the id into
    /// the hash means a stored hash only ever verifies the token it was issued for.
    static func digest(tokenID: String, secret: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(data: Array("scim-token-v1".utf8) + [0] + Array(tokenID.utf8) + [0])
        hasher.update(data: secret)
        return hasher.finalize()
    }

    /// Whether this token's digest equals `stored`, in time independent of where they differ
    /// (swift-crypto's `Digest ==`, which compares every byte with no early exit).
    func matches(_ stored: TokenHash) -> Bool {
        Self.digest(tokenID: tokenID, secret: secret) == stored.bytes
    }
}

/// The stored form of a token: a SHA-256 digest of its id and secret (see ``TokenSecret``).
///
/// A plain (unsalted, fast) hash is enough: the secret is 256 random bits, so there is nothing
/// to guess and no dictionary to precompute. Written in events as `sha256:` and 64 hex digits.
public struct TokenHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `sha256:<64 hex digits>`.
    init?(text: String) {
        guard text.hasPrefix("sha256:") else { return nil }
        let hex = Array(text.utf8.dropFirst(7))
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return "sha256:" + String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Unpadded base64url (RFC 4648 §5), strict: no padding, no other characters, zero unused bits.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for sextet in 0...chunk.count { out.append(alphabet[Int((value >> (18 - 6 * sextet)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in text {
            guard let value = sextet(character) else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return buffer == 0 ? out : nil
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
