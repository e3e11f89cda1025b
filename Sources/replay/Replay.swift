import ArgumentParser

/// `replay`: the investigator's and operator's questions to the directory's history.
///
/// Works on a server data directory, read-only and safe beside the running server (or on a copy
/// made with `mdb_copy`). Every command prints aligned text by default and JSON with `--json`.
@main
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Question the SCIM directory's history: what happened, to whom, when and why.",
        discussion: """
            Opens the data directory read-only (safe beside a running server). Exit codes: 0 success; \
            1 failure, differences (verify), divergences (reproduce, send) or problems (doctor); 2 ambiguous resource; 3 not found; \
            4 unusable data directory; 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            History.self, State.self, Diff.self, Journal.self, Export.self, Reproduce.self, Send.self, Doctor.self, Verify.self,
            Rebuild.self,
        ])
}
