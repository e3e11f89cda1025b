import Projections

/// The attribute changes that turn a stored resource into its new version, in the form the
/// projection's fold applies.
///
/// Guarantees: `AttributeChange.apply(changes(from: old, to: new), to: old) == new`, checked on
/// every write: a mismatch is refused with a 500 instead of storing something other than what
/// the client was answered (the response is rendered from what the fold stored). An empty list
/// means nothing changed, so no event is appended.
enum ResourceDiff {
    static func changes(from old: JSONObject, to new: JSONObject) throws(SCIMError) -> [AttributeChange] {
        let changes = AttributeChange.diff(from: old, to: new)
        guard AttributeChange.apply(changes, to: old) == new else {
            throw SCIMError(status: 500, detail: "The server could not record this change exactly as requested; it changed nothing. Please report it.")
        }
        return changes
    }
}
