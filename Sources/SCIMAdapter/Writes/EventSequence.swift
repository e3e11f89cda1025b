import EventLog
import Projections

/// The events one decision appends, each stamped with the revision its stream must be at.
///
/// Guarantees: the first event of a stream expects exactly the revision the decision read
/// (`.noStream` for a resource being created), each further event of the same stream the one
/// after, so the log refuses the whole decision if anything changed the stream in between.
struct EventSequence {
    let tenant: String
    private(set) var events: [ProposedEvent] = []
    private var next: [String: UInt64] = [:]

    init(tenant: String) {
        self.tenant = tenant
    }

    /// Appends `event` to the stream of resource `id`, which was at `revision` when read (0: new).
    mutating func append(_ event: DirectoryEvent, id: String, readRevision revision: UInt64) {
        let key = "\(event.resourceType.rawValue)/\(id)"
        let current = next[key] ?? revision
        let expected: ExpectedRevision = current == 0 ? .noStream : .exact(current)
        events.append(event.proposed(tenant: tenant, id: id, expectedRevision: expected))
        next[key] = current + 1
    }
}

/// `If-Match` and `If-None-Match` on writes (RFC 7644 §3.14, RFC 9110 §13).
///
/// Guarantees: entity tags compare weakly (`W/"3"` matches `"3"`), lists and `*` are understood;
/// a failed condition is a 412 that changes nothing. Requests without the headers (Entra never
/// sends them) always pass.
enum Preconditions {
    static func check(_ exchange: SCIMExchange, currentETag: String?) throws(SCIMError) {
        if let ifMatch = exchange.header("If-Match") {
            let tags = parse(ifMatch)
            let matches = currentETag.map { current in tags.contains("*") || tags.contains(opaque(current)) } ?? false
            if !matches {
                throw .preconditionFailed(
                    "If-Match \(ifMatch) does not match the resource's current version \(currentETag ?? "(none)"); read it again and retry.")
            }
        }
        if let ifNoneMatch = exchange.header("If-None-Match"), let currentETag {
            let tags = parse(ifNoneMatch)
            if tags.contains("*") || tags.contains(opaque(currentETag)) {
                throw .preconditionFailed("If-None-Match \(ifNoneMatch) matches the resource's current version \(currentETag).")
            }
        }
    }

    /// Whether a GET's `If-None-Match` names the current version (answer 304).
    static func notModified(_ exchange: SCIMExchange, currentETag: String) -> Bool {
        guard let ifNoneMatch = exchange.header("If-None-Match") else { return false }
        let tags = parse(ifNoneMatch)
        return tags.contains("*") || tags.contains(opaque(currentETag))
    }

    private static func parse(_ header: String) -> Set<String> {
        Set(header.split(separator: ",").map { opaque(String($0)) })
    }

    /// The tag without `W/` and surrounding space, for weak comparison.
    private static func opaque(_ tag: String) -> String {
        var text = Substring(tag).trimmingASCIIWhitespace()
        if text.hasPrefix("W/") || text.hasPrefix("w/") { text = text.dropFirst(2) }
        return String(text)
    }
}
