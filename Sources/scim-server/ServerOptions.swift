import Foundation
import Logging
import Projections
import SCIMAdapter
import SCIMOperations

/// The server's configuration, from command-line options, environment variables and a JSON
/// configuration file, over documented defaults. Precedence: options > variables > file > defaults.
///
/// Every setting has one name everywhere: the option `--map-size`, the variable `SCIM_MAP_SIZE`
/// (except `LOG_LEVEL`), the file key `"map-size"`. ``settings`` is the reference table; `--help`
/// and docs/OPERATIONS.md print it.
///
/// Guarantees: every value is validated before the server starts; a bad value is an
/// ``OptionError`` naming where it came from (`--port`, `SCIM_PORT`, or the file and key) and
/// what it accepts; unknown options and unknown file keys are errors too.
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
    var logFormat = LogFormat.text
    var configFile: String?
    var mapSize = 64 << 30
    var maxMapSize = 1 << 40
    var tlsCertificate: String?
    var tlsKey: String?
    var requestTimeout = Duration.seconds(30)
    var idleTimeout = Duration.seconds(60)
    var rateLimit: Double?
    var rateLimitBurst: Int?
    var metricsToken: String?
    var journalRetentionDays: Int?
    var rebuildMemory = DirectoryProjection.defaultRebuildMemory

    /// One configurable setting.
    struct Setting {
        var name: String
        var variable: String
        var defaultText: String
        var help: String
        /// Not settable in the configuration file (the file's own path).
        var fileKey = true
    }

    /// Every setting, in `--help` order.
    static let settings: [Setting] = [
        Setting(name: "config", variable: "SCIM_CONFIG", defaultText: "none", help: "JSON configuration file (keys: the option names)", fileKey: false),
        Setting(name: "host", variable: "SCIM_HOST", defaultText: "0.0.0.0", help: "listen address"),
        Setting(name: "port", variable: "SCIM_PORT", defaultText: "8080", help: "listen port"),
        Setting(name: "data-dir", variable: "SCIM_DATA_DIR", defaultText: "./scim-data", help: "data directory (created if missing)"),
        Setting(name: "map-size", variable: "SCIM_MAP_SIZE", defaultText: "64GiB", help: "initial LMDB map size (bytes, or KiB/MiB/GiB/TiB)"),
        Setting(name: "max-map-size", variable: "SCIM_MAX_MAP_SIZE", defaultText: "1TiB", help: "largest the map may grow to"),
        Setting(name: "token", variable: "SCIM_TOKEN", defaultText: "none", help: "a provisioning token you choose (16-512 visible ASCII), stored as a digest"),
        Setting(name: "tenant", variable: "SCIM_TENANT", defaultText: "default", help: "the tenant of --token (created when missing)"),
        Setting(name: "public-url", variable: "SCIM_PUBLIC_URL", defaultText: "from Host / X-Forwarded-Proto", help: "public origin for resource locations"),
        Setting(name: "max-body-bytes", variable: "SCIM_MAX_BODY_BYTES", defaultText: "1048576", help: "largest request body (413 above)"),
        Setting(name: "policy-file", variable: "SCIM_POLICY_FILE", defaultText: "none", help: "tenant policies (docs/SCIM.md)"),
        Setting(name: "log-level", variable: "LOG_LEVEL", defaultText: "info", help: "trace, debug, info, notice, warning, error, critical"),
        Setting(name: "log-format", variable: "SCIM_LOG_FORMAT", defaultText: "text", help: "text, or json (one object per line)"),
        Setting(name: "tls-cert", variable: "SCIM_TLS_CERT", defaultText: "none (plain HTTP)", help: "PEM certificate chain; serve HTTPS"),
        Setting(name: "tls-key", variable: "SCIM_TLS_KEY", defaultText: "none", help: "PEM private key of --tls-cert"),
        Setting(name: "request-timeout", variable: "SCIM_REQUEST_TIMEOUT", defaultText: "30", help: "seconds a request may take (408/503 after)"),
        Setting(name: "idle-timeout", variable: "SCIM_IDLE_TIMEOUT", defaultText: "60", help: "seconds before an idle connection is closed"),
        Setting(name: "rate-limit", variable: "SCIM_RATE_LIMIT", defaultText: "off", help: "requests per second per tenant (429 above)"),
        Setting(name: "rate-limit-burst", variable: "SCIM_RATE_LIMIT_BURST", defaultText: "2 x rate-limit", help: "requests a tenant may send at once"),
        Setting(name: "metrics-token", variable: "SCIM_METRICS_TOKEN", defaultText: "none (open)", help: "bearer token /metrics requires"),
        Setting(name: "journal-retention-days", variable: "SCIM_JOURNAL_RETENTION_DAYS", defaultText: "keep forever", help: "prune journal entries older than this"),
        Setting(name: "rebuild-memory", variable: "SCIM_REBUILD_MEMORY", defaultText: "2GiB", help: "memory a projection rebuild folds in before writing"),
    ]

    static var usage: String {
        let rows = settings.map { setting in
            let option = "--\(setting.name)".padding(toLength: 26, withPad: " ", startingAt: 0)
            let variable = setting.variable.padding(toLength: 29, withPad: " ", startingAt: 0)
            return "  \(option)\(variable)\(setting.help) [default: \(setting.defaultText)]"
        }
        return """
            usage: scim-server [serve] [--option value | --option=value]...
                   scim-server token create|list|revoke ...   (scim-server token --help)
                   scim-server tenant create|list|disable|enable|delete ...

            Serves the SCIM 2.0 endpoint (base path /scim/v2, and /tenants/{tenant}/scim/v2) from the event
            log in --data-dir, creating it on first start, with /health, /ready and /metrics beside it.

            Each option can also be set with the environment variable beside it, or as a key (the option
            name without dashes) in the JSON file given by --config. Options win over variables, variables
            over the file, the file over the defaults.

              option                    variable                     meaning

            """ + rows.joined(separator: "\n") + """


            The first start on an empty data directory creates tenant "default" and prints its Tenant URL,
            a Secret Token for Entra and an admin token, once. --token registers a token of your choice for
            --tenant, stored as a digest like every token, so scripts and CI can use a known token. SIGTERM
            or SIGINT stop the server gracefully: in-flight requests finish and every acknowledged write is
            committed. Reference: docs/OPERATIONS.md and docs/TENANTS-AND-TOKENS.md.
            """
    }

    /// Reads the defaults, then the configuration file, the environment and the arguments.
    /// - Throws: ``OptionError`` with a message for the user.
    init(arguments: [String], environment: [String: String]) throws(OptionError) {
        let names = Set(Self.settings.map(\.name))
        var values: [String: (value: String, source: String)] = [:]
        // Arguments first, to find --config; applied last (they win).
        var given: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw OptionError("unexpected argument \(argument); options start with --") }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard names.contains(name) else { throw OptionError("unknown option --\(name) (see --help)") }
            if value == nil {
                index += 1
                guard index < arguments.count else { throw OptionError("--\(name) needs a value") }
                value = arguments[index]
            }
            given[name] = value
            index += 1
        }
        let configFile = given["config"] ?? environment["SCIM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let configFile {
            let file = try ConfigurationFile(path: configFile, knownKeys: Set(Self.settings.filter(\.fileKey).map(\.name)))
            for (key, value) in file.values { values[key] = (value, "\"\(key)\" in \(configFile)") }
        }
        for setting in Self.settings {
            if let value = environment[setting.variable], !value.isEmpty { values[setting.name] = (value, setting.variable) }
        }
        for (name, value) in given { values[name] = (value, "--\(name)") }
        self.configFile = configFile
        try apply(values)
    }

    private mutating func apply(_ values: [String: (value: String, source: String)]) throws(OptionError) {
        func text(_ name: String) -> String? { values[name]?.value }
        func number<T>(_ name: String, _ parse: (String) -> T?, _ accepts: String) throws(OptionError) -> T? {
            guard let (value, source) = values[name] else { return nil }
            guard let parsed = parse(value.trimmingCharacters(in: .whitespaces)) else {
                throw OptionError("\(source) must be \(accepts), not \"\(value)\"")
            }
            return parsed
        }
        if let host = text("host") { self.host = host }
        port = try number("port", { Int($0).flatMap { (0...65535).contains($0) ? $0 : nil } }, "a port number (0-65535)") ?? port
        if let path = text("data-dir") { dataDirectory = path }
        mapSize = try number("map-size", Self.byteSize, "a size in bytes, or with KiB, MiB, GiB or TiB (for example 64GiB)") ?? mapSize
        maxMapSize = try number("max-map-size", Self.byteSize, "a size in bytes, or with KiB, MiB, GiB or TiB (for example 1TiB)") ?? maxMapSize
        if maxMapSize < mapSize {
            throw OptionError("\(values["max-map-size"]?.source ?? "max-map-size") (\(maxMapSize) bytes) must not be smaller than map-size (\(mapSize) bytes)")
        }
        token = text("token")
        if let tenant = text("tenant") { self.tenant = tenant }
        publicURL = text("public-url")
        maxBodyBytes = try number("max-body-bytes", { Int($0).flatMap { $0 > 0 ? $0 : nil } }, "a positive number of bytes") ?? maxBodyBytes
        policyFile = text("policy-file")
        logLevel = try number("log-level", { Logger.Level(rawValue: $0.lowercased()) }, "trace, debug, info, notice, warning, error or critical") ?? logLevel
        logFormat = try number("log-format", { LogFormat(rawValue: $0.lowercased()) }, "text or json") ?? logFormat
        tlsCertificate = text("tls-cert")
        tlsKey = text("tls-key")
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw OptionError("TLS needs both tls-cert and tls-key (only \(tlsCertificate == nil ? "tls-key" : "tls-cert") is set)")
        }
        requestTimeout = try number("request-timeout", Self.seconds, "a positive number of seconds") ?? requestTimeout
        idleTimeout = try number("idle-timeout", Self.seconds, "a positive number of seconds") ?? idleTimeout
        rateLimit = try number("rate-limit", { Double($0).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } }, "a number of requests per second (0: off)")
        if rateLimit == 0 { rateLimit = nil }
        rateLimitBurst = try number("rate-limit-burst", { Int($0).flatMap { $0 > 0 ? $0 : nil } }, "a positive number of requests")
        metricsToken = text("metrics-token")
        journalRetentionDays = try number("journal-retention-days", { Int($0).flatMap { $0 > 0 ? $0 : nil } }, "a positive number of days")
        rebuildMemory = try number("rebuild-memory", Self.byteSize, "a size in bytes, or with KiB, MiB, GiB or TiB (for example 2GiB)") ?? rebuildMemory
    }

    /// The operations layer's configuration.
    var operations: OperationsConfiguration {
        OperationsConfiguration(
            requestTimeout: requestTimeout, idleTimeout: idleTimeout,
            rateLimit: rateLimit.map { RateLimit(requestsPerSecond: $0, burst: rateLimitBurst ?? max(1, Int(($0 * 2).rounded(.up)))) },
            metricsToken: metricsToken, journalRetentionDays: journalRetentionDays)
    }

    /// The TLS files, when HTTPS is configured.
    var tls: TLSFiles? {
        guard let tlsCertificate, let tlsKey else { return nil }
        return TLSFiles(certificatePath: tlsCertificate, keyPath: tlsKey)
    }

    /// The tenant policies from ``policyFile``.
    func policies() throws -> PolicySet {
        guard let policyFile else { return PolicySet() }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: policyFile)))
        return try PolicySet(jsonText: bytes)
    }

    /// `123`, `512MiB`, `64GiB`, `1TiB` (binary units; `KB`/`MB`/… are read the same way).
    static func byteSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("TB", 1 << 40), ("GB", 1 << 30),
                                      ("MB", 1 << 20), ("KB", 1 << 10), ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Int(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return Int(text).flatMap { $0 > 0 ? $0 : nil }
    }

    /// A positive number of seconds, fractions allowed.
    static func seconds(_ text: String) -> Duration? {
        guard let value = Double(text), value > 0, value.isFinite, value < 1e9 else { return nil }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}

/// A configuration mistake, explained.
struct OptionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
