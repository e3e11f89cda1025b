import Foundation
import Logging
import Projections

/// A `LogHandler` that writes each log event as one JSON object on one line, for log shippers.
///
/// Guarantees: one line per event, written with a single `write` so lines from concurrent tasks
/// never interleave; fields are `time` (RFC 3339, UTC, milliseconds), `level`, `label`,
/// `message`, then every metadata key (handler, provider and call site merged, the call site
/// winning) as a JSON string, array or object. A metadata key named like a fixed field is
/// written as `meta.<key>` so it cannot hide one.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: @Sendable ([UInt8]) -> Void

    /// A handler writing to standard error (where the text format writes too).
    public init(label: String) {
        self.init(label: label) { line in FileHandle.standardError.write(Data(line)) }
    }

    /// A handler writing each line (with its newline) to `sink`.
    public init(label: String, sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.label = label
        self.sink = sink
        self.metadataProvider = LoggingSystem.metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var object = JSONObject()
        object["time"] = .string(Self.timestamp(Date()))
        object["level"] = .string(event.level.rawValue)
        object["label"] = .string(label)
        object["message"] = .string(event.message.description)
        if let error = event.error { object["error"] = .string("\(error)") }
        for key in merged.keys.sorted() {
            let name = ["time", "level", "label", "message", "error"].contains(key) ? "meta." + key : key
            object[name] = Self.json(merged[key]!)
        }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        JSONValue.object(object).serialize(into: &line)
        line.append(UInt8(ascii: "\n"))
        sink(line)
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let dictionary):
            .object(dictionary.keys.sorted().reduce(into: JSONObject()) { object, key in object[key] = json(dictionary[key]!) })
        }
    }

    private static func timestamp(_ date: Date) -> String {
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        return date.formatted(format)
    }
}

/// How the server writes its logs.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// swift-log's default: `time level label: [metadata] message`, one line per event.
    case text
    /// One JSON object per line (``JSONLogHandler``).
    case json
}
