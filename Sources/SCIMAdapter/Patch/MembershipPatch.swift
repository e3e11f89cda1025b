import Projections

/// Translates PATCH operations on a group's `members` into ``MembershipChange``s, so that one
/// member change costs the same in a group of ten as in a group of a million.
///
/// Guarantees (entra-behaviour.md §1.2, §2.4, §5 items 4 and 20, §7 items 6 and 7):
/// - `add` on `members` → ``MembershipChange/add(_:)`` with the listed members (`$ref: null`
///   tolerated; a bare string is taken as an id, as Microsoft's Postman collection sends).
/// - `remove` on `members` with a value (Entra's default mode) → ``MembershipChange/remove(_:)``
///   of exactly the listed ids; without a value (or `null`) → ``MembershipChange/removeAll``.
/// - `remove` on `members[value eq "id"]` (`aadOptscim062020`), also `or`/`and` combinations of
///   such tests → ``MembershipChange/remove(_:)``; any other members filter throws
///   `SCIMError.invalidFilter` saying which form is supported.
/// - `replace` on `members` → ``MembershipChange/replaceAll(_:)``.
/// - Sub-attribute paths (`members.value`) and filtered `add`/`replace` throw `SCIMError.invalidPath`;
///   a member without a non-empty string `value` throws `SCIMError.invalidValue`.
/// - Operations that name no member (an empty list) produce no change.
enum MembershipPatch {
    static func change(
        _ kind: PatchOperation.Kind, path: PatchPath, value: JSONValue?
    ) throws(SCIMError) -> MembershipChange? {
        guard path.attribute.subAttribute == nil else {
            throw .invalidPath(
                "\"\(path.text)\" is not supported; use \"members\" with a list of {\"value\": id}, or remove \"members[value eq \\\"id\\\"]\"."
            )
        }
        if let filter = path.valueFilter {
            guard kind == .remove else {
                throw .invalidPath(
                    "\"\(path.text)\": a filtered members path can only be used with remove; "
                        + "use \(kind.rawValue) on \"members\" with a list of {\"value\": id}."
                )
            }
            let ids = try memberIDs(in: filter, path: path)
            return ids.isEmpty ? nil : .remove(ids)
        }
        switch kind {
        case .add:
            let members = try references(value ?? .null, path: path)
            return members.isEmpty ? nil : .add(members)
        case .replace:
            return .replaceAll(try references(value ?? .null, path: path))
        case .remove:
            guard let value, !value.isNull else { return .removeAll }
            let ids = try references(value, path: path).map(\.value)
            return ids.isEmpty ? nil : .remove(ids)
        }
    }

    /// The ids a members filter selects: `value eq "id"` tests combined with `or` (union) and
    /// `and` (intersection).
    private static func memberIDs(in filter: FilterExpression, path: PatchPath) throws(SCIMError) -> [String] {
        switch filter {
        case .comparison(let attribute, .eq, let value)
        where attribute.schemaURN == nil && attribute.subAttribute == nil && attribute.name.equalsIgnoringASCIICase("value"):
            switch value {
            case .string(let id) where !id.isEmpty: return [id]
            case .number(let n): return [n.literal]
            default: break
            }
        case .or(let l, let r):
            let left = try memberIDs(in: l, path: path)
            let right = try memberIDs(in: r, path: path)
            return left + right.filter { !left.contains($0) }
        case .and(let l, let r):
            let left = try memberIDs(in: l, path: path)
            let right = try memberIDs(in: r, path: path)
            return left.filter { right.contains($0) }
        default:
            break
        }
        throw .invalidFilter(
            "\"\(path.text)\": members can only be selected by id, as members[value eq \"<id>\"] (optionally joined with 'or'); "
                + "[\(filter)] is not supported."
        )
    }

    /// The members listed in a value: an array of member objects or ids, or a single one.
    private static func references(_ value: JSONValue, path: PatchPath) throws(SCIMError) -> [MemberReference] {
        switch value {
        case .null: return []
        case .array(let items):
            var result: [MemberReference] = []
            for item in items {
                result.append(try reference(item, path: path))
            }
            return result
        default:
            return [try reference(value, path: path)]
        }
    }

    private static func reference(_ item: JSONValue, path: PatchPath) throws(SCIMError) -> MemberReference {
        switch item {
        case .string(let id) where !id.isEmpty:
            return MemberReference(value: id)
        case .object(let object):
            guard case .string(let id)? = object.value(caseInsensitiveKey: "value"), !id.isEmpty else {
                break
            }
            let display = object.value(caseInsensitiveKey: "display")?.stringValue
                ?? object.value(caseInsensitiveKey: "displayName")?.stringValue
            return MemberReference(value: id, type: object.value(caseInsensitiveKey: "type")?.stringValue, display: display)
        default:
            break
        }
        throw .invalidValue(
            "\"\(path.text)\": each member must be an object with a non-empty string \"value\" (the member's id), "
                + "not \(FilterExpression.render(item))."
        )
    }
}
