import Projections

/// Compares a replayed response with the recorded one: status, `scimType` and body.
///
/// Bodies are compared as JSON after normalising what legitimately changes between two runs:
/// - `meta.created`, `meta.lastModified` and `meta.version` are removed, wherever a `meta` object is;
/// - absolute URLs (`meta.location`, `$ref`) keep only their path: the origin is the recording
///   server's, not the replay's;
/// - ids the replay created are mapped back to the recorded ones (``IDMap``).
///
/// When the statuses differ, the bodies are not compared (one is an error, the other a resource, or
/// two different errors): the status and `scimType` lines say it. A body the journal cut is not
/// compared. Object members compare in any order; arrays in order.
enum ResponseComparison {
    static func compare(_ recorded: RecordedRequest, status: Int, body: [UInt8], ids: IDMap) -> [Difference] {
        var differences: [Difference] = []
        let replayedText = body.isEmpty ? nil : ids.toRecorded(String(decoding: body, as: UTF8.self))
        let replayedJSON = replayedText.flatMap { try? JSONValue(parsing: Array($0.utf8)) }
        if status != recorded.status {
            differences.append(Difference(aspect: .status, recorded: "\(recorded.status)", replayed: "\(status)"))
        }
        let replayedType = status >= 400 ? replayedJSON?.objectValue?["scimType"]?.stringValue : nil
        if replayedType != recorded.scimType {
            differences.append(Difference(aspect: .scimType, recorded: quoted(recorded.scimType), replayed: quoted(replayedType)))
        }
        guard status == recorded.status, !recorded.responseTruncated else { return differences }
        let recordedJSON = recorded.responseBody.flatMap { try? JSONValue(parsing: Array($0.utf8)) }
        switch (recordedJSON, replayedJSON) {
        case (nil, nil):
            if (recorded.responseBody ?? "") != (replayedText ?? "") {
                differences.append(Difference(aspect: .body, recorded: summary(recorded.responseBody), replayed: summary(replayedText)))
            }
        case (let old?, let new?):
            let a = normalised(old)
            let b = normalised(new)
            if a != b {
                let (lines, count) = details(a, b)
                differences.append(
                    Difference(aspect: .body, recorded: "recorded body", replayed: Describe.plural(count, "difference"), details: lines))
            }
        default:
            differences.append(Difference(aspect: .body, recorded: summary(recorded.responseBody), replayed: summary(replayedText)))
        }
        return differences
    }

    /// The value with volatile `meta` members removed and absolute URLs reduced to their paths.
    static func normalised(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for member in object {
                if member.key == "meta", case .object(let meta) = member.value {
                    var kept = JSONObject()
                    for field in meta where !["created", "lastModified", "version"].contains(field.key) {
                        kept[field.key] = normalised(field.value)
                    }
                    result[member.key] = .object(kept)
                } else {
                    result[member.key] = normalised(member.value)
                }
            }
            return .object(result)
        case .array(let elements):
            return .array(elements.map(normalised))
        case .string(let text):
            return .string(pathOnly(text))
        default:
            return value
        }
    }

    /// `https://host:8443/scim/v2/Users/1` becomes `/scim/v2/Users/1`; other text is unchanged.
    static func pathOnly(_ text: String) -> String {
        for scheme in ["http://", "https://"] where text.hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        return text
    }

    /// Attribute-level lines for two differing bodies (`path: old -> new`), at most 20, and how many differences there are.
    static func details(_ old: JSONValue, _ new: JSONValue) -> ([String], Int) {
        guard case .object(let a) = old, case .object(let b) = new else { return (["- " + old.serialized(), "+ " + new.serialized()], 1) }
        let changes = AttributeChange.diff(from: a, to: b)
        var lines = changes.prefix(20).map { Describe.change($0) }
        if changes.count > 20 { lines.append("… and \(changes.count - 20) more") }
        return (lines, changes.count)
    }

    private static func quoted(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "(none)" }

    private static func summary(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "(empty)" }
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}
