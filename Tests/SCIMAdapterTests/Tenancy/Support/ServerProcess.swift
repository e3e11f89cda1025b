import Foundation
import LoopbackSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A test failure with a message.
struct CLITestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The built `scim-server` executable (built beside the test binary: the test target depends on it).
func scimServerURL() -> URL {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("scim-server").path), directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("scim-server")
}

/// What one run of `scim-server` printed and returned.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `scim-server arguments` to completion.
func runScimServer(_ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = scimServerURL()
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "SCIM_DATA_DIR")
    environment.removeValue(forKey: "SCIM_TOKEN")
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
}

/// A `scim-server` started in the background, stopped with SIGTERM.
final class RunningServer {
    let process = Process()
    private let output = Pipe()
    let port: Int

    /// Starts `scim-server <arguments> --port <a free port>` and waits until it printed its banner.
    init(_ arguments: [String]) throws {
        port = try Loopback.freePort()
        process.executableURL = scimServerURL()
        process.arguments = arguments + ["--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SCIM_TOKEN")
        process.environment = environment
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Standard output up to the banner's end (an empty line), within `timeout`.
    func banner(timeout: Duration = .seconds(60)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var text = ""
        while !text.contains("\n\n") {
            guard ContinuousClock.now < deadline, process.isRunning else { throw CLITestFailure("no banner; printed: \(text)") }
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { usleep(20_000) }
            text += String(decoding: data, as: UTF8.self)
        }
        return text
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// One HTTP/1.1 request over a plain socket, with exactly the headers given (no `Accept` unless
/// asked): what Entra's Test Connection sends. Retries the connection until the server listens.
func rawHTTP(port: Int, _ requestLine: String, headers: [String] = [], timeout: Duration = .seconds(30)) throws -> (status: Int, body: String) {
    let deadline = ContinuousClock.now + timeout
    while true {
        guard let descriptor = try Loopback.connect(port: port) else {
            guard ContinuousClock.now < deadline else { throw CLITestFailure("cannot connect to port \(port)") }
            usleep(50_000)
            continue
        }
        defer { close(descriptor) }
        let request = ([requestLine, "Host: 127.0.0.1:\(port)"] + headers + ["Connection: close", "", ""]).joined(separator: "\r\n")
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let statusText = text.split(separator: " ", maxSplits: 2).dropFirst().first, let status = Int(statusText),
            let split = text.range(of: "\r\n\r\n")
        else { throw CLITestFailure("not an HTTP response: \(text)") }
        var body = String(text[split.upperBound...])
        if text[..<split.lowerBound].lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return (status, body)
    }
}

/// The payload of a chunked body.
private func dechunk(_ text: String) -> String {
    var rest = Substring(text)
    var body = ""
    while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
        let start = lineEnd.upperBound
        let end = rest.utf8.index(start, offsetBy: size)
        body += rest[start..<end]
        rest = rest[end...].dropFirst(2)
    }
    return body
}
