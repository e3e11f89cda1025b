import NIOSSL

/// A PEM certificate chain and private key for serving HTTPS directly.
///
/// Guarantees: ``serverConfiguration()`` reads both files once, at start, and fails with a
/// ``TLSFilesError`` naming the file and what is wrong with it (missing, unreadable, not PEM,
/// no certificate in it); TLS 1.2 is the minimum version (Entra uses 1.2 and 1.3).
public struct TLSFiles: Sendable, Hashable {
    /// The certificate chain (leaf first), PEM.
    public var certificatePath: String
    /// The private key of the leaf certificate, PEM, unencrypted.
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// The server TLS configuration.
    public func serverConfiguration() throws(TLSFilesError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw TLSFilesError(path: certificatePath, problem: "is not a readable PEM certificate file (\(error))")
        }
        guard !chain.isEmpty else { throw TLSFilesError(path: certificatePath, problem: "holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw TLSFilesError(path: keyPath, problem: "is not a readable, unencrypted PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}

/// A TLS certificate or key file that cannot be used.
public struct TLSFilesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "TLS: \(path) \(problem)" }
}
