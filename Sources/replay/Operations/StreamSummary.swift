import EventLog
import Projections

/// What the log says about one resource's stream: the resource as its events leave it.
///
/// Built from the stream's events alone (no projection needed), so it works for deleted resources
/// and for directories without a projection.
struct StreamSummary: Sendable {
    var stream: StreamID
    var kind: ResourceKind
    /// The resource after the last event (attributes only; members are not tracked).
    var resource: JSONObject
    var created: Timestamp?
    var lastEvent: Timestamp?
    var revision: UInt64
    var deleted: Bool

    /// Folds the events of one stream, decoded.
    init(stream: StreamID, kind: ResourceKind, events: [RecordedEvent]) throws {
        self.stream = stream
        self.kind = kind
        resource = JSONObject()
        revision = 0
        deleted = false
        for event in events {
            revision = event.revision
            lastEvent = event.recordedAt
            guard let decoded = try DirectoryEvent(event) else { continue }
            switch decoded {
            case .userCreated(let created), .groupCreated(let created):
                resource = created
                self.created = event.recordedAt
                deleted = false
            case .userChanged(let changes), .userReplaced(let changes), .groupChanged(let changes), .groupReplaced(let changes):
                resource = AttributeChange.apply(changes, to: resource)
            case .userDeactivated:
                resource.setValue(.bool(false), caseInsensitiveKey: "active")
            case .userReactivated:
                resource.setValue(.bool(true), caseInsensitiveKey: "active")
            case .userDeleted, .groupDeleted:
                deleted = true
            case .userPasswordChanged, .membersAdded, .membersRemoved, .membersCleared:
                break
            }
        }
    }

    /// The stream's name: userName for users, displayName for groups.
    var name: String? { ResourceNames.name(of: resource, kind) }

    var externalID: String? { resource.value(caseInsensitiveKey: "externalId")?.stringValue }
}

/// The attributes people name resources by.
enum ResourceNames {
    /// userName for users, displayName for groups.
    static func name(of resource: JSONObject, _ kind: ResourceKind) -> String? {
        resource.value(caseInsensitiveKey: kind == .user ? "userName" : "displayName")?.stringValue
    }

    /// A one-line label: `User 2819c223-… (bjensen@example.com)`.
    static func label(_ kind: ResourceKind, _ id: String, name: String?) -> String {
        name.map { "\(kind.rawValue) \(id) (\($0))" } ?? "\(kind.rawValue) \(id)"
    }
}
