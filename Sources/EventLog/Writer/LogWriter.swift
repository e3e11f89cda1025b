import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// The one OS thread that writes to the log, with group commit.
///
/// Callers enqueue commands and suspend. The thread takes every waiting command (up to
/// ``maxBatchSize``), runs them in order in one write transaction, commits once with the
/// environment's durability, and then resumes every caller. So one fsync pair serves the whole
/// batch, and a caller waits at most for the commit in flight plus its own.
///
/// Failure policy, so that a fault never loses or half-writes an acknowledged command:
/// - a command whose decision is refused fails alone (it never wrote anything);
/// - `MDB_MAP_FULL` aborts the batch; the map grows (up to `maxMapSize`) and the batch runs again,
///   or, at the limit, every command of the batch fails with the typed error and the log stays as
///   it was;
/// - any other fault aborts the batch, which is then retried one command per transaction, so only
///   the command that causes the fault fails.
///
/// `@unchecked Sendable`: the queue and the `stopping` flag are only touched under `lock`; the
/// appender and the transaction exist only on the writer thread.
final class LogWriter: @unchecked Sendable {
    let maxBatchSize: Int
    private let environment: LMDBEnvironment
    private let lock = ConditionLock()
    private var queue: [any PendingWork] = []
    private var stopping = false
    private var stopped = false
    private var thread: pthread_t?
    private var appender: EventAppender
    private let onCommit: @Sendable (Position, Int) -> Void

    init(
        environment: LMDBEnvironment, appender: EventAppender, maxBatchSize: Int,
        onCommit: @escaping @Sendable (_ lastPosition: Position, _ batchSize: Int) -> Void
    ) {
        self.environment = environment
        self.appender = appender
        self.maxBatchSize = maxBatchSize
        self.onCommit = onCommit
    }

    /// Starts the thread.
    func start() {
        let box = Unmanaged.passRetained(self)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var handle: pthread_t = 0
        let rc = pthread_create(&handle, &attributes, { raw in
            guard let raw else { return nil }
            let writer = Unmanaged<LogWriter>.fromOpaque(raw).takeRetainedValue()
            writer.run()
            return nil
        }, box.toOpaque())
        pthread_attr_destroy(&attributes)
        if rc == 0 {
            thread = handle
        } else {
            box.release()
            lock.withLock { stopped = true }
        }
    }

    /// Queues a command; the caller is resumed after it commits (or fails).
    func submit(_ work: any PendingWork) {
        let accepted = lock.withLock { () -> Bool in
            guard !stopping, !stopped else { return false }
            queue.append(work)
            if queue.count == 1 { lock.signal() }
            return true
        }
        if !accepted { work.fail(LogUnavailable(reason: "the log is shutting down")) }
    }

    /// Stops accepting commands, lets the thread finish everything already queued, and waits for it.
    func stop() {
        lock.withLock {
            stopping = true
            lock.signal()
        }
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    private func run() {
        while let batch = nextBatch() {
            process(batch)
        }
    }

    private func nextBatch() -> [any PendingWork]? {
        lock.withLock {
            while queue.isEmpty && !stopping { lock.wait() }
            if queue.isEmpty {
                stopped = true
                return nil
            }
            let count = min(queue.count, maxBatchSize)
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            return batch
        }
    }

    private func process(_ batch: [any PendingWork]) {
        while true {
            do {
                try commit(batch)
                for work in batch { work.succeed() }
                return
            } catch let error as LMDBError where error.code == .mapFull {
                if let newSize = grownMapSize(), (try? environment.grow(to: newSize)) != nil { continue }
                for work in batch { work.fail(error) }
                return
            } catch {
                guard batch.count > 1 else {
                    batch[0].fail(error)
                    return
                }
                // Isolate the command that caused the fault: one transaction each.
                for work in batch { process([work]) }
                return
            }
        }
    }

    private func commit(_ batch: [any PendingWork]) throws {
        let committed = appender
        do {
            appender.beginBatch()
            let transaction = try environment.beginWrite()
            for work in batch { try work.execute(transaction, &appender) }
            try transaction.commit()
        } catch {
            appender = committed
            throw error
        }
        onCommit(appender.lastPosition, batch.count)
    }

    private func grownMapSize() -> Int? {
        let current = environment.usage().mapSize
        guard let limit = environment.configuration.maxMapSize, current < limit else { return nil }
        return min(limit, current * 2)
    }
}
