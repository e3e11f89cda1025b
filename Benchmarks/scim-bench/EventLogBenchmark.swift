import EventLog

/// Durable append throughput under concurrency, and scan throughput.
enum EventLogBenchmark {
    static func run(_ arguments: [String]) async throws {
        if arguments.contains("--help") {
            print("scim-bench eventlog [--scan-events N] [--seconds S]")
            return
        }
        let scanEvents = option("scan-events", in: arguments, default: 1_000_000)
        let seconds = Double(option("seconds", in: arguments, default: 5))
        print("machine: \(machineDescription()); durability: full (two fsyncs per commit); event payload 600 bytes")
        print("")
        print("| appenders | appends | seconds | durable appends/s | commits | appends/commit |")
        print("|---:|---:|---:|---:|---:|---:|")
        for appenders in seconds > 0 ? [1, 16, 128] : [] {
            try await appendRun(appenders: appenders, seconds: seconds)
        }
        print("")
        try await scanRun(events: scanEvents)
    }

    private static func appendRun(appenders: Int, seconds: Double) async throws {
        let scratch = ScratchDirectory("append")
        defer { scratch.remove() }
        let store = try EventStore(environment: LMDBEnvironment(path: scratch.path))
        let deadline = monotonicSeconds() + seconds
        let start = monotonicSeconds()
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    var count = 0
                    let metadata = CommandMetadata(actor: "bench", requestID: "r\(appender)")
                    while monotonicSeconds() < deadline {
                        let id = EventID.random()
                        let event = ProposedEvent(
                            id: id, type: "user.created", stream: StreamID(tenant: "bench", type: "User", id: id.description),
                            expectedRevision: .noStream, payload: CrashPayload.bytes(for: id))
                        try await store.append([event], metadata: metadata)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = monotonicSeconds() - start
        let stats = store.batchStatistics
        store.shutdown()
        print("| \(appenders) | \(grouped(Double(total))) | \(String(format2: elapsed)) | \(grouped(Double(total) / elapsed)) | \(grouped(Double(stats.commits))) | \(String(format2: stats.averageBatchSize)) |")
    }

    private static func scanRun(events: Int) async throws {
        let scratch = ScratchDirectory("scan")
        defer { scratch.remove() }
        let store = try EventStore(environment: LMDBEnvironment(path: scratch.path))
        // Fill quickly: 1,000 events per command, payload 600 bytes.
        let fillStart = monotonicSeconds()
        var written = 0
        while written < events {
            let batch = (0..<min(1_000, events - written)).map { index -> ProposedEvent in
                let id = EventID.random()
                return ProposedEvent(
                    id: id, type: "user.created", stream: StreamID(tenant: "bench", type: "User", id: id.description),
                    payload: CrashPayload.bytes(for: id))
            }
            try await store.append(batch, metadata: CommandMetadata(actor: "bench", requestID: "fill"))
            written += batch.count
        }
        let fillSeconds = monotonicSeconds() - fillStart
        print("filled \(grouped(Double(events))) events in \(String(format2: fillSeconds)) s (1,000 events per commit: \(grouped(Double(events) / fillSeconds)) events/s)")
        print("")
        print("| scan | events | seconds | events/s |")
        print("|---|---:|---:|---:|")
        for _ in 0..<2 {
            var start = monotonicSeconds()
            var count = 0
            var checksum: UInt64 = 0
            for try await event in store.events(batchSize: 4096) {
                count += 1
                checksum &+= event.position.rawValue &+ UInt64(event.payload.count)
            }
            var elapsed = monotonicSeconds() - start
            print("| async sequence (decoded envelopes) | \(grouped(Double(count))) | \(String(format2: elapsed)) | \(grouped(Double(count) / elapsed)) |")

            start = monotonicSeconds()
            count = 0
            try store.read { reader in
                try reader.scan(store.tables.events) { key, value in
                    count += 1
                    checksum &+= UInt64(key.count + value.count)
                    return true
                }
            }
            elapsed = monotonicSeconds() - start
            print("| cursor, one read transaction (raw records) | \(grouped(Double(count))) | \(String(format2: elapsed)) | \(grouped(Double(count) / elapsed)) |")

            start = monotonicSeconds()
            count = 0
            try store.read { reader in
                try reader.scan(store.tables.events) { key, value in
                    let event = try EnvelopeCodec.decode(value, position: Position(0))
                    count += 1
                    checksum &+= event.revision
                    return true
                }
            }
            elapsed = monotonicSeconds() - start
            print("| cursor + envelope decode, one read transaction | \(grouped(Double(count))) | \(String(format2: elapsed)) | \(grouped(Double(count) / elapsed)) |")

            start = monotonicSeconds()
            count = 0
            try store.scan { view in
                count += 1
                checksum &+= view.revision &+ UInt64(view.payload.count)
                return true
            }
            elapsed = monotonicSeconds() - start
            print("| `EventStore.scan` (zero-copy views, 8,192 per read transaction) | \(grouped(Double(count))) | \(String(format2: elapsed)) | \(grouped(Double(count) / elapsed)) |")
            if checksum == 42 { print("") }
        }
        store.shutdown()
    }
}

extension String {
    init(format2 value: Double) {
        let scaled = Int((value * 100).rounded())
        let fraction = String(abs(scaled) % 100)
        self = "\(scaled / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
    }
}
