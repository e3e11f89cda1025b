import EventLog
import Foundation
import Projections

/// The machine forms (`--json`, `export`) of events, journal entries and resources.
///
/// Field names are stable: scripts depend on them. Times are RFC 3339 with microseconds, positions
/// and sequence numbers are JSON integers, absent values are omitted.
enum RecordJSON {
    /// An event with its envelope; the payload decoded as the directory event's JSON when the type
    /// is in the catalogue, else as binary JSON, else base64.
    static func event(_ event: RecordedEvent) -> JSONValue {
        var object = JSONObject()
        object["position"] = integer(event.position.rawValue)
        object["id"] = .string(event.id.description)
        object["type"] = .string(event.type)
        object["schemaVersion"] = integer(UInt64(event.schemaVersion))
        object["tenant"] = .string(event.tenant)
        object["resourceType"] = .string(event.stream.type)
        object["resourceId"] = .string(event.stream.id)
        object["revision"] = integer(event.revision)
        object["recordedAt"] = .string(event.recordedAt.iso8601Microseconds)
        object["actor"] = .string(event.actor)
        object["requestId"] = .string(event.requestID)
        object["clientRequestId"] = event.correlationID.map(JSONValue.string)
        object["payload"] = payload(event)
        return .object(object)
    }

    private static func payload(_ event: RecordedEvent) -> JSONValue {
        if let decoded = try? DirectoryEvent(event) { return decoded.payload() }
        if let value = try? event.payload.withUnsafeBytes({ try JSONValue(binary: $0) }) { return value }
        return ["base64": .string(Data(event.payload).base64EncodedString())]
    }

    /// A journal entry with every field it has.
    static func entry(_ entry: JournalEntry) -> JSONValue {
        var object = JSONObject()
        object["sequence"] = integer(entry.sequence)
        object["receivedAt"] = .string(entry.receivedAt.iso8601Microseconds)
        object["tenant"] = .string(entry.tenant)
        object["actor"] = .string(entry.actor)
        object["requestId"] = .string(entry.requestID)
        object["clientRequestId"] = entry.clientRequestID.map(JSONValue.string)
        object["method"] = .string(entry.method)
        object["path"] = .string(entry.path)
        if !entry.headers.isEmpty {
            object["headers"] = .object(JSONObject(entry.headers.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: .string($0.value)) }))
        }
        object["requestBody"] = entry.requestBody.map(JSONValue.string)
        if entry.requestBodyTruncated { object["requestBodyTruncated"] = true }
        object["status"] = .number(JSONNumber(entry.status))
        object["scimType"] = entry.scimType.map(JSONValue.string)
        object["detail"] = entry.detail.map(JSONValue.string)
        object["resourceType"] = entry.resourceType.map(JSONValue.string)
        object["resourceId"] = entry.resourceID.map(JSONValue.string)
        object["resultCount"] = entry.resultCount.map { .number(JSONNumber($0)) }
        if !entry.returnedIDs.isEmpty { object["returnedIds"] = .array(entry.returnedIDs.map(JSONValue.string)) }
        object["responseBody"] = entry.responseBody.map(JSONValue.string)
        if entry.responseBodyTruncated { object["responseBodyTruncated"] = true }
        object["latencyMicroseconds"] = .number(JSONNumber(Int(entry.latencyMicroseconds)))
        object["positions"] = .array(entry.positions.map { integer($0.rawValue) })
        return .object(object)
    }

    /// A stored resource as SCIM-like JSON: the resource as the client sent it, with `id` after
    /// `schemas`, `members` for groups, and `meta` (resourceType, created, lastModified, version).
    static func resource(_ stored: StoredResource, members: [MemberReference]? = nil) -> JSONValue {
        var object = JSONObject()
        var placedID = false
        for member in stored.resource {
            object[member.key] = member.value
            if member.key == "schemas" {
                object["id"] = .string(stored.id)
                placedID = true
            }
        }
        if !placedID { object = JSONObject([.init(key: "id", value: .string(stored.id))] + object.members) }
        if let members {
            object["members"] = .array(members.map { member in
                var item = JSONObject()
                item["value"] = .string(member.value)
                item["type"] = member.type.map(JSONValue.string)
                item["display"] = member.display.map(JSONValue.string)
                return .object(item)
            })
        }
        var meta = JSONObject()
        meta["resourceType"] = .string(stored.kind.rawValue)
        meta["created"] = .string(stored.created.iso8601)
        meta["lastModified"] = .string(stored.lastModified.iso8601)
        meta["version"] = .string(stored.etag)
        object["meta"] = .object(meta)
        return .object(object)
    }

    static func integer(_ value: UInt64) -> JSONValue {
        .number(JSONNumber(validatedLiteral: String(value)))
    }

    static func time(_ time: Timestamp) -> JSONValue { .string(time.iso8601Microseconds) }
}

extension Console {
    /// Writes `value` as pretty JSON followed by a newline.
    mutating func json(_ value: JSONValue) {
        line(bytes: value.serializedBytes(style: .pretty))
    }

    /// Writes `value` as one compact line (JSON Lines).
    mutating func jsonLine(_ value: JSONValue) {
        line(bytes: value.serializedBytes())
    }
}
