/// One attribute's change, with its value before and after: the unit of the audit history.
///
/// `path` names the attribute as stored: a core attribute (`"displayName"`), a sub-attribute of a
/// single-valued complex core attribute (`"name.givenName"`), or an extension attribute qualified
/// by its schema URN (`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"`).
/// `old` or `new` is `nil` when the attribute had, or has, no value. Multi-valued attributes
/// (emails, roles, …) change as a whole value, so the history shows the list before and after.
public struct AttributeChange: Sendable, Hashable {
    public var path: String
    public var old: JSONValue?
    public var new: JSONValue?

    public init(path: String, old: JSONValue?, new: JSONValue?) {
        self.path = path
        self.old = old
        self.new = new
    }
}

extension AttributeChange {
    /// The attribute-by-attribute difference that turns `old` into `new`.
    ///
    /// Guarantees: `apply(diff(old, new), to: old) == new` for resources whose extension objects are
    /// keyed by `urn:` and whose complex core attributes are objects; an empty result means the two
    /// resources are equal, which is how a PATCH that changes nothing appends no event.
    public static func diff(from old: JSONObject, to new: JSONObject) -> [AttributeChange] {
        var changes: [AttributeChange] = []
        for key in orderedUnion(old.keys, new.keys) {
            let before = old[key]
            let after = new[key]
            guard before != after else { continue }
            switch (before, after) {
            case (.object(let a)?, .object(let b)?):
                changes += members(of: key, a, b)
            case (.object(let a)?, nil):
                changes += members(of: key, a, JSONObject())
            case (nil, .object(let b)?):
                changes += members(of: key, JSONObject(), b)
            default:
                changes.append(AttributeChange(path: key, old: before, new: after))
            }
        }
        return changes
    }

    /// The changes of the members of a complex or extension attribute (`name.givenName`, `urn:…:department`).
    private static func members(of key: String, _ a: JSONObject, _ b: JSONObject) -> [AttributeChange] {
        let separator = key.hasPrefix("urn:") ? ":" : "."
        return orderedUnion(a.keys, b.keys).compactMap { sub in
            a[sub] == b[sub] ? nil : AttributeChange(path: key + separator + sub, old: a[sub], new: b[sub])
        }
    }

    /// Applies changes in order: each sets its path to `new`, or removes it when `new` is `nil`.
    /// An object left empty by removals is removed too, as a client would see it.
    public static func apply(_ changes: [AttributeChange], to resource: JSONObject) -> JSONObject {
        var result = resource
        for change in changes {
            let (top, sub) = split(change.path)
            guard let sub else {
                result[top] = change.new
                continue
            }
            var container = result[top]?.objectValue ?? JSONObject()
            container[sub] = change.new
            result[top] = container.isEmpty ? nil : .object(container)
        }
        return result
    }

    /// Splits a change path into its top-level key and, for complex or extension attributes, the member.
    static func split(_ path: String) -> (String, String?) {
        if path.hasPrefix("urn:") {
            guard let colon = path.lastIndex(of: ":") else { return (path, nil) }
            return (String(path[..<colon]), String(path[path.index(after: colon)...]))
        }
        guard let dot = path.firstIndex(of: ".") else { return (path, nil) }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]))
    }

    private static func orderedUnion(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set(a)
        return a + b.filter { seen.insert($0).inserted }
    }
}
