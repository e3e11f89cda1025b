/// Turns the payload of one event type from one schema version into the next.
///
/// Upcasters are pure functions: the log is never rewritten, old events are converted as they are
/// read, and projections only ever see the current version of each type.
public struct Upcaster: Sendable {
    /// The event type this upcaster applies to.
    public var eventType: String
    /// The version it reads; it produces `fromVersion + 1`.
    public var fromVersion: UInt16
    public var transform: @Sendable (_ payload: [UInt8]) throws -> [UInt8]

    public init(eventType: String, fromVersion: UInt16, transform: @escaping @Sendable ([UInt8]) throws -> [UInt8]) {
        self.eventType = eventType
        self.fromVersion = fromVersion
        self.transform = transform
    }
}

/// Every registered upcaster, chained so an event of any old version reaches the current one.
///
/// Guarantees: an event is upcast step by step (v1 → v2 → v3 …) until no upcaster applies; an event
/// whose version has no upcaster is returned unchanged. A failing upcaster throws
/// ``UpcastingError`` naming the event, never crashes.
public struct UpcasterChain: Sendable {
    private var steps: [String: [UInt16: Upcaster]] = [:]

    public init(_ upcasters: [Upcaster] = []) {
        for upcaster in upcasters { steps[upcaster.eventType, default: [:]][upcaster.fromVersion] = upcaster }
    }

    /// Whether an upcaster applies to `type` at `version`.
    public func hasStep(type: UnsafeRawBufferPointer, version: UInt16) -> Bool {
        steps[String(decoding: type, as: UTF8.self)]?[version] != nil
    }

    /// `true` when no upcaster is registered.
    public var isEmpty: Bool { steps.isEmpty }

    /// Brings `event` to the newest version its type has upcasters for.
    public func upcast(_ event: inout RecordedEvent) throws(UpcastingError) {
        guard !steps.isEmpty, let forType = steps[event.type] else { return }
        while let step = forType[event.schemaVersion] {
            do {
                event.payload = try step.transform(event.payload)
            } catch {
                throw UpcastingError(position: event.position, type: event.type, fromVersion: event.schemaVersion, reason: "\(error)")
            }
            event.schemaVersion += 1
        }
    }
}

/// An old event that an upcaster could not convert.
public struct UpcastingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: Position
    public var type: String
    public var fromVersion: UInt16
    public var reason: String

    public var description: String {
        "cannot upcast event \(position) (\(type) v\(fromVersion)): \(reason)"
    }
}
