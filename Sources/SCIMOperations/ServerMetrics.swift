import EventLog
import Prometheus
import Projections
import SCIMAdapter
import Synchronization

/// The server's Prometheus metrics: requests, latencies and failures as they happen, and the
/// storage's state (log position, group commits, projection, LMDB map) read at each scrape.
///
/// Guarantees: one registry per server (no process-wide state, so tests run servers side by
/// side); labels are bounded (route templates, methods, status codes, tenants), never raw paths
/// or ids; counters only grow. The metric names and labels are listed in docs/OPERATIONS.md.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let directory: SCIMDirectory
    /// The quarantine early warning whose per-tenant state each scrape reports, if the server runs one.
    let quarantine: QuarantineWatch?
    private let lastBatches = Mutex<BatchStatistics.Snapshot?>(nil)

    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init(directory: SCIMDirectory, quarantine: QuarantineWatch? = nil) {
        self.directory = directory
        self.quarantine = quarantine
        refreshStorage()
    }

    /// Counts one answered request.
    public func record(method: String, route: String, status: Int, duration: Duration, tenant: String?) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", "total", "SCIM requests answered, by route template, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", "seconds", "Time from a request's arrival to its response."),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        ).record(duration)
        if status >= 400 {
            registry.makeCounter(
                descriptor: Self.name("tenant_failures", "total", "Requests answered with 4xx or 5xx, by tenant (unknown when not authenticated)."),
                labels: [("tenant", tenant.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"), ("class", status >= 500 ? "5xx" : "4xx")]
            ).increment()
        }
    }

    /// Counts a request that ran past the request timeout.
    public func recordTimeout(route: String) {
        registry.makeCounter(
            descriptor: Self.name("request_timeouts", "total", "Requests answered with a timeout error, by route template."),
            labels: [("route", route)]
        ).increment()
    }

    /// Counts journal entries removed by retention.
    public func recordPruned(_ count: Int) {
        registry.makeCounter(descriptor: Self.name("journal_pruned_entries", "total", "Journal entries removed by the retention policy."))
            .increment(by: Int64(count))
    }

    /// Reads the storage's state into the gauges and counters that mirror it.
    public func refreshStorage() {
        let store = directory.store
        gauge("log_position", "The position of the last committed event.").set(Int64(store.lastPosition.rawValue))
        let batches = store.batchStatistics
        let previous = lastBatches.withLock { last in
            defer { last = batches }
            return last
        }
        registry.makeCounter(descriptor: Self.name("log_commits", "total", "Write transactions committed by the log's writer (group commits)."))
            .increment(by: Int64(max(0, batches.commits - (previous?.commits ?? 0))))
        registry.makeCounter(descriptor: Self.name("log_commands", "total", "Commands (writes and journal records) committed; divided by commits: the mean batch size."))
            .increment(by: Int64(max(0, batches.commands - (previous?.commands ?? 0))))
        gauge("log_largest_batch", "The most commands one group commit has held since the server started.").set(Int64(batches.largestBatch))
        // The distribution of batch sizes, cumulative by `le` as a Prometheus histogram's buckets
        // are (histogram_quantile works on it); its _count and _sum are log_commits_total and
        // log_commands_total.
        var cumulative = 0
        var previousCumulative = 0
        for (index, bound) in (BatchStatistics.sizeBounds.map(String.init) + ["+Inf"]).enumerated() {
            cumulative += batches.commitsBySize[index]
            previousCumulative += previous?.commitsBySize[index] ?? 0
            registry.makeCounter(
                descriptor: Self.name("log_batch_size", "bucket", "Group commits with at most `le` commands, counted since the server started."),
                labels: [("le", bound)]
            ).increment(by: Int64(max(0, cumulative - previousCumulative)))
        }
        let projection = directory.projection
        gauge("projection_rebuilding", "1 while the directory projection is being rebuilt for this code's version, else 0.")
            .set(Int64(projection.needsRebuild ? 1 : 0))
        gauge("projection_active_version", "The directory projection version answering reads (0: none yet).").set(Int64(projection.activeVersion ?? 0))
        let usage = directory.environment.usage()
        gauge("lmdb_map_size_bytes", "The LMDB map size (address space reserved; grows up to the configured maximum).").set(Int64(usage.mapSize))
        gauge("lmdb_map_used_bytes", "Bytes of the LMDB map in use (last page × page size).").set(Int64(usage.usedBytes))
        gauge("lmdb_readers_used", "LMDB reader slots in use.").set(Int64(usage.readersUsed))
        gauge("lmdb_readers_max", "LMDB reader slots available.").set(Int64(usage.maxReaders))
    }

    /// The Prometheus text exposition, with the storage state read now.
    public func exposition() -> [UInt8] {
        refreshStorage()
        refreshQuarantine()
        return registry.emitToBuffer()
    }

    /// Reads each tenant's standing against Entra's quarantine thresholds (docs/TENANTS-AND-TOKENS.md)
    /// into gauges: the failure ratio of its window and its level (0 ok, 1 warning, 2 critical).
    public func refreshQuarantine(now: Timestamp = .now()) {
        guard let quarantine else { return }
        for report in quarantine.snapshot(now: now) {
            registry.makeGauge(
                descriptor: Self.name("quarantine_failure_ratio", "", "Failed requests over requests in Entra's quarantine window, per tenant."),
                labels: [("tenant", report.tenant)]
            ).set(report.counts.failureRatio)
            registry.makeGauge(
                descriptor: Self.name("quarantine_level", "", "Standing against Entra's quarantine thresholds: 0 ok, 1 warning, 2 critical."),
                labels: [("tenant", report.tenant)]
            ).set(Int64(report.level.rawValue))
        }
    }

    private func gauge(_ metric: String, _ help: String) -> Gauge {
        registry.makeGauge(descriptor: Self.name(metric, "", help))
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "scim", metricName: metric, unitName: unit, helpText: help)
    }
}
