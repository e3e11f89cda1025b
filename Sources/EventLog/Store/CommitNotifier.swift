import Synchronization

/// Tells live readers that the log has grown.
///
/// Guarantees: every subscriber eventually learns the latest committed position (intermediate
/// positions may be skipped: a subscriber reads from where it was up to what is committed).
final class CommitNotifier: Sendable {
    private struct State {
        var last: Position
        var subscribers: [Int: AsyncStream<Position>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state: Mutex<State>

    init(last: Position) {
        state = Mutex(State(last: last))
    }

    var lastCommitted: Position { state.withLock { $0.last } }

    func publish(_ position: Position) {
        let subscribers = state.withLock { state in
            state.last = position
            return Array(state.subscribers.values)
        }
        for continuation in subscribers { continuation.yield(position) }
    }

    /// A stream of committed positions, starting with the current one.
    func subscribe() -> AsyncStream<Position> {
        let (stream, continuation) = AsyncStream<Position>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let registered = state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            continuation.yield(state.last)
            return id
        }
        guard let registered else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: registered) }
        }
        return stream
    }

    /// Ends every subscription (the log is closing).
    func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in subscribers { continuation.finish() }
    }
}
