import EventLog
import Foundation
import Testing

/// What one run of the `replay` executable printed and returned.
struct ReplayResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `replay` executable (it is built into the same directory as the test binary,
/// because the test target depends on it) with `arguments`, standard error not a terminal.
func replay(_ arguments: [String], environment: [String: String] = [:]) throws -> ReplayResult {
    let process = Process()
    process.executableURL = builtExecutable(named: "replay")
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "SCIM_DATA_DIR")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outURL = directory.appendingPathComponent("stdout")
    let errURL = directory.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return ReplayResult(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// An executable of this package, built into the same directory as (or a parent directory of) the test binary.
func builtExecutable(named name: String) -> URL {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent(name)
}

/// Replaces the real times of a test directory by fixed ones, so output can be compared with golden files.
///
/// Event times are stamped by the log's writer (the wall clock; they cannot be chosen), so the
/// tests substitute them: every distinct time the directory holds is sorted and the n-th one
/// becomes 2025-06-02T08:00:00Z plus n seconds, in both printed precisions (milliseconds and
/// microseconds). The directory keeps its times at least 3 ms apart, so the order, and therefore
/// the substitution, is the same on every run. A time in the output that the directory does not
/// hold becomes `<unknown time>`, which fails the comparison.
struct TimeNormaliser {
    private var replacements: [String: String] = [:]

    init(_ times: [Timestamp]) {
        let base = Timestamp(iso8601: "2025-06-02T08:00:00Z")?.microseconds ?? 0
        for (index, time) in Set(times).sorted().enumerated() {
            let fake = Timestamp(microsecondsSince1970: base + Int64(index) * 1_000_000)
            replacements[time.iso8601] = fake.iso8601
            replacements[time.iso8601Microseconds] = fake.iso8601Microseconds
        }
    }

    func callAsFunction(_ text: String) -> String {
        text.replacing(#/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}(\d{3})?)?Z/#) { match in
            replacements[String(match.output.0)] ?? "<unknown time>"
        }
    }
}

/// Compares `text` with `Tests/ReplayTests/Golden/<name>`; with `REPLAY_UPDATE_GOLDEN=1`, writes it there instead.
func expectGolden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["REPLAY_UPDATE_GOLDEN"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file \(name); run with REPLAY_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    guard expected != text else { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(expectedLines.count, actualLines.count)
    Issue.record(
        """
        output differs from golden file \(name) at line \(first + 1):
          expected: \(first < expectedLines.count ? String(expectedLines[first]) : "(end of file)")
          actual:   \(first < actualLines.count ? String(actualLines[first]) : "(end of output)")
        whole output:
        \(text)
        """, sourceLocation: sourceLocation)
}
