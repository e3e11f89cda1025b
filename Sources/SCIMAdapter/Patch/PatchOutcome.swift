import Projections

/// A change to a group's membership requested by a PATCH, reported instead of applied to the JSON.
///
/// Guarantees: describes intent only, in request order; adding a present member or removing an
/// absent one is for the caller to treat as a no-op. ``remove(_:)`` lists exactly the ids to
/// remove, never "all" (Entra's legacy `{"op":"Remove","path":"members","value":[…]}` removes
/// only the listed members).
public enum MembershipChange: Sendable, Hashable {
    /// Add these members.
    case add([MemberReference])
    /// Remove the members with these ids.
    case remove([String])
    /// Remove every member (`remove` on `members` without a value).
    case removeAll
    /// Make these the only members (`replace` on `members`).
    case replaceAll([MemberReference])
}

/// Something in a PATCH that was skipped or had no effect, without failing the request.
///
/// Guarantees: `operationIndex` is the index in `Operations`; `path` is the path (or path-less
/// value key) concerned, when there is one.
public struct PatchWarning: Sendable, Hashable, CustomStringConvertible {
    public var operationIndex: Int
    public var path: String?
    public var message: String

    public init(operationIndex: Int, path: String?, message: String) {
        self.operationIndex = operationIndex
        self.path = path
        self.message = message
    }

    public var description: String {
        "Operations[\(operationIndex)]\(path.map { " (\($0))" } ?? ""): \(message)"
    }
}

/// The result of applying a PATCH request to a resource.
///
/// Guarantees: `resource` is the resource after every operation, in order; it never contains
/// changes to `members` when the resource type has a `members` attribute — those are in
/// `memberChanges`. `warnings` lists skipped operations (unknown attributes, filters matching
/// nothing on remove, unknown sub-attributes dropped from values).
public struct PatchOutcome: Sendable, Hashable {
    public var resource: JSONObject
    public var memberChanges: [MembershipChange]
    public var warnings: [PatchWarning]

    public init(resource: JSONObject, memberChanges: [MembershipChange] = [], warnings: [PatchWarning] = []) {
        self.resource = resource
        self.memberChanges = memberChanges
        self.warnings = warnings
    }
}
