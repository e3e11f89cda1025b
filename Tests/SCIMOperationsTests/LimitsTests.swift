import EventLog
import Foundation
import HTTPTypes
import HummingbirdTesting
import Projections
import SCIMAdapter
import SCIMOperations
import LoopbackSupport
import Testing

@Suite struct LimitsTests {
    @Test func anOversizedBodyIsStill413ThroughTheOperationsLayer() async throws {
        let server = try OperatedServer()
        try await server.run { client in
            let padding = String(repeating: "x", count: 2 << 20)
            let reply = try await client.send(
                .post, "/scim/v2/Users", json: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"big","title":"\#(padding)"}"#)
            #expect(reply.status == 413)
            #expect(reply.json?["detail"]?.stringValue?.contains("larger than") == true)
            #expect(server.directory.eventCount == 0)
        }
        #expect(try await server.journalEntries().map(\.status) == [413])
    }

    @Test func aClientThatStopsSendingItsBodyGets408AtTheDeadline() async throws {
        let server = try OperatedServer()
        try await server.run(.live, operations: OperationsConfiguration(requestTimeout: .milliseconds(500))) { client in
            let port = try #require(client.client.port)
            let started = ContinuousClock.now
            let answer = try await RawHTTP.exchange(
                port: port,
                send: "POST /scim/v2/Users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(OperatedServer.token)\r\n"
                    + "Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{\"userName\":")
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(answer.lowercased().contains("connection: close"))
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try await client.get("/health", token: nil).status == 200, "the server is not held up")
        }
        #expect(server.directory.eventCount == 0)
    }
}

extension LimitsTests {
    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        let server = try OperatedServer()
        try await server.run(.live, operations: OperationsConfiguration(idleTimeout: .milliseconds(300))) { client in
            let port = try #require(client.client.port)
            let started = ContinuousClock.now
            let answer = try await RawHTTP.exchange(port: port, send: "")
            let waited = ContinuousClock.now - started
            #expect(answer.isEmpty)
            #expect(waited < .seconds(4), "closed by the server, not by the client's 5 s read timeout: \(waited)")
        }
    }
}

/// A blocking TCP exchange on its own thread (never on the cooperative pool the server uses).
enum RawHTTP {
    static func exchange(port: Int, send request: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, request: request) })
            }
        }
    }

    private static func blockingExchange(port: Int, request: String) throws -> String {
        guard let fd = try Loopback.connect(port: port) else { throw POSIXError(.ECONNREFUSED) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
