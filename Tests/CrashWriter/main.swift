// A child process for the crash test: appends from many concurrent tasks as fast as it can and
// prints every acknowledged position, until it is killed.
//
// Usage: crash-writer <data-directory> [appenders]
// Output: one line per acknowledged event: `ack <position> <event-id>`.
import EventLog

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandleOutput.write("usage: crash-writer <data-directory> [appenders]\n", to: STDERR_FILENO)
    exit(2)
}
let appenders = arguments.count >= 3 ? Int(arguments[2]) ?? 32 : 32

/// Writes a line with one `write(2)` call: unbuffered, and atomic on a pipe (lines are < PIPE_BUF),
/// so a line printed is a line the parent can read even if the process is killed right after.
enum FileHandleOutput {
    static func write(_ text: String, to descriptor: Int32) {
        var line = text
        line.withUTF8 { bytes in _ = Glibc.write(descriptor, bytes.baseAddress, bytes.count) }
    }
}

let environment = try LMDBEnvironment(path: arguments[1])
let store = try EventStore(environment: environment)
FileHandleOutput.write("ready\n", to: STDOUT_FILENO)

await withTaskGroup(of: Void.self) { group in
    for appender in 0..<appenders {
        group.addTask {
            var sequence = 0
            while true {
                sequence += 1
                let id = EventID.random()
                let event = ProposedEvent(
                    id: id, type: "crash.test", stream: StreamID(tenant: "t", type: "Writer", id: "w\(appender)"),
                    payload: CrashPayload.bytes(for: id))
                do {
                    let recorded = try await store.append([event], metadata: CommandMetadata(actor: "crash", requestID: "r\(appender)-\(sequence)"))
                    FileHandleOutput.write("ack \(recorded[0].position) \(id)\n", to: STDOUT_FILENO)
                } catch {
                    FileHandleOutput.write("error \(error)\n", to: STDERR_FILENO)
                    exit(1)
                }
            }
        }
    }
}
