import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tells whether another process has a data directory open, from LMDB's lock file.
///
/// Every process that opens an LMDB environment (the server never uses `MDB_NOLOCK`) holds a
/// shared `fcntl` lock on byte 0 of `lock.mdb` while it is open, so asking the kernel whether an
/// exclusive lock there would conflict (`F_GETLK`) names the process, with no pid file a crash
/// could leave stale. Advisory: a server started after the check is not seen. Must be asked before
/// this process opens the environment (closing the descriptor used here would drop this process's
/// own LMDB lock: POSIX record locks belong to the process and the file). The same check as
/// `replay rebuild`'s.
enum DataDirectoryHolder {
    struct Holder: Sendable, Hashable {
        var pid: Int32
        /// The process's command name (from `/proc/<pid>/comm`), when readable.
        var command: String?
    }

    /// The process that has the environment in `path` open, or `nil` when none has.
    static func holder(of path: String) -> Holder? {
        let lockFile = (path as NSString).appendingPathComponent("lock.mdb")
        var descriptor = open(lockFile, O_RDWR)
        if descriptor < 0 { descriptor = open(lockFile, O_RDONLY) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var query = flock()
        query.l_type = Int16(F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        query.l_start = 0
        query.l_len = 1
        guard fcntl(descriptor, F_GETLK, &query) == 0, query.l_type != Int16(F_UNLCK) else { return nil }
        let command = try? String(contentsOfFile: "/proc/\(query.l_pid)/comm", encoding: .utf8)
        return Holder(pid: query.l_pid, command: command?.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
