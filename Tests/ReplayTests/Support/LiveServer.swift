import Foundation
import LoopbackSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The real `scim-server` executable, started on a free port over a data directory, driven over HTTP.
///
/// The server is built beside the test binary (the test target depends on it). It is started with
/// `--token` only (plus an optional policy file), so the tests depend on nothing but `--token`
/// being accepted; the tenant and actor it records are read back from the journal.
final class LiveServer: @unchecked Sendable {
    // `@unchecked Sendable`: `process` is set in `init` and only used by `stop()`, which tests call
    // once, after every request; URLSession is thread-safe.
    let dataDirectory: String
    let token: String
    let port: Int
    let process: Process
    private let session: URLSession
    private let logURL: URL

    var baseURL: String { "http://127.0.0.1:\(port)/scim/v2" }

    /// One HTTP response.
    struct Response {
        var status: Int
        var body: String
        var headers: [String: String]
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    init(dataDirectory: String, token: String, policyFile: String? = nil) async throws {
        self.dataDirectory = dataDirectory
        self.token = token
        port = try Loopback.freePort()
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        logURL = URL(fileURLWithPath: dataDirectory + ".log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = builtExecutable(named: "scim-server")
        process.arguments = ["--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dataDirectory, "--token", token, "--log-level", "warning"]
            + (policyFile.map { ["--policy-file", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        for name in environment.keys where name.hasPrefix("SCIM_") { environment.removeValue(forKey: name) }
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        session = URLSession(configuration: .ephemeral)
        try process.run()
        try await waitUntilServing()
    }

    /// Stops the server gracefully (SIGTERM) and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        session.invalidateAndCancel()
    }

    /// Sends one request with Entra's headers (`client-request-id`, SCIM content type) and the token.
    func send(_ method: String, _ path: String, body: String? = nil, clientRequestID: String? = nil) async throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)" + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let clientRequestID { request.setValue(clientRequestID, forHTTPHeaderField: "client-request-id") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/scim+json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] { headers["\(key)".lowercased()] = "\(value)" }
        return Response(status: http?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self), headers: headers)
    }

    private func waitUntilServing() async throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
                throw ServerFailure(description: "scim-server exited with status \(process.terminationStatus): \(log)")
            }
            if let response = try? await send("GET", "/scim/v2/ServiceProviderConfig"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerFailure(description: "scim-server did not answer on port \(port) within 120 s")
    }

}

struct ServerFailure: Error, CustomStringConvertible {
    var description: String
}
