/// An event as the log stores it: its payload and the envelope that says where, when, why and by whom.
///
/// Guarantees: every field round-trips through the log unchanged; `position` is gapless and in
/// commit order; `revision` counts the stream's events from 1; `schemaVersion` is the payload's
/// version after upcasting (readers only ever see current versions).
public struct RecordedEvent: Sendable, Hashable {
    /// The event's place in the log.
    public var position: Position
    /// The event's unique id.
    public var id: EventID
    /// A stable type string such as `"user.created"`; never a Swift type name.
    public var type: String
    /// The version of the payload's format for this type.
    public var schemaVersion: UInt16
    /// The resource stream the event belongs to (includes the tenant).
    public var stream: StreamID
    /// The event's revision within its stream, from 1.
    public var revision: UInt64
    /// When the writer committed the event.
    public var recordedAt: Timestamp
    /// Who caused it: the token (by name or id) that authorised the request.
    public var actor: String
    /// The id of the request that produced it.
    public var requestID: String
    /// The client's correlation id (Entra's `client-request-id`), when it sent one.
    public var correlationID: String?
    /// The type-specific payload, encoded by the module that owns the event type.
    public var payload: [UInt8]

    public init(
        position: Position, id: EventID, type: String, schemaVersion: UInt16, stream: StreamID, revision: UInt64,
        recordedAt: Timestamp, actor: String, requestID: String, correlationID: String?, payload: [UInt8]
    ) {
        self.position = position
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.revision = revision
        self.recordedAt = recordedAt
        self.actor = actor
        self.requestID = requestID
        self.correlationID = correlationID
        self.payload = payload
    }

    /// The tenant the event belongs to.
    public var tenant: String { stream.tenant }
}

/// An event a decision wants to append: the log adds position, revision and time when it commits.
public struct ProposedEvent: Sendable, Hashable {
    public var id: EventID
    public var type: String
    public var schemaVersion: UInt16
    public var stream: StreamID
    /// The revision the stream must be at before this event (checked inside the write transaction).
    public var expectedRevision: ExpectedRevision
    public var payload: [UInt8]

    public init(
        id: EventID = .random(), type: String, schemaVersion: UInt16 = 1, stream: StreamID,
        expectedRevision: ExpectedRevision = .any, payload: [UInt8]
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.expectedRevision = expectedRevision
        self.payload = payload
    }
}

/// The facts recorded with every event of one command: who asked, and in which request.
public struct CommandMetadata: Sendable, Hashable {
    public var actor: String
    public var requestID: String
    public var correlationID: String?

    public init(actor: String, requestID: String, correlationID: String? = nil) {
        self.actor = actor
        self.requestID = requestID
        self.correlationID = correlationID
    }
}
