#if canImport(Glibc)
import Glibc
#endif

/// Tells whether another process has a data directory open, using LMDB's own lock-file convention.
///
/// Every process that opens an LMDB environment (without `MDB_NOLOCK`, which this project never
/// uses) holds a shared `fcntl` lock on byte 0 of `lock.mdb` for as long as the environment is
/// open; the first opener briefly holds it exclusively. So asking the kernel whether an exclusive
/// lock on that byte would conflict (`F_GETLK`) answers "is a server (or any other LMDB process)
/// using this directory?" and names its process id, with no pid file that a crash could leave
/// stale. The answer is advisory: a process that opens the directory after the check is not seen.
///
/// Must be asked before this process opens the environment: closing the descriptor used here
/// would drop this process's own LMDB lock (POSIX record locks belong to the process and file).
/// Used by `replay rebuild` and the `scim-server token|tenant` commands.
public enum DataDirectoryLock {
    /// Another process holding the directory open.
    public struct Holder: Sendable, Hashable, CustomStringConvertible {
        public var pid: Int32
        /// The process's command name (from `/proc/<pid>/comm`), when readable.
        public var command: String?

        /// `process 1234 (scim-server)`, or `process 1234` when the name is unknown.
        public var description: String { command.map { "process \(pid) (\($0))" } ?? "process \(pid)" }
    }

    /// The process that has the environment in `path` open, or `nil` when none has.
    public static func holder(of path: String) -> Holder? {
        let lockFile = path + "/lock.mdb"
        var descriptor = open(lockFile, O_RDWR)
        if descriptor < 0 { descriptor = open(lockFile, O_RDONLY) }
        guard descriptor >= 0 else { return nil }  // No lock file: no LMDB process has opened it.
        defer { close(descriptor) }
        var query = flock()
        query.l_type = Int16(F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        query.l_start = 0
        query.l_len = 1
        guard fcntl(descriptor, F_GETLK, &query) == 0, query.l_type != Int16(F_UNLCK) else { return nil }
        return Holder(pid: query.l_pid, command: commandName(of: query.l_pid))
    }

    private static func commandName(of pid: Int32) -> String? {
        guard let file = fopen("/proc/\(pid)/comm", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = fread(&buffer, 1, buffer.count, file)
        guard count > 0 else { return nil }
        // The kernel ends the name with a newline.
        return String(decoding: buffer[..<count].prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}
