// scim-bench: the project's benchmarks, run in release mode.
//
//   swift run -c release scim-bench eventlog            durable appends/s at 1, 16, 128 appenders; scan of 1,000,000 events
//   swift run -c release scim-bench projections         rebuild of 1,200,000 events; userName lookup in 1,000,000 users; membership by group size
//   swift run -c release scim-bench rebuild --data DIR  rebuild only, on a data set kept in DIR (written on first use)
//   swift run -c release scim-bench <suite> --help
//
// Results are printed as a Markdown table for docs/PERFORMANCE.md.
#if canImport(Glibc)
import Glibc
#endif

let suites: [String: ([String]) async throws -> Void] = [
    "eventlog": EventLogBenchmark.run,
    "projections": ProjectionBenchmark.run,
    "rebuild": RebuildBenchmark.run,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let suite = suites[name] else {
    print("usage: scim-bench <\(suites.keys.sorted().joined(separator: "|"))> [options]")
    exit(2)
}
try await suite(Array(arguments.dropFirst()))
