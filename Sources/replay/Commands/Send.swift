import ArgumentParser
import Foundation
import Projections

extension Replay {
    /// `replay send <trace> --url U --token T`: send a recorded request trace to a SCIM server.
    struct Send: ReplayCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a recorded request trace (from `replay export journal`) to a SCIM server and report differences.",
            discussion: """
                Sends every request of the trace, in order, to --url (the SCIM base URL, such as \
                https://staging.example.com/scim/v2) with the recorded headers and body and the given bearer token, \
                maps the ids of resources the target creates, and compares each response with the recorded one \
                (status, scimType, body without meta.created, meta.lastModified and meta.version, URLs by path). \
                Requests refused by authentication or as too large when recorded are skipped. Exit code 0 when every \
                response matched, 1 when one differed or the target could not be reached.
                """)

        @Argument(help: ArgumentHelp("The trace: JSON Lines from `replay export journal` (`-` for standard input).", valueName: "trace"))
        var trace: String

        @Option(help: ArgumentHelp("The target's SCIM base URL.", valueName: "url"))
        var url: String

        @Option(help: ArgumentHelp("The bearer token to send (default: $SCIM_TOKEN).", valueName: "token"))
        var token: String?

        @Option(help: ArgumentHelp("Seconds to wait for each response.", valueName: "seconds"))
        var timeout: Double = 30

        @Flag(help: "Print machine-readable JSON instead of tables.")
        var json = false

        func validate() throws {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), URL(string: url) != nil else {
                throw ValidationError("--url must be an http:// or https:// SCIM base URL, such as https://staging.example.com/scim/v2")
            }
            guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
        }

        func execute() async throws {
            guard let token = token ?? ProcessInfo.processInfo.environment["SCIM_TOKEN"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw ReplayError("no bearer token to send", remedy: "pass --token T (or set SCIM_TOKEN)", exitCode: ExitStatus.usage)
            }
            let requests = try Self.readTrace(trace)
            let sender = HTTPReplayer(baseURL: url, token: token, timeoutSeconds: timeout)
            let progress = Progress("sending requests", total: UInt64(requests.count), unit: "requests")
            var outcomes: [ReplayedRequest] = []
            for request in requests {
                outcomes.append(try await sender.replay(request))
                progress.update(UInt64(outcomes.count))
            }
            progress.finish()
            let report = ReplayReport(
                heading: [
                    "Sent \(Describe.plural(requests.count, "recorded request")) from \(trace == "-" ? "standard input" : trace) to \(sender.baseURL)"
                ],
                outcomes: outcomes, ids: sender.ids,
                facts: JSONObject([.init(key: "trace", value: .string(trace)), .init(key: "url", value: .string(sender.baseURL))]),
                comparesState: false)
            var out = Console.standardOutput()
            if json {
                out.json(report.json)
            } else {
                report.text(into: &out)
            }
            if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
        }

        /// Reads a trace file: one journal entry per non-empty line.
        static func readTrace(_ path: String) throws -> [RecordedRequest] {
            let data: Data?
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = FileManager.default.contents(atPath: path)
            }
            guard let data else {
                throw ReplayError(
                    "cannot read the trace \(path)", remedy: "make one with `replay export journal > trace.jsonl`", exitCode: ExitStatus.usage)
            }
            var requests: [RecordedRequest] = []
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
                let value: JSONValue
                do {
                    value = try JSONValue(parsing: Array(line))
                } catch {
                    throw ReplayError(
                        "line \(index + 1) of the trace is not JSON: \(error)", remedy: "a trace is the output of `replay export journal`",
                        exitCode: ExitStatus.usage)
                }
                requests.append(try RecordedRequest(line: value, number: index + 1))
            }
            return requests.sorted { $0.sequence < $1.sequence }
        }
    }
}
