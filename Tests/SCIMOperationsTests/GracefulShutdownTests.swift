import EventLog
import Foundation
import Projections
import SCIMAdapter
import Synchronization
import LoopbackSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the built `scim-server` executable under a write load, stops it with SIGTERM mid-load, and
/// checks that every write it acknowledged is in the data directory afterwards.
@Suite(.serialized) struct GracefulShutdownTests {
    static let token = "shutdown-test-token"

    @Test func sigtermDuringAWriteLoadLosesNoAcknowledgedWrite() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("scim-shutdown-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let port = try Loopback.freePort()
        let server = Process()
        server.executableURL = Self.executable("scim-server")
        server.arguments = ["--host", "127.0.0.1", "--port", String(port), "--data-dir", data, "--token", Self.token, "--map-size", "64MiB"]
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("SCIM_") { environment.removeValue(forKey: key) }
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let base = "http://127.0.0.1:\(port)/scim/v2"
        let pid = server.processIdentifier
        try await Self.waitUntilServing(base)

        let acknowledged = Acknowledged()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    var sequence = 0
                    while true {
                        sequence += 1
                        guard let (status, id) = try? await Self.createUser(base, "w\(worker)-\(sequence)@example.com") else { return }
                        if status == 201, let id { acknowledged.ids.withLock { $0.append(id) } }
                        if status != 201 { return }
                    }
                }
            }
            group.addTask {
                while acknowledged.ids.withLock({ $0.count }) < 100 { try await Task.sleep(for: .milliseconds(10)) }
                kill(pid, SIGTERM)
            }
            try await group.waitForAll()
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while server.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning, "the server stopped within 30 s of SIGTERM")
        if server.isRunning { server.terminate() }
        server.waitUntilExit()
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)

        let ids = acknowledged.ids.withLock { $0 }
        #expect(ids.count >= 100)
        let directory = try SCIMDirectory(path: data, configuration: .init(mapSize: 64 << 20))
        defer { directory.shutdown() }
        let service = SCIMService(directory: directory)
        var missing: [String] = []
        for id in ids {
            let exchange = SCIMExchange(
                requestID: "check", method: "GET", target: "/scim/v2/Users/\(id)", client: AuthenticatedClient(tenant: "default", actor: "test"),
                baseURL: "http://check/scim/v2")
            if await service.handle(.resource(.user, id: id), exchange).status != 200 { missing.append(id) }
        }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.count) of \(ids.count)")
    }

    /// The ids of the users whose creation the server acknowledged (201).
    final class Acknowledged: Sendable {
        let ids = Mutex<[String]>([])
    }

    static func createUser(_ base: String, _ userName: String) async throws -> (Int, String?) {
        var request = URLRequest(url: URL(string: "\(base)/Users")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/scim+json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)"}"#.utf8)
        request.timeoutInterval = 10
        let (body, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let id = (try? JSONValue(parsing: Array(body)))?.objectValue?["id"]?.stringValue
        return (status, id)
    }

    static func waitUntilServing(_ base: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            var request = URLRequest(url: URL(string: "\(base)/ServiceProviderConfig")!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            if let (_, response) = try? await URLSession.shared.data(for: request), (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("scim-server did not start serving within 60 s")
    }

    /// A product built into the same directory as the test binary.
    static func executable(_ name: String) -> URL {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent(name)
    }
}
