import EventLog

/// Everything that can happen to a tenant's directory, as recorded in the log.
///
/// Guarantees: each case has a stable type string (``type``) and a versioned binary payload; an
/// event decoded from the log equals the event encoded into it. Change events carry the old and the
/// new value of every attribute they change, so history needs no recomputation. Resource values
/// are stored exactly as the client sent them (after schema validation): no case folding, no
/// trimming. A group's members are never part of its resource; they change by member events.
public enum DirectoryEvent: Sendable, Hashable {
    case userCreated(resource: JSONObject)
    case userReplaced(changes: [AttributeChange])
    case userChanged(changes: [AttributeChange])
    case userDeactivated
    case userReactivated
    case userPasswordChanged(hash: String)
    case userDeleted
    case groupCreated(resource: JSONObject)
    case groupReplaced(changes: [AttributeChange])
    case groupChanged(changes: [AttributeChange])
    case groupDeleted
    case membersAdded([MemberReference])
    case membersRemoved(ids: [String])
    case membersCleared

    /// The resource type of the stream the event belongs to.
    public var resourceType: ResourceKind { StoredEventKind(self).resourceKind }

    /// The stable type string stored in the envelope.
    public var type: String { "\(StoredEventKind(self).type)" }

    /// Every type string of the catalogue.
    public static let allTypes: Set<String> = Set(StoredEventKind.allCases.map { "\($0.type)" })

    /// The payload schema version this code writes (every type is at version 1 today).
    public static let currentSchemaVersion: UInt16 = 1

    /// The event as a log entry for resource `id` of `tenant`.
    public func proposed(tenant: String, id: String, expectedRevision: ExpectedRevision = .any) -> ProposedEvent {
        ProposedEvent(
            type: type, schemaVersion: Self.currentSchemaVersion,
            stream: StreamID(tenant: tenant, type: resourceType.rawValue, id: id),
            expectedRevision: expectedRevision, payload: payload().binaryEncoded())
    }

    /// The payload as a JSON object (also how `replay` shows events).
    public func payload() -> JSONValue {
        switch self {
        case .userCreated(let resource), .groupCreated(let resource):
            return ["resource": .object(resource)]
        case .userReplaced(let changes), .userChanged(let changes), .groupReplaced(let changes), .groupChanged(let changes):
            return ["changes": .array(changes.map(Self.encode))]
        case .userPasswordChanged(let hash):
            return ["hash": .string(hash)]
        case .membersAdded(let members):
            return ["members": .array(members.map(\.json))]
        case .membersRemoved(let ids):
            return ["ids": .array(ids.map(JSONValue.string))]
        case .userDeactivated, .userReactivated, .userDeleted, .groupDeleted, .membersCleared:
            return .object(JSONObject())
        }
    }

    /// Decodes a recorded event of the catalogue; `nil` for types this catalogue does not own.
    ///
    /// - Throws: ``DirectoryEventDecodingError`` for a known type whose payload does not decode.
    public init?(type: String, payload: UnsafeRawBufferPointer) throws {
        guard Self.allTypes.contains(type) else { return nil }
        let value: JSONValue
        do {
            value = try JSONValue(binary: payload)
        } catch {
            throw DirectoryEventDecodingError(type: type, reason: "\(error)")
        }
        self = try Self.decode(type: type, value.objectValue ?? JSONObject())
    }

    /// Decodes a recorded event of the catalogue; `nil` for types this catalogue does not own.
    public init?(_ event: RecordedEvent) throws {
        guard let decoded = try event.payload.withUnsafeBytes({ try DirectoryEvent(type: event.type, payload: $0) }) else { return nil }
        self = decoded
    }

    /// Decodes the changes of a changed or replaced event's payload, as `.userChanged(changes:)`.
    static func decodeChanges(_ payload: UnsafeRawBufferPointer) throws -> DirectoryEvent {
        let value: JSONValue
        do {
            value = try JSONValue(binary: payload)
        } catch {
            throw DirectoryEventDecodingError(type: "changes", reason: "\(error)")
        }
        return try decode(type: "user.changed", value.objectValue ?? JSONObject())
    }

    private static func decode(type: String, _ object: JSONObject) throws -> DirectoryEvent {
        func resource() throws -> JSONObject {
            guard let resource = object["resource"]?.objectValue else { throw DirectoryEventDecodingError(type: type, reason: "no resource") }
            return resource
        }
        func changes() throws -> [AttributeChange] {
            guard let list = object["changes"]?.arrayValue else { throw DirectoryEventDecodingError(type: type, reason: "no changes") }
            return try list.map { item in
                guard let change = item.objectValue, let path = change["path"]?.stringValue else {
                    throw DirectoryEventDecodingError(type: type, reason: "malformed change")
                }
                return AttributeChange(path: path, old: change["old"], new: change["new"])
            }
        }
        switch type {
        case "user.created": return .userCreated(resource: try resource())
        case "group.created": return .groupCreated(resource: try resource())
        case "user.replaced": return .userReplaced(changes: try changes())
        case "user.changed": return .userChanged(changes: try changes())
        case "group.replaced": return .groupReplaced(changes: try changes())
        case "group.changed": return .groupChanged(changes: try changes())
        case "user.deactivated": return .userDeactivated
        case "user.reactivated": return .userReactivated
        case "user.deleted": return .userDeleted
        case "group.deleted": return .groupDeleted
        case "group.members.cleared": return .membersCleared
        case "user.password.changed":
            guard let hash = object["hash"]?.stringValue else { throw DirectoryEventDecodingError(type: type, reason: "no hash") }
            return .userPasswordChanged(hash: hash)
        case "group.members.added":
            guard let list = object["members"]?.arrayValue else { throw DirectoryEventDecodingError(type: type, reason: "no members") }
            return .membersAdded(try list.map { item in
                guard let member = MemberReference(json: item) else { throw DirectoryEventDecodingError(type: type, reason: "malformed member") }
                return member
            })
        case "group.members.removed":
            guard let list = object["ids"]?.arrayValue else { throw DirectoryEventDecodingError(type: type, reason: "no ids") }
            return .membersRemoved(ids: try list.map { item in
                guard let id = item.stringValue else { throw DirectoryEventDecodingError(type: type, reason: "malformed id") }
                return id
            })
        default:
            throw DirectoryEventDecodingError(type: type, reason: "unknown type")
        }
    }

    private static func encode(_ change: AttributeChange) -> JSONValue {
        var object = JSONObject()
        object["path"] = .string(change.path)
        object["old"] = change.old
        object["new"] = change.new
        return .object(object)
    }
}

/// The two resource types of a directory.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable {
    case user = "User"
    case group = "Group"
}

/// A member of a group as the group records it: the member's id, and what the client said of it.
public struct MemberReference: Sendable, Hashable {
    public var value: String
    public var type: String?
    public var display: String?

    public init(value: String, type: String? = nil, display: String? = nil) {
        self.value = value
        self.type = type
        self.display = display
    }

    var json: JSONValue {
        var object = JSONObject()
        object["value"] = .string(value)
        if let type { object["type"] = .string(type) }
        if let display { object["display"] = .string(display) }
        return .object(object)
    }

    init?(json: JSONValue) {
        guard let object = json.objectValue, let value = object["value"]?.stringValue else { return nil }
        self.init(value: value, type: object["type"]?.stringValue, display: object["display"]?.stringValue)
    }
}

/// A recorded directory event whose payload does not decode.
public struct DirectoryEventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var reason: String
    public var description: String { "cannot decode \(type) event: \(reason)" }
}
