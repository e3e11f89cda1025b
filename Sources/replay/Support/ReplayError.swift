import EventLog
import Projections

/// A failure `replay` reports to its user: what happened, and what to do about it.
///
/// Every error that reaches the top of a command is turned into one of these (see
/// ``ReplayError/init(_:)``), printed to standard error as two lines, and mapped to an exit code,
/// so scripts can tell "nothing found" from "cannot read the data directory".
struct ReplayError: Error, CustomStringConvertible {
    /// What happened, in words.
    var what: String
    /// What the user should do, when there is something to do.
    var remedy: String?
    /// The process exit code (see ``ExitStatus``).
    var exitCode: Int32

    init(_ what: String, remedy: String? = nil, exitCode: Int32 = ExitStatus.failure) {
        self.what = what
        self.remedy = remedy
        self.exitCode = exitCode
    }

    var description: String {
        guard let remedy else { return what }
        return "\(what)\n  what to do: \(remedy)"
    }

    /// Classifies any error a command let through.
    init(_ error: any Error) {
        switch error {
        case let error as ReplayError:
            self = error
        case let error as LMDBError:
            self.init(storage: error)
        case let error as BinaryDecodingError:
            self.init(decoding: "\(error)")
        case let error as DirectoryEventDecodingError:
            self.init(decoding: error.description)
        case let error as UpcastingError:
            self.init(
                "an old event could not be brought to the current format: \(error)",
                remedy: "this replay cannot read it; report it with the event's position", exitCode: ExitStatus.dataDirectory)
        case let error as ProjectionUnavailable:
            self.init(
                "\(error)", remedy: "wait until the server has built its projection, or use `replay state` (which folds the log itself)",
                exitCode: ExitStatus.dataDirectory)
        default:
            self.init("\(error)")
        }
    }

    private init(storage error: LMDBError) {
        let what: String
        switch error.code {
        case .corrupted: what = "the data directory is damaged or is not an LMDB environment (\(error.message))"
        case .versionMismatch: what = "the data directory was written in a format this replay cannot read (\(error.message))"
        case .locked: what = "the data directory is locked by another process (\(error.message))"
        case .missingDirectory: what = error.message
        case .permissionDenied: what = "replay may not read the data directory (\(error.message))"
        case .readersFull: what = error.message
        default: what = "storage error in \(error.operation): \(error.message)"
        }
        self.init(what, remedy: error.remedy, exitCode: ExitStatus.dataDirectory)
    }

    private init(decoding reason: String) {
        if reason.contains("newer") || reason.contains("unknown") && reason.contains("format") {
            self.init(
                "the data directory holds records in a newer format than this replay understands (\(reason))",
                remedy: "use the replay built from the same version as the server that wrote the directory",
                exitCode: ExitStatus.dataDirectory)
        } else {
            self.init(
                "a stored record could not be decoded (\(reason))",
                remedy: "the data directory may be damaged: check it with `replay verify` on a copy (`mdb_copy`), and restore from a backup if needed",
                exitCode: ExitStatus.dataDirectory)
        }
    }
}

/// The exit codes of `replay`.
enum ExitStatus {
    /// The command did what was asked and found nothing wrong.
    static let success: Int32 = 0
    /// A generic failure, or findings: `verify` found differences, `doctor` found problems.
    static let failure: Int32 = 1
    /// The resource named is ambiguous: several candidates were listed.
    static let ambiguous: Int32 = 2
    /// Nothing matched: the resource, or the request, does not exist.
    static let notFound: Int32 = 3
    /// The data directory cannot be used: missing, not a data directory, locked, damaged or newer.
    static let dataDirectory: Int32 = 4
    /// Usage errors (bad options or values) are reported by the argument parser with code 64.
    static let usage: Int32 = 64
}
