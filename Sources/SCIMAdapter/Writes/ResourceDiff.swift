import Projections

/// The attribute changes that turn a stored resource into its new version, in the form the
/// projection's fold applies.
///
/// Guarantees: `AttributeChange.apply(changes(from: old, to: new), to: old) == new`, checked on
/// every write (a mismatch is refused with a 500 instead of storing something other than what the
/// client was answered). An empty list means nothing changed.
///
/// Works around `AttributeChange.diff` (Projections) describing an extension object that appears
/// or disappears as one change whose path is the bare URN
/// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`): `AttributeChange.apply` splits
/// such a path at its last colon and would store the object under `…:2.0` → `User`. Those changes
/// are expanded here into one change per extension attribute (`…:2.0:User:employeeNumber`).
enum ResourceDiff {
    static func changes(from old: JSONObject, to new: JSONObject) throws(SCIMError) -> [AttributeChange] {
        var changes: [AttributeChange] = []
        for change in AttributeChange.diff(from: old, to: new) {
            guard change.path.hasPrefix("urn:"), old[change.path]?.objectValue != nil || new[change.path]?.objectValue != nil else {
                changes.append(change)
                continue
            }
            let before = change.old?.objectValue ?? JSONObject()
            let after = change.new?.objectValue ?? JSONObject()
            var keys = before.keys
            keys += after.keys.filter { before[$0] == nil }
            for key in keys where before[key] != after[key] {
                changes.append(AttributeChange(path: "\(change.path):\(key)", old: before[key], new: after[key]))
            }
        }
        guard AttributeChange.apply(changes, to: old) == new else {
            throw SCIMError(status: 500, detail: "The server could not record this change exactly as requested; it changed nothing. Please report it.")
        }
        return changes
    }
}
