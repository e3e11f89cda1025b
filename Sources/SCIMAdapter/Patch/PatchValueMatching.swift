import Projections

/// Comparisons the PATCH engine needs: "is this the same value?" for duplicate detection and
/// mutability checks, and "is this the value the client asked to remove?".
///
/// Guarantees: ``equivalent(_:_:)`` is JSON equality with object keys compared ignoring ASCII
/// case (stored spellings may differ from the schema's). ``matches(_:removalValue:definition:)``
/// compares with the attribute's type and `caseExact` rules, so `remove` carrying Entra's old value
/// removes only when it matches and never writes.
enum PatchValueMatching {
    static func equivalent(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return equivalent(x, y)
        default: return false
        }
    }

    static func equivalent(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { member in
                guard let other = y.value(caseInsensitiveKey: member.key) else { return false }
                return equivalent(member.value, other)
            }
        default:
            return a == b
        }
    }

    /// Whether a stored value (one element of a multi-valued attribute, or a single value) is the
    /// value `given` in a `remove` names. `given` may be an array (any element may match); for a
    /// complex attribute it may be an object (every sub-attribute it names must match) or a bare
    /// string (compared with the `value` sub-attribute).
    static func matches(_ stored: JSONValue, removalValue given: JSONValue, definition: AttributeDefinition) -> Bool {
        if case .array(let options) = given {
            return options.contains { matches(stored, removalValue: $0, definition: definition) }
        }
        guard definition.type == .complex else {
            return scalarEqual(stored, given, definition)
        }
        guard let storedObject = stored.objectValue else { return false }
        let wanted: JSONObject
        switch given {
        case .object(let object): wanted = object
        case .string(let s):
            if case .object(let decoded)? = StringifiedJSON.decode(s) {
                wanted = decoded
            } else {
                var object = JSONObject()
                object["value"] = given
                wanted = object
            }
        default: return false
        }
        var compared = 0
        for member in wanted where member.value.hasAssignedValue {
            guard let sub = definition.subAttribute(named: member.key) else { continue }
            guard let current = storedObject.value(caseInsensitiveKey: sub.name), scalarEqual(current, member.value, sub) else {
                return false
            }
            compared += 1
        }
        return compared > 0
    }

    private static func scalarEqual(_ a: JSONValue, _ b: JSONValue, _ definition: AttributeDefinition) -> Bool {
        guard let x = AttributeScalar(a, as: definition), let y = AttributeScalar(b, as: definition) else {
            return equivalent(a, b)
        }
        return x.isEqual(to: y, caseExact: definition.caseExact)
    }
}
