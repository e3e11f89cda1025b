import EventLog
import Projections
import SCIMAdapter

/// Whether the server can serve SCIM requests now: the log is open and its writer commits, and
/// the directory projection is at this code's version.
///
/// Guarantees: the writer is checked by running a command that changes nothing through it (in
/// its next batch), so a stopped or stuck writer is seen, not assumed; the check never waits
/// longer than `timeout`; it writes nothing to the log or the journal.
public struct Readiness: Sendable {
    /// The outcome, with the reason when not ready.
    public enum Status: Sendable, Hashable {
        case ready
        case notReady(String)
    }

    public let directory: SCIMDirectory
    public let timeout: Duration

    public init(directory: SCIMDirectory, timeout: Duration = .seconds(2)) {
        self.directory = directory
        self.timeout = timeout
    }

    public func check() async -> Status {
        let projection = directory.projection
        if projection.needsRebuild {
            return .notReady(
                "the directory projection is being rebuilt for version \(projection.codeVersion) "
                    + "(active: \(projection.activeVersion.map(String.init) ?? "none"))")
        }
        let store = directory.store
        let outcome = await Deadline.race(timeout) { () -> String? in
            do {
                try await store.execute(WriterProbe())
                return nil
            } catch {
                return "\(error)"
            }
        }
        switch outcome {
        case .finished(nil): return .ready
        case .finished(let failure?): return .notReady(failure)
        case .timedOut: return .notReady("the log's writer did not answer within \(timeout)")
        }
    }
}

/// A write command that writes nothing: it returns once the writer has run a batch after it.
struct WriterProbe: WriteCommand {
    var metadata: CommandMetadata { CommandMetadata(actor: "readiness", requestID: "readiness-probe") }
    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }
    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {}
}
