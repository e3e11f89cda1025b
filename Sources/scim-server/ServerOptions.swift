import Foundation
import Logging
import SCIMAdapter

/// The server's configuration, from command-line options and environment variables (options win).
///
/// | option | variable | default |
/// |---|---|---|
/// | `--host` | `SCIM_HOST` | `0.0.0.0` |
/// | `--port` | `SCIM_PORT` | `8080` |
/// | `--data-dir` | `SCIM_DATA_DIR` | `./scim-data` |
/// | `--token` | `SCIM_TOKEN` | none; a token of your choice, registered (as a digest) for `--tenant` |
/// | `--tenant` | `SCIM_TENANT` | `default`: the tenant of `--token` (created when missing) |
/// | `--public-url` | `SCIM_PUBLIC_URL` | derived from each request's `Host` and `X-Forwarded-Proto` |
/// | `--max-body-bytes` | `SCIM_MAX_BODY_BYTES` | `1048576` |
/// | `--policy-file` | `SCIM_POLICY_FILE` | none (no tenant policies) |
/// | `--log-level` | `LOG_LEVEL` | `info` |
struct ServerOptions {
    var host = "0.0.0.0"
    var port = 8080
    var dataDirectory = "./scim-data"
    var token: String?
    var tenant = "default"
    var publicURL: String?
    var maxBodyBytes = 1 << 20
    var policyFile: String?
    var logLevel = Logger.Level.info

    static let usage = """
        usage: scim-server [serve] [--host H] [--port P] [--data-dir PATH] [--token T] [--tenant NAME]
                                   [--public-url URL] [--max-body-bytes N] [--policy-file PATH] [--log-level LEVEL]

        Serves the SCIM 2.0 endpoint (base path /scim/v2, and /tenants/{tenant}/scim/v2) from the event
        log in --data-dir, creating it on first start. Every option can also be set with an environment
        variable: SCIM_HOST, SCIM_PORT, SCIM_DATA_DIR, SCIM_TOKEN, SCIM_TENANT, SCIM_PUBLIC_URL,
        SCIM_MAX_BODY_BYTES, SCIM_POLICY_FILE, LOG_LEVEL. Options win over variables.

        The first start on an empty data directory creates tenant "default" and prints its Tenant URL,
        a Secret Token for Entra and an admin token, once. --token (16 to 512 visible ASCII characters)
        registers a token of your choice for --tenant, stored as a digest like every token, so scripts
        and CI can use a known token. SIGTERM or SIGINT stop the server gracefully: in-flight requests
        finish and every acknowledged write is committed.
        """

    /// Reads the environment, then the arguments.
    /// - Throws: ``OptionError`` with a message for the user.
    init(arguments: [String], environment: [String: String]) throws(OptionError) {
        var values: [String: String] = [:]
        let names = ["host", "port", "data-dir", "token", "tenant", "public-url", "max-body-bytes", "policy-file", "log-level"]
        for name in names {
            let variable = name == "log-level" ? "LOG_LEVEL" : "SCIM_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
            if let value = environment[variable], !value.isEmpty { values[name] = value }
        }
        values["data-dir"] = environment["SCIM_DATA_DIR"] ?? values["data-dir"]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw OptionError("unexpected argument \(argument)") }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard names.contains(name) else { throw OptionError("unknown option --\(name)") }
            if value == nil {
                index += 1
                guard index < arguments.count else { throw OptionError("--\(name) needs a value") }
                value = arguments[index]
            }
            values[name] = value
            index += 1
        }
        if let host = values["host"] { self.host = host }
        if let port = values["port"] {
            guard let number = Int(port), (0...65535).contains(number) else { throw OptionError("--port must be a port number, not \(port)") }
            self.port = number
        }
        if let path = values["data-dir"] { dataDirectory = path }
        token = values["token"]
        if let tenant = values["tenant"] { self.tenant = tenant }
        publicURL = values["public-url"]
        if let bytes = values["max-body-bytes"] {
            guard let number = Int(bytes), number > 0 else { throw OptionError("--max-body-bytes must be a positive number") }
            maxBodyBytes = number
        }
        policyFile = values["policy-file"]
        if let level = values["log-level"] {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else { throw OptionError("--log-level must be trace, debug, info, notice, warning, error or critical") }
            logLevel = parsed
        }
    }

    /// The tenant policies from ``policyFile``.
    func policies() throws -> PolicySet {
        guard let policyFile else { return PolicySet() }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: policyFile)))
        return try PolicySet(jsonText: bytes)
    }
}

/// A configuration mistake, explained.
struct OptionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
