import EventLog
import Foundation
import HummingbirdTesting
import Projections
import SCIMAdapter
import SCIMOperations
import Testing

@Suite struct TLSTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures")).path
    }

    @Test func servesSCIMOverHTTPSWithTheGivenCertificate() async throws {
        let server = try OperatedServer()
        let files = TLSFiles(certificatePath: try Self.fixture("test-only-cert"), keyPath: try Self.fixture("test-only-key"))
        try await server.run(.ahc(.https), tls: files) { client in
            #expect(try await client.get("/health", token: nil).status == 200)
            let created = try await client.createUser("tls-user")
            #expect(created.status == 201, "\(created.body)")
            let location = try #require(created.header("Location"))
            #expect(location.hasPrefix("https://"), "served over TLS, locations are https: \(location)")
            #expect(try await client.get("/scim/v2/Users?filter=userName%20eq%20%22tls-user%22").status == 200)
        }
    }

    @Test func aMissingOrWrongFileIsAnErrorNamingIt() throws {
        let missing = TLSFiles(certificatePath: "/nonexistent/cert.pem", keyPath: try Self.fixture("test-only-key"))
        #expect(failure { try missing.serverConfiguration() }?.contains("/nonexistent/cert.pem") == true)
        let swapped = TLSFiles(certificatePath: try Self.fixture("test-only-key"), keyPath: try Self.fixture("test-only-cert"))
        #expect(failure { try swapped.serverConfiguration() }?.contains("test-only-key.pem") == true)
    }
}
