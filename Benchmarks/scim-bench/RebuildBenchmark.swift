#if canImport(Glibc)
import Glibc
#endif
import EventLog
import Logging
import Projections

/// Rebuild throughput on a kept data directory, for profiling and repeated runs: the data set is
/// written once (the same one as `projections`), then every run rebuilds it under the next
/// projection version, exactly as a server does after an upgrade.
enum RebuildBenchmark {
    static func run(_ arguments: [String]) async throws {
        guard let dataIndex = arguments.firstIndex(of: "--data"), dataIndex + 1 < arguments.count else {
            print("scim-bench rebuild --data PATH [--users N] [--changes N] [--members N] [--batch N] [--memory MiB]")
            print("  writes the data set into PATH when it has no log yet, then rebuilds the directory projection")
            print("  under the next version (each run bumps it) and reports events/s and CPU seconds")
            return
        }
        let path = arguments[dataIndex + 1]
        let batch = option("batch", in: arguments, default: 20_000)
        let memory = option("memory", in: arguments, default: DirectoryProjection.defaultRebuildMemory >> 20) << 20
        _ = path.withCString { mkdir($0, 0o755) }
        let activeVersion: Int
        do {
            let (_, projection, store) = try ProjectionBenchmark.open(path, version: 1)
            if store.lastPosition == .start {
                let users = option("users", in: arguments, default: 1_000_000)
                let ids = try await ProjectionBenchmark.fill(store: store, users: users, changes: option("changes", in: arguments, default: 200_000))
                _ = try await ProjectionBenchmark.makeGroups(store: store, memberIDs: ids, big: option("members", in: arguments, default: users))
            }
            activeVersion = projection.activeVersion ?? 1
            store.shutdown()
        }
        let (_, projection, store) = try ProjectionBenchmark.open(path, version: activeVersion + 1)
        let wall = monotonicSeconds()
        let cpu = processCPUSeconds()
        guard let report = try await projection.rebuild(store: store, logger: Logger(label: "bench"), batchSize: batch, memoryBudget: memory) else {
            print("nothing to rebuild")
            return
        }
        let cpuSeconds = processCPUSeconds() - cpu
        let seconds = monotonicSeconds() - wall
        _ = try await projection.dropInactiveVersions(store: store)
        store.shutdown()
        print("| rebuild (version \(report.version), up to \(grouped(Double(memory >> 20))) MiB folded in memory, written in key order) | events | seconds | events/s | CPU seconds | events per CPU second |")
        print("|---|---:|---:|---:|---:|---:|")
        print("| \(machineDescription()) | \(grouped(Double(report.events))) | \(String(format2: seconds)) | \(grouped(Double(report.events) / seconds)) | \(String(format2: cpuSeconds)) | \(grouped(Double(report.events) / cpuSeconds)) |")
    }
}
