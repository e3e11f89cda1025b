import Crypto
import _CryptoExtras

/// Hashes provisioned passwords with scrypt (RFC 7914) and a random salt, so a `password` is never
/// stored, logged or journaled in clear.
///
/// Guarantees: ``hash(_:)`` returns a PHC-style string `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`
/// (unpadded base64) with a fresh 16-byte salt from the system's secure generator, so hashing the same
/// password twice gives different strings; ``verify(_:against:)`` recomputes with the parameters
/// stored in the string. Hashing is deliberately slow (≈ 16 MiB and tens of milliseconds at the
/// default `ln=14`), so it runs before a write is queued, never on the log's writer thread.
public struct PasswordHasher: Sendable, Hashable {
    /// log2 of scrypt's cost N.
    public var logN: Int
    /// scrypt's block size r.
    public var blockSize: Int
    /// scrypt's parallelism p.
    public var parallelism: Int

    public init(logN: Int = 14, blockSize: Int = 8, parallelism: Int = 1) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// The PHC-style hash of `password`.
    /// - Throws: the underlying KDF's error for parameters it refuses (never for a password).
    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let derived = try derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        return "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Base64.encode(salt))$\(Base64.encode(derived))"
    }

    /// Whether `password` hashes to `encoded` (a string made by ``hash(_:)``).
    public func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[1] == "scrypt" else { return false }
        var parameters: [Substring: Int] = [:]
        for item in parts[2].split(separator: ",") {
            let pair = item.split(separator: "=")
            guard pair.count == 2, let value = Int(pair[1]) else { return false }
            parameters[pair[0]] = value
        }
        guard let logN = parameters["ln"], let r = parameters["r"], let p = parameters["p"], (1...24).contains(logN),
            let salt = Base64.decode(parts[3]), let expected = Base64.decode(parts[4]),
            let actual = try? derive(password, salt: salt, logN: logN, blockSize: r, parallelism: p)
        else { return false }
        return ConstantTime.equal(actual, expected)
    }

    private func derive(_ password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logN, blockSize: blockSize,
            parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Unpadded standard base64, for hash strings.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if index + 1 < bytes.count { output.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
            if index + 2 < bytes.count { output.append(alphabet[Int(b2 & 0x3F)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(value))
        }
        guard values.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            let v = Array(chunk) + Array(repeating: 0, count: 4 - chunk.count)
            output.append(v[0] << 2 | v[1] >> 4)
            if chunk.count > 2 { output.append(v[1] << 4 | v[2] >> 2) }
            if chunk.count > 3 { output.append(v[2] << 6 | v[3]) }
            index += 4
        }
        return output
    }
}
