import ArgumentParser

/// A `replay` subcommand: its work is ``execute()``; `run()` turns every failure into a
/// two-line message on standard error (what happened, what to do) and the matching exit code.
protocol ReplayCommand: AsyncParsableCommand {
    /// Does the command's work; throws ``ReplayError`` (or any error, classified on the way out).
    func execute() async throws
}

extension ReplayCommand {
    mutating func run() async throws {
        do {
            try await execute()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let failure = ReplayError(error)
            var console = Console.standardError()
            console.line("replay: \(failure)")
            console.flush()
            throw ExitCode(failure.exitCode)
        }
    }
}
