import CLMDB

#if canImport(Glibc)
import Glibc
#endif

/// A failure of the storage layer, with what happened and what the operator should do about it.
///
/// Guarantees: every non-zero LMDB or system return code that reaches a caller is turned into one of
/// these, never into a crash. ``code`` classifies the failure, ``message`` says what happened in
/// words, ``remedy`` says what to do, ``operation`` names the LMDB call, and ``rawValue`` keeps the
/// original return code for support.
public struct LMDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A broad classification of storage failures.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case mapFull, readersFull, corrupted, versionMismatch, locked, missingDirectory,
                permissionDenied, notFound, keyExists, mapResized, badTransaction, invalidValue,
                diskFull, io, alreadyOpen, readOnly, other
        }
        private let value: Value

        /// The environment's map (its maximum size) is used up.
        public static let mapFull = Code(value: .mapFull)
        /// Every reader slot of the environment is taken.
        public static let readersFull = Code(value: .readersFull)
        /// The data file is damaged or is not an LMDB file.
        public static let corrupted = Code(value: .corrupted)
        /// The data file was written by an incompatible LMDB version or format.
        public static let versionMismatch = Code(value: .versionMismatch)
        /// Another process holds a lock the operation needs.
        public static let locked = Code(value: .locked)
        /// The data directory does not exist.
        public static let missingDirectory = Code(value: .missingDirectory)
        /// The process may not read or write the data directory.
        public static let permissionDenied = Code(value: .permissionDenied)
        /// A key or named database was not found.
        public static let notFound = Code(value: .notFound)
        /// A key that must be new already exists.
        public static let keyExists = Code(value: .keyExists)
        /// Another process grew the map; the environment must adopt the new size.
        public static let mapResized = Code(value: .mapResized)
        /// The transaction can no longer be used (an earlier operation in it failed).
        public static let badTransaction = Code(value: .badTransaction)
        /// A key or value is too large or otherwise invalid.
        public static let invalidValue = Code(value: .invalidValue)
        /// The file system is full.
        public static let diskFull = Code(value: .diskFull)
        /// The operating system reported an I/O error.
        public static let io = Code(value: .io)
        /// The data directory is already open in this process.
        public static let alreadyOpen = Code(value: .alreadyOpen)
        /// The environment was opened read-only and the operation writes.
        public static let readOnly = Code(value: .readOnly)
        /// Anything else.
        public static let other = Code(value: .other)

        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The LMDB (or system) return code.
    public var rawValue: Int32
    /// The LMDB call that failed, for example `mdb_txn_commit`.
    public var operation: String
    /// What happened.
    public var message: String
    /// What the operator should do.
    public var remedy: String

    public init(code: Code, rawValue: Int32, operation: String, message: String, remedy: String) {
        self.code = code
        self.rawValue = rawValue
        self.operation = operation
        self.message = message
        self.remedy = remedy
    }

    /// Classifies an LMDB or errno return code.
    public init(returnCode rc: Int32, operation: String, path: String? = nil) {
        let lmdbText = String(cString: mdb_strerror(rc))
        let place = path.map { " at \($0)" } ?? ""
        self.rawValue = rc
        self.operation = operation
        switch rc {
        case MDB_MAP_FULL:
            code = .mapFull
            message = "the data directory\(place) reached its map size limit; the transaction was rolled back whole and nothing acknowledged was lost"
            remedy = "raise the map size (configuration `storage.mapSize`, environment SCIM_MAP_SIZE) and restart the server"
        case MDB_READERS_FULL:
            code = .readersFull
            message = "every reader slot of the data directory\(place) is in use"
            remedy = "raise `storage.maxReaders`, or check for processes holding the directory open (`mdb_stat -rr` clears slots of dead processes)"
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_PANIC, MDB_INVALID:
            code = .corrupted
            message = "the data directory\(place) is damaged or is not an LMDB environment (\(lmdbText))"
            remedy = "stop the server and restore the data directory from a backup (`mdb_copy` makes consistent copies); do not write to it"
        case MDB_VERSION_MISMATCH, MDB_INCOMPATIBLE:
            code = .versionMismatch
            message = "the data directory\(place) was written by an incompatible LMDB version or with other options (\(lmdbText))"
            remedy = "open it with the LMDB version that wrote it, or export with `mdb_dump` and import with `mdb_load`"
        case MDB_MAP_RESIZED:
            code = .mapResized
            message = "another process grew the data directory's map"
            remedy = "retry; the environment adopts the new size automatically"
        case MDB_NOTFOUND:
            code = .notFound
            message = "not found\(place)"
            remedy = "check the name or key"
        case MDB_KEYEXIST:
            code = .keyExists
            message = "the key already exists\(place)"
            remedy = "this is a bug in the caller's key layout or ordering; report it"
        case MDB_BAD_TXN, MDB_BAD_RSLOT, MDB_BAD_DBI:
            code = .badTransaction
            message = "the transaction can no longer be used (\(lmdbText))"
            remedy = "this is a bug in the storage layer; report it with the log"
        case MDB_BAD_VALSIZE:
            code = .invalidValue
            message = "a key is empty or longer than LMDB's 511-byte limit, or a value is too large"
            remedy = "this is a bug in the caller's key layout; report it"
        case MDB_DBS_FULL, MDB_TLS_FULL, MDB_TXN_FULL, MDB_CURSOR_FULL, MDB_PAGE_FULL:
            code = .other
            message = "an LMDB internal limit was reached (\(lmdbText))"
            remedy = "report it with the log; a smaller batch size may work around it"
        case ENOENT:
            code = .missingDirectory
            message = "the data directory\(place) does not exist"
            remedy = "create it, or point `storage.path` (SCIM_DATA_DIR) at an existing directory"
        case EACCES, EPERM:
            code = .permissionDenied
            message = "the process may not open the data directory\(place) for what it needs"
            remedy = "run as the directory's owner or fix its permissions (the files need read and write for the server, read for `replay`)"
        case EROFS:
            code = .readOnly
            message = "the data directory\(place) is on a read-only file system"
            remedy = "open it read-only (`replay` does) or move it to a writable file system"
        case EAGAIN, EBUSY:
            code = .locked
            message = "another process holds the data directory's lock\(place)"
            remedy = "stop the other process or wait for it; `replay` can work on a copy made with `mdb_copy`"
        case ENOSPC:
            code = .diskFull
            message = "the file system holding the data directory\(place) is full"
            remedy = "free disk space; the last transaction was rolled back and nothing acknowledged was lost"
        case EIO:
            code = .io
            message = "the operating system reported an I/O error on the data directory\(place)"
            remedy = "check the disk and the kernel log; restore from a backup if the disk is failing"
        case ENOMEM:
            code = .other
            message = "the system could not reserve memory for the map\(place)"
            remedy = "lower `storage.mapSize`, or raise the process's address-space limit (ulimit -v)"
        default:
            code = .other
            message = "\(lmdbText) (code \(rc))"
            remedy = "report it with the log"
        }
    }

    /// An error that is not an LMDB return code but belongs to the storage layer.
    public static func alreadyOpen(_ path: String) -> LMDBError {
        LMDBError(
            code: .alreadyOpen, rawValue: 0, operation: "open",
            message: "the data directory \(path) is already open in this process",
            remedy: "share the one open store; LMDB forbids opening an environment twice in a process")
    }

    public var description: String {
        "storage error (\(code)) in \(operation): \(message). What to do: \(remedy)."
    }
}

/// Throws an ``LMDBError`` for a non-zero return code.
@inline(__always)
func check(_ rc: Int32, _ operation: @autoclosure () -> String, path: String? = nil) throws(LMDBError) {
    if rc != 0 { throw LMDBError(returnCode: rc, operation: operation(), path: path) }
}
