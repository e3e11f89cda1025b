import Crypto

extension TokenSecret {
    /// The lengths a configured token may have, in characters.
    public static let configuredTokenLengths = 16...512

    /// A bearer token the operator chose rather than one this server generated: the server's
    /// `--token` / `SCIM_TOKEN`, kept so that scripts and CI can set a known Secret Token.
    ///
    /// Accepted: 16 to 512 visible ASCII characters (`!` to `~`), no spaces. The token id is derived
    /// from the text: the first 8 bytes of SHA-256(`"scim-configured-token-v1"` ‖ 0 ‖ text), in
    /// hex, so the same text always names the same token (registering it again at every start is a
    /// no-op) and a bearer is still looked up with one point get. The secret is the whole text, and
    /// it is stored like any other: only the digest of ``TokenSecret`` (id and text) is written.
    ///
    /// A configured token is only as strong as its text: use at least 32 random characters.
    /// Returns `nil` for text outside the rules above.
    public init?(configured text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard Self.configuredTokenLengths.contains(bytes.count),
            bytes.allSatisfy({ (UInt8(ascii: "!")...UInt8(ascii: "~")).contains($0) })
        else { return nil }
        var hasher = SHA256()
        hasher.update(data: Array("scim-configured-token-v1".utf8) + [0])
        hasher.update(data: bytes)
        let digits = Array("0123456789abcdef".utf8)
        let id = hasher.finalize().prefix(8).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }
        self.init(tokenID: String(decoding: id, as: UTF8.self), secret: bytes, isConfigured: true)
    }
}
