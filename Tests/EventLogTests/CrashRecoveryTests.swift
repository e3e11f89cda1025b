import EventLog
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Kills a writing process with SIGKILL at random moments and checks that every append it was told
/// had committed is in the log, intact, with gapless positions.
@Suite struct CrashRecoveryTests {
    @Test func everyAcknowledgedEventSurvivesSIGKILL() async throws {
        let directory = try TemporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [Position: EventID] = [:]
        let cycles = 20
        var ackCounts: [Int] = []
        for cycle in 0..<cycles {
            let delay = Int.random(in: 30...300, using: &generator)
            let lines = try runAndKill(arguments: [directory.path, "32"], afterMilliseconds: delay)
            var cycleAcks = 0
            defer { ackCounts.append(cycleAcks) }
            for line in lines where line.hasPrefix("ack ") {
                let parts = line.split(separator: " ")
                guard parts.count == 3, let raw = UInt64(parts[1]), let id = EventID(parts[2]) else {
                    Issue.record("cycle \(cycle): unreadable line \(line)")
                    continue
                }
                acknowledged[Position(raw)] = id
                cycleAcks += 1
            }
            // Reopen after every kill, as a restarted server would.
            let environment = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 1 << 30))
            let store = try EventStore(environment: environment)
            let events = try await store.events().collect()
            #expect(events.enumerated().allSatisfy { $0.element.position.rawValue == UInt64($0.offset + 1) },
                    "positions are gapless after cycle \(cycle)")
            for event in events {
                #expect(event.payload == CrashPayload.bytes(for: event.id), "event \(event.position) is intact")
            }
            let byPosition = Dictionary(uniqueKeysWithValues: events.map { ($0.position, $0.id) })
            for (position, id) in acknowledged {
                #expect(byPosition[position] == id, "acknowledged event \(position) survived cycle \(cycle)")
            }
            store.shutdown()
        }
        // Most kills must land while events are being acknowledged, or the test proves nothing.
        #expect(ackCounts.filter { $0 > 0 }.count >= cycles / 2, "acknowledged per cycle: \(ackCounts)")
        print("crash test: acknowledged events per cycle \(ackCounts), \(acknowledged.count) in all")
    }

    /// Starts the crash writer, kills it with SIGKILL after `delay` ms of appending, returns its output lines.
    private func runAndKill(arguments: [String], afterMilliseconds delay: Int) throws -> [String] {
        let process = Process()
        process.executableURL = crashWriterURL()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for "ready" so that the kill lands while appending, not while opening.
        var collected = Data()
        let handle = output.fileHandleForReading
        while !String(decoding: collected, as: UTF8.self).contains("ready\n") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
        }
        usleep(UInt32(delay * 1000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        collected.append(handle.readDataToEndOfFile())
        let text = String(decoding: collected, as: UTF8.self)
        // A line cut by the kill has no newline; only complete lines count as acknowledged.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    private func crashWriterURL() -> URL {
        // The test binary and the crash writer are built into the same directory.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("crash-writer").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("crash-writer")
    }
}
