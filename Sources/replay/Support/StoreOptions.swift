import ArgumentParser
import Foundation

/// The options every command shares: where the data is, which tenant, and the output format.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("The server's data directory (default: $SCIM_DATA_DIR, else ./scim-data).", valueName: "path"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("The tenant to question.", valueName: "tenant"))
    var tenant: String = "default"

    @Flag(help: "Print machine-readable JSON instead of tables.")
    var json = false

    /// The data directory to open: `--data-dir`, else `$SCIM_DATA_DIR`, else `./scim-data`.
    var path: String {
        if let dataDirectory { return dataDirectory }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SCIM_DATA_DIR"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "./scim-data"
    }
}
