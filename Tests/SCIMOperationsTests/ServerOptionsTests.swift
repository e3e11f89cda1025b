import EventLog
import Foundation
import Logging
import Projections
import SCIMOperations
import Testing

@testable import scim_server

/// The description of the error `body` throws, or nil when it does not throw.
func failure(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct ServerOptionsTests {
    static func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scim-config-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func defaultsAreTheDocumentedOnes() throws {
        let options = try ServerOptions(arguments: [], environment: [:])
        #expect(options.host == "0.0.0.0")
        #expect(options.port == 8080)
        #expect(options.dataDirectory == "./scim-data")
        #expect(options.mapSize == 64 << 30)
        #expect(options.maxMapSize == 1 << 40)
        #expect(options.maxBodyBytes == 1 << 20)
        #expect(options.logLevel == .info)
        #expect(options.logFormat == .text)
        #expect(options.tls == nil)
        #expect(options.requestTimeout == .seconds(30))
        #expect(options.idleTimeout == .seconds(60))
        #expect(options.operations.rateLimit == nil)
        #expect(options.operations.metricsToken == nil)
        #expect(options.journalRetentionDays == nil)
    }

    @Test func flagsWinOverVariablesWhichWinOverTheFile() throws {
        let path = try Self.file(#"{"port": 9000, "host": "10.0.0.1", "map-size": "2GiB", "log-format": "json", "journal-retention-days": 90}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = try ServerOptions(
            arguments: ["--config", path, "--port=9443"], environment: ["SCIM_PORT": "9100", "SCIM_HOST": "10.0.0.2", "LOG_LEVEL": "debug"])
        #expect(options.port == 9443, "flag over variable and file")
        #expect(options.host == "10.0.0.2", "variable over file")
        #expect(options.mapSize == 2 << 30, "file over default")
        #expect(options.logFormat == .json)
        #expect(options.logLevel == .debug)
        #expect(options.journalRetentionDays == 90)
        let fromVariable = try ServerOptions(arguments: [], environment: ["SCIM_CONFIG": path])
        #expect(fromVariable.port == 9000)
    }

    @Test func rateLimitTLSAndTimeoutsBecomeTheOperationsConfiguration() throws {
        let options = try ServerOptions(
            arguments: ["--rate-limit", "5", "--tls-cert", "/c.pem", "--tls-key", "/k.pem", "--request-timeout", "2.5", "--metrics-token", "m"],
            environment: [:])
        #expect(options.operations.rateLimit?.requestsPerSecond == 5)
        #expect(options.operations.rateLimit?.burst == 10, "burst defaults to two seconds' worth")
        #expect(options.operations.requestTimeout == .milliseconds(2500))
        #expect(options.operations.metricsToken == "m")
        #expect(options.tls?.certificatePath == "/c.pem")
        #expect(options.tls?.keyPath == "/k.pem")
        #expect(try ServerOptions(arguments: ["--rate-limit", "0"], environment: [:]).operations.rateLimit == nil)
    }

    @Test(arguments: [
        (["--port", "http"], [:], "--port must be a port number"),
        ([], ["SCIM_PORT": "70000"], "SCIM_PORT must be a port number"),
        (["--map-size", "lots"], [:], "--map-size must be a size"),
        (["--map-size", "2GiB", "--max-map-size", "1GiB"], [:], "must not be smaller than map-size"),
        (["--log-format", "xml"], [:], "--log-format must be text or json"),
        (["--tls-cert", "/c.pem"], [:], "TLS needs both tls-cert and tls-key"),
        (["--request-timeout", "-1"], [:], "--request-timeout must be a positive number of seconds"),
        ([], ["SCIM_RATE_LIMIT": "fast"], "SCIM_RATE_LIMIT must be a number"),
        (["--journal-retention-days", "0"], [:], "--journal-retention-days must be a positive number"),
        (["--colour", "red"], [:], "unknown option --colour"),
        (["--port"], [:], "--port needs a value"),
    ] as [([String], [String: String], String)])
    func badValuesAreErrorsNamingTheirSource(arguments: [String], environment: [String: String], message: String) {
        #expect(failure { try ServerOptions(arguments: arguments, environment: environment) }?.contains(message) == true)
    }

    @Test func fileMistakesNameTheFileAndKey() throws {
        let unknown = try Self.file(#"{"port": 8443, "prot": 1}"#)
        let badValue = try Self.file(#"{"idle-timeout": "soon"}"#)
        let notObject = try Self.file(#"[1, 2]"#)
        let wrongType = try Self.file(#"{"tls-cert": ["a"]}"#)
        defer { for path in [unknown, badValue, notObject, wrongType] { try? FileManager.default.removeItem(atPath: path) } }
        let unknownKey = failure { try ServerOptions(arguments: ["--config", unknown], environment: [:]) }
        #expect(unknownKey?.contains("unknown key \"prot\"") == true && unknownKey?.contains(unknown) == true)
        #expect(failure { try ServerOptions(arguments: ["--config", badValue], environment: [:]) }?
            .contains("\"idle-timeout\" in \(badValue) must be a positive number of seconds") == true)
        #expect(failure { try ServerOptions(arguments: ["--config", notObject], environment: [:]) }?.contains("one JSON object") == true)
        #expect(failure { try ServerOptions(arguments: ["--config", wrongType], environment: [:]) }?.contains("must be a string or a number") == true)
        #expect(failure { try ServerOptions(arguments: ["--config", "/nonexistent.json"], environment: [:]) }?.contains("/nonexistent.json") == true)
        let configInFile = try Self.file(#"{"config": "/other.json"}"#)
        defer { try? FileManager.default.removeItem(atPath: configInFile) }
        #expect(failure { try ServerOptions(arguments: ["--config", configInFile], environment: [:]) }?.contains("unknown key \"config\"") == true)
    }

    @Test func helpListsEveryOptionWithItsVariableAndDefault() {
        let usage = ServerOptions.usage
        for setting in ServerOptions.settings {
            #expect(usage.contains("--\(setting.name)"))
            #expect(usage.contains(setting.variable))
            #expect(usage.contains("[default: \(setting.defaultText)]"))
        }
    }
}
