import EventLog

/// The directory's event types, resolved from a stored type string without allocating.
public enum StoredEventKind: Sendable, Hashable, CaseIterable {
    case userCreated, userReplaced, userChanged, userDeactivated, userReactivated, userPasswordChanged, userDeleted
    case groupCreated, groupReplaced, groupChanged, groupDeleted, membersAdded, membersRemoved, membersCleared

    /// The stable type string.
    public var type: StaticString {
        switch self {
        case .userCreated: "user.created"
        case .userReplaced: "user.replaced"
        case .userChanged: "user.changed"
        case .userDeactivated: "user.deactivated"
        case .userReactivated: "user.reactivated"
        case .userPasswordChanged: "user.password.changed"
        case .userDeleted: "user.deleted"
        case .groupCreated: "group.created"
        case .groupReplaced: "group.replaced"
        case .groupChanged: "group.changed"
        case .groupDeleted: "group.deleted"
        case .membersAdded: "group.members.added"
        case .membersRemoved: "group.members.removed"
        case .membersCleared: "group.members.cleared"
        }
    }

    public var resourceKind: ResourceKind {
        switch self {
        case .userCreated, .userReplaced, .userChanged, .userDeactivated, .userReactivated, .userPasswordChanged, .userDeleted: .user
        default: .group
        }
    }

    /// The kind whose type string is `bytes`, or `nil` for types the directory does not own.
    public init?(typeBytes bytes: UnsafeRawBufferPointer) {
        for kind in Self.allCases where kind.type.withUTF8Buffer({ $0.count == bytes.count && $0.elementsEqual(bytes) }) {
            self = kind
            return
        }
        return nil
    }

    public init?(type: String) {
        var copy = type
        guard let kind = copy.withUTF8({ StoredEventKind(typeBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = kind
    }

    init(_ event: DirectoryEvent) {
        switch event {
        case .userCreated: self = .userCreated
        case .userReplaced: self = .userReplaced
        case .userChanged: self = .userChanged
        case .userDeactivated: self = .userDeactivated
        case .userReactivated: self = .userReactivated
        case .userPasswordChanged: self = .userPasswordChanged
        case .userDeleted: self = .userDeleted
        case .groupCreated: self = .groupCreated
        case .groupReplaced: self = .groupReplaced
        case .groupChanged: self = .groupChanged
        case .groupDeleted: self = .groupDeleted
        case .membersAdded: self = .membersAdded
        case .membersRemoved: self = .membersRemoved
        case .membersCleared: self = .membersCleared
        }
    }
}
