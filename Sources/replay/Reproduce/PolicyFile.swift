import Foundation
import SCIMAdapter

/// The tenant policies a replay runs with: the file named by `--policy-file`, else the server's
/// `$SCIM_POLICY_FILE`, else none (the server's default).
enum PolicyFile {
    /// The policies and where they came from (`nil`: none).
    static func load(_ option: String?) throws -> (PolicySet, String?) {
        let environment = ProcessInfo.processInfo.environment["SCIM_POLICY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let path = option ?? environment else { return (PolicySet(), nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplayError(
                "cannot read the policy file \(path)", remedy: "pass the file the server reads through SCIM_POLICY_FILE (see docs/SCIM.md)",
                exitCode: ExitStatus.usage)
        }
        do {
            return (try PolicySet(jsonText: [UInt8](data)), path)
        } catch {
            throw ReplayError(
                "the policy file \(path) is not a policy set: \(error)",
                remedy: #"write it as the server expects: {"default": {…}, "tenants": {"acme": {…}}} (docs/SCIM.md)"#,
                exitCode: ExitStatus.usage)
        }
    }
}
