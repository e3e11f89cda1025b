import Foundation
import Projections

/// The ids a replay learned: the id the recording server gave a created resource, and the id the
/// replaying server gave the same create.
///
/// Guarantees: ids are substituted as whole tokens (a recorded id inside another id is left alone);
/// ``toReplay(_:)`` rewrites recorded ids in later requests' paths and bodies, ``toRecorded(_:)`` the
/// replayed ids in responses, so a replayed response compares with the recorded one. Ids that did
/// not change (resources that existed before the window) need no entry.
struct IDMap: Sendable {
    /// Recorded id to replayed id.
    private(set) var forward: [String: String] = [:]
    private var backward: [String: String] = [:]

    var isEmpty: Bool { forward.isEmpty }

    /// Notes that the resource recorded as `recorded` is `replayed` in the replay.
    mutating func learn(recorded: String, replayed: String) {
        guard recorded != replayed, !recorded.isEmpty, !replayed.isEmpty else { return }
        forward[recorded] = replayed
        backward[replayed] = recorded
    }

    /// Notes the ids a replayed create produced, by comparing the recorded and replayed responses.
    ///
    /// A created resource's id is the response's `id` (else the last segment of `Location`); a
    /// `/Bulk` response pairs each operation's `location` with the recorded operation at the same index.
    mutating func learn(from recorded: RecordedRequest, replayedStatus: Int, replayedBody: [UInt8], location: String?) {
        guard recorded.method == "POST", (200..<300).contains(recorded.status), (200..<300).contains(replayedStatus) else { return }
        let recordedJSON = recorded.responseBody.flatMap { try? JSONValue(parsing: Array($0.utf8)) }
        let replayedJSON = replayedBody.isEmpty ? nil : try? JSONValue(parsing: replayedBody)
        if recorded.path.lowercased().contains("/bulk") {
            let old = recordedJSON?.objectValue?["Operations"]?.arrayValue ?? []
            let new = replayedJSON?.objectValue?["Operations"]?.arrayValue ?? []
            for (a, b) in zip(old, new) {
                guard let from = a.objectValue?["location"]?.stringValue.map(Self.lastSegment),
                    let to = b.objectValue?["location"]?.stringValue.map(Self.lastSegment)
                else { continue }
                learn(recorded: from, replayed: to)
            }
            return
        }
        let from = recorded.resourceID ?? recordedJSON?.objectValue?["id"]?.stringValue
        let to = replayedJSON?.objectValue?["id"]?.stringValue ?? location.map(Self.lastSegment)
        if let from, let to { learn(recorded: from, replayed: to) }
    }

    /// `text` with every recorded id replaced by its replayed id.
    func toReplay(_ text: String) -> String { Self.substitute(text, forward) }

    /// `text` with every replayed id replaced by the recorded id.
    func toRecorded(_ text: String) -> String { Self.substitute(text, backward) }

    /// The replayed id of `recorded` (itself when it did not change).
    func replayed(_ recorded: String) -> String { forward[recorded] ?? recorded }

    private static func lastSegment(_ location: String) -> String {
        let path = location.split(separator: "?").first.map(String.init) ?? location
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Replaces whole-token occurrences: the characters either side of a match must not be id
    /// characters (letters, digits, `-`, `_`), so `abc` inside `abcd` stays.
    private static func substitute(_ text: String, _ map: [String: String]) -> String {
        guard !map.isEmpty else { return text }
        var result = text
        for (old, new) in map where result.contains(old) {
            var output = ""
            var rest = Substring(result)
            while let range = rest.range(of: old) {
                let before = range.lowerBound == rest.startIndex ? output.last : rest[rest.index(before: range.lowerBound)]
                let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
                output += rest[..<range.lowerBound]
                output += isIDCharacter(before) || isIDCharacter(after) ? old : new
                rest = rest[range.upperBound...]
            }
            output += rest
            result = output
        }
        return result
    }

    private static func isIDCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "-" || character == "_"
    }
}
