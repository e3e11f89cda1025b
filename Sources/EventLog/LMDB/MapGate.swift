#if canImport(Glibc)
import Glibc
#endif

/// A readers-writer lock that makes map resizing safe.
///
/// LMDB may change the map size only while no transaction of the process is active. Every
/// transaction holds the gate shared for its lifetime; a resize takes it exclusively. The lock
/// prefers writers, so a resize is not starved by a steady stream of short reads.
///
/// `@unchecked Sendable`: the only state is a heap-allocated `pthread_rwlock_t`, which is designed
/// for use from many threads; it is initialised in `init` and destroyed in `deinit`.
final class MapGate: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func lockShared() { pthread_rwlock_rdlock(lock) }
    func unlockShared() { pthread_rwlock_unlock(lock) }

    /// Runs `body` holding the gate shared. If `body` throws ``MapResizedSignal``, releases the gate,
    /// runs `onMapResized` (which takes it exclusively) and tries `body` again.
    func withSharedAccess<R>(_ body: () throws -> R, onMapResized: () throws -> Void) throws -> R {
        while true {
            lockShared()
            do {
                defer { unlockShared() }
                return try body()
            } catch is MapResizedSignal {
                try onMapResized()
            }
        }
    }

    func withExclusiveAccess<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

/// Thrown inside the gate when LMDB reports that another process grew the map.
struct MapResizedSignal: Error {}
