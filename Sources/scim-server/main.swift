// scim-server: opens (creating if needed) the data directory and reports the state of its event log.
//
// Usage: scim-server [--data-dir PATH]    (default ./scim-data, or $SCIM_DATA_DIR)
import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Writes `error: message` to standard error.
func printError(_ message: String) {
    var line = "error: \(message)\n"
    line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
        usage: scim-server [--data-dir PATH]

        Opens the directory's event log in PATH (default ./scim-data, or $SCIM_DATA_DIR),
        creating it on first start, and reports its state.
        """)
    exit(0)
}
var dataDirectory = getenv("SCIM_DATA_DIR").map { String(cString: $0) } ?? "./scim-data"
if let index = arguments.firstIndex(of: "--data-dir") {
    guard index + 1 < arguments.count else {
        printError("--data-dir needs a path")
        exit(2)
    }
    dataDirectory = arguments[index + 1]
}

if mkdir(dataDirectory, 0o755) != 0 && errno != EEXIST {
    printError("cannot create the data directory \(dataDirectory): \(String(cString: strerror(errno)))")
    exit(1)
}

do {
    let environment = try LMDBEnvironment(path: dataDirectory)
    let store = try EventStore(environment: environment)
    let usage = environment.usage()
    let last = try store.event(at: store.lastPosition)
    print("event log: \(dataDirectory)")
    print("  events:          \(store.lastPosition.rawValue)")
    print("  last recorded:   \(last.map { "\($0.recordedAt.iso8601) (\($0.type))" } ?? "never")")
    print("  map:             \(usage.usedBytes / 1024) KiB used of \(usage.mapSize >> 30) GiB")
    print("  readers:         \(usage.readersUsed) of \(usage.maxReaders)")
    store.shutdown()
} catch {
    printError("\(error)")
    exit(1)
}
