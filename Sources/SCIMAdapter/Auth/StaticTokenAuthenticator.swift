import Crypto

/// A fixed set of bearer tokens, each bound to one tenant: for embedding the endpoint without a
/// token store, and for the tests of the endpoint and the operations layer (the server itself uses
/// ``TenancyAuthenticator``).
///
/// Guarantees: tokens are kept only as SHA-256 digests; a presented token is hashed and compared
/// with every configured digest in constant time (no early exit, so timing does not reveal how
/// much of a token matched or which entry did). A token authorises exactly its tenant; under
/// `/tenants/{other}/...` it is refused with 403. Empty tokens are never accepted.
public struct StaticTokenAuthenticator: RequestAuthenticator {
    /// One accepted token.
    public struct Credential: Sendable {
        public var token: String
        public var tenant: String
        /// The name recorded as the actor (for example `"bootstrap"`); never the token.
        public var name: String

        public init(token: String, tenant: String, name: String) {
            self.token = token
            self.tenant = tenant
            self.name = name
        }
    }

    private struct Entry: Sendable {
        var digest: [UInt8]
        var tenant: String
        var name: String
    }

    private let entries: [Entry]

    public init(credentials: [Credential]) {
        entries = credentials.filter { !$0.token.isEmpty }.map { credential in
            Entry(digest: Self.digest(credential.token), tenant: credential.tenant, name: credential.name)
        }
    }

    public func authenticate(bearerToken: String?, tenantInPath: String?) async throws(AuthenticationRefusal) -> AuthenticatedClient {
        guard let bearerToken, !bearerToken.isEmpty else {
            throw AuthenticationRefusal(SCIMError(status: 401, detail: "Authentication required: send the Secret Token as \"Authorization: Bearer <token>\"."))
        }
        let presented = Self.digest(bearerToken)
        var match: Entry?
        for entry in entries where ConstantTime.equal(entry.digest, presented) {
            match = entry
        }
        guard let match else {
            throw AuthenticationRefusal(SCIMError(status: 401, detail: "The bearer token is not valid for this server."))
        }
        if let tenantInPath, tenantInPath != match.tenant {
            throw AuthenticationRefusal(SCIMError(
                status: 403, detail: "This token belongs to another tenant and cannot be used under /tenants/\(tenantInPath)."))
        }
        return AuthenticatedClient(tenant: match.tenant, actor: "token:\(match.name)")
    }

    static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }
}
