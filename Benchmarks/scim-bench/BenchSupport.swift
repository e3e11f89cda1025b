#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock seconds from a monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A fresh directory under /tmp (or `$BENCH_DIR`), removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init(_ label: String) {
        let base = getenv("BENCH_DIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/scim-bench-\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "cannot create a scratch directory under \(base)")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove() {
        _ = path.withCString { system("rm -rf '\(String(cString: $0))'") }
    }
}

/// Reads `--name value` from the arguments.
func option(_ name: String, in arguments: [String], default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else {
        return value
    }
    return parsed
}

/// Formats a number with thousands separators.
func grouped(_ value: Double) -> String {
    let whole = String(Int(value.rounded()))
    var out = ""
    for (index, character) in whole.reversed().enumerated() {
        if index > 0 && index % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return String(out.reversed())
}

/// One line describing the machine, for the results table.
func machineDescription() -> String {
    let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    let memory = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE))) / Double(1 << 30)
    return "\(cores) cores, \(Int(memory.rounded())) GiB"
}

/// CPU seconds (user + system) this process has used so far: robust when other work shares the machine.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
