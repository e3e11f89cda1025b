import Synchronization

/// Runs work against a deadline without cancelling it.
///
/// Guarantees: `race` returns at the earlier of the work's result and the timeout; the work is
/// never abandoned halfway by us (it runs to completion in its own task, inheriting task locals),
/// because a write queued to the log cannot be taken back: only the caller stops waiting.
enum Deadline {
    enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case timedOut
    }

    static func race<Value: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> Value) async -> Outcome<Value> {
        let gate = Once<Outcome<Value>>()
        return await withCheckedContinuation { continuation in
            gate.arm(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                gate.resume(.timedOut)
            }
            Task {
                let value = await work()
                gate.resume(.finished(value))
                timer.cancel()
            }
        }
    }
}

/// A continuation resumed by whichever side comes first.
final class Once<Value: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Value, Never>?, resumed: Bool)>((nil, false))

    func arm(_ continuation: CheckedContinuation<Value, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Resumes the continuation unless it was already; returns whether this call did.
    @discardableResult
    func resume(_ value: Value) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<Value, Never>? in
            guard !state.resumed else { return nil }
            state.resumed = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
        return continuation != nil
    }
}
