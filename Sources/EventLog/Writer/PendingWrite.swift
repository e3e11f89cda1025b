/// A queued command with the continuation of the caller waiting for it.
///
/// `@unchecked Sendable`: an instance is created by the caller, handed to the writer through the
/// locked queue, and from then on touched only by the writer thread (`output` is written and read
/// there); the continuation is resumed exactly once, by the writer, after the commit.
final class PendingWrite<Command: WriteCommand>: PendingWork, @unchecked Sendable {
    let command: Command
    private let continuation: CheckedContinuation<Command.Output, any Error>?
    private var output: Command.Output?

    init(command: Command, continuation: CheckedContinuation<Command.Output, any Error>?) {
        self.command = command
        self.continuation = continuation
    }

    func execute(_ transaction: borrowing WriteTransaction, _ appender: inout EventAppender) throws {
        let outcome: CommandOutcome
        let proposed: [ProposedEvent]
        do {
            proposed = try command.decide(transaction.reader)
        } catch {
            output = try command.finish(.rejected(error), transaction)
            return
        }
        if let rejection = try appender.check(proposed, in: transaction) {
            outcome = .rejected(rejection)
        } else {
            outcome = .appended(try appender.append(proposed, metadata: command.metadata, in: transaction))
        }
        output = try command.finish(outcome, transaction)
    }

    func succeed() {
        guard let output else { return fail(LogUnavailable(reason: "the command produced no output")) }
        continuation?.resume(returning: output)
    }

    func fail(_ error: any Error) {
        continuation?.resume(throwing: error)
    }
}

/// The writer's view of a queued command, with its type erased.
protocol PendingWork: AnyObject, Sendable {
    /// Runs the command in the batch; throws only for faults that must abort the batch.
    func execute(_ transaction: borrowing WriteTransaction, _ appender: inout EventAppender) throws
    /// Resumes the caller with the output computed by the last `execute` (after the commit).
    func succeed()
    /// Resumes the caller with an error (the batch could not commit).
    func fail(_ error: any Error)
}
