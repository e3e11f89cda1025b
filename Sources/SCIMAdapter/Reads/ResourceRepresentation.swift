import EventLog
import Projections

/// Turns a stored resource into what a client receives: `id`, the stored attributes, complete
/// `meta`, a Group's `members` and a User's `groups` (from the membership tables), then the
/// `attributes`/`excludedAttributes` selection.
///
/// Guarantees: `meta` always has `resourceType`, `created`, `lastModified`, `location` and
/// `version` (the ETag); a member's `type` and `$ref` when it is known to be a User or a Group
/// (a member id added before its resource existed has only `value`); members and groups are read only when the selection returns them, so
/// `excludedAttributes=members` costs nothing however large the group; values come back exactly
/// as stored; `password` never appears.
struct ResourceRepresentation {
    let kind: ResourceKind
    let tenant: String
    let baseURL: String
    let selection: AttributeSelection
    /// Whether the selection returns the group's `members` (or a user's `groups`).
    let includesMemberships: Bool
    /// The selection's renderer, resolved once for every resource rendered; `nil` without a selection.
    private let renderer: ResourceRenderer?

    init(kind: ResourceKind, tenant: String, baseURL: String, selection: AttributeSelection) {
        self.kind = kind
        self.tenant = tenant
        self.baseURL = baseURL
        self.selection = selection
        let renderer = ResourceRenderer(resourceType: kind.definition, selection: selection)
        let memberships = kind == .group ? "members" : "groups"
        includesMemberships = renderer.decision(
            forAttribute: memberships, definition: kind.definition.coreAttribute(named: memberships), container: nil) != nil
        self.renderer = selection.attributes.isEmpty && selection.excludedAttributes.isEmpty ? nil : renderer
    }

    var definition: ResourceTypeDefinition { kind.definition }

    func render(_ stored: StoredResource, _ reader: borrowing DirectoryReader) throws -> JSONObject {
        var object = full(stored)
        if includesMemberships {
            switch kind {
            case .group:
                let members = try reader.members(of: stored.id, tenant: tenant)
                if !members.isEmpty { object["members"] = .array(try members.map { try memberJSON($0, reader) }) }
            case .user:
                let groups = try reader.groups(of: stored.id, tenant: tenant)
                if !groups.isEmpty { object["groups"] = .array(try groups.map { try groupJSON($0, reader) }) }
            }
        }
        if let renderer { return renderer.render(object) }
        // Without a selection, rendering keeps every stored attribute: stored resources hold only
        // attributes returned by default (validation and PATCH drop the write-only password and
        // empty values), so only `schemas` needs recomputing. This skips a full copy per resource.
        object["schemas"] = .array(Self.schemas(of: object, core: definition.schema.id))
        return object
    }

    /// The core URN, then the URN of every extension object present, in order.
    static func schemas(of object: JSONObject, core: String) -> [JSONValue] {
        var urns: [JSONValue] = [.string(core)]
        for member in object where member.key.utf8.count > 4 && member.key.prefix(4).equalsIgnoringASCIICase("urn:") {
            if case .object = member.value { urns.append(.string(member.key)) }
        }
        return urns
    }

    /// The resource with `id` and `meta`, before selection and without memberships: also what
    /// filters are evaluated against.
    func full(_ stored: StoredResource) -> JSONObject {
        var object = JSONObject()
        object["schemas"] = stored.resource["schemas"] ?? .array([.string(definition.schema.id)])
        object["id"] = .string(stored.id)
        for member in stored.resource where member.key != "schemas" {
            object[member.key] = member.value
        }
        object["meta"] = meta(stored)
        return object
    }

    func meta(_ stored: StoredResource) -> JSONValue {
        [
            "resourceType": .string(kind.rawValue),
            "created": .string(stored.created.iso8601),
            "lastModified": .string(stored.lastModified.iso8601),
            "location": .string("\(baseURL)/\(kind.endpointName)/\(stored.id)"),
            "version": .string(stored.etag),
        ]
    }

    private func memberJSON(_ member: MemberReference, _ reader: borrowing DirectoryReader) throws -> JSONValue {
        var object = JSONObject()
        object["value"] = .string(member.value)
        let memberKind: ResourceKind?
        if let type = member.type {
            memberKind = type.equalsIgnoringASCIICase("Group") ? .group : .user
        } else if try reader.resource(.user, tenant: tenant, id: member.value) != nil {
            memberKind = .user
        } else {
            memberKind = try reader.resource(.group, tenant: tenant, id: member.value) != nil ? .group : nil
        }
        if let memberKind {
            object["$ref"] = .string("\(baseURL)/\(memberKind.endpointName)/\(member.value)")
            object["type"] = .string(memberKind.rawValue)
        }
        if let display = member.display { object["display"] = .string(display) }
        return .object(object)
    }

    private func groupJSON(_ groupID: String, _ reader: borrowing DirectoryReader) throws -> JSONValue {
        var object = JSONObject()
        object["value"] = .string(groupID)
        object["$ref"] = .string("\(baseURL)/Groups/\(groupID)")
        if let name = try reader.resource(.group, tenant: tenant, id: groupID)?.resource.value(caseInsensitiveKey: "displayName") {
            object["display"] = name
        }
        object["type"] = "direct"
        return .object(object)
    }
}
