/// The stream an event belongs to: one resource of one tenant, such as user `2819c223…` of tenant `acme`.
///
/// Guarantees: streams of different tenants never share keys; `type` and `id` are compared exactly.
public struct StreamID: Sendable, Hashable, CustomStringConvertible {
    /// The tenant that owns the stream.
    public var tenant: String
    /// The resource type, for example `"User"` or `"Group"`.
    public var type: String
    /// The resource id within the tenant.
    public var id: String

    public init(tenant: String, type: String, id: String) {
        self.tenant = tenant
        self.type = type
        self.id = id
    }

    public var description: String { "\(tenant)/\(type)/\(id)" }
}

/// The revision a stream must be at for an append to succeed (optimistic concurrency).
///
/// Revisions count a stream's events from 1; a stream with no events is at revision 0.
public enum ExpectedRevision: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the stream's state.
    case any
    /// The stream must have no events yet.
    case noStream
    /// The stream must have at least one event.
    case streamExists
    /// The stream's last event must have exactly this revision.
    case exact(UInt64)

    /// Whether a stream currently at `revision` satisfies the expectation.
    public func isSatisfied(byCurrent revision: UInt64) -> Bool {
        switch self {
        case .any: true
        case .noStream: revision == 0
        case .streamExists: revision > 0
        case .exact(let expected): expected == revision
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .streamExists: "stream exists"
        case .exact(let revision): "revision \(revision)"
        }
    }
}
