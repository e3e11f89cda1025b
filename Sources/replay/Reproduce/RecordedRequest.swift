import EventLog
import Projections

/// One recorded SCIM request and the response the server gave, as `reproduce` and `send` replay it.
///
/// Built from a journal entry (``init(_:)``) or from a line of `replay export journal`
/// (``init(line:number:)``), so both commands judge the same facts: method, path with query,
/// replayable headers, request body (passwords redacted by the journal), status, `scimType`, response
/// body, the resource addressed and the log positions the request produced.
struct RecordedRequest: Sendable {
    var sequence: UInt64
    var receivedAt: Timestamp?
    var tenant: String
    var actor: String
    var requestID: String
    var clientRequestID: String?
    var method: String
    /// The path with its query string, as received.
    var path: String
    var headers: [String: String]
    var body: String?
    var bodyTruncated: Bool
    var status: Int
    var scimType: String?
    var resourceType: String?
    var resourceID: String?
    /// For queries: the ids returned.
    var returnedIDs: [String]
    var responseBody: String?
    var responseTruncated: Bool
    var positions: [Position]

    init(_ entry: JournalEntry) {
        sequence = entry.sequence
        receivedAt = entry.receivedAt
        tenant = entry.tenant
        actor = entry.actor
        requestID = entry.requestID
        clientRequestID = entry.clientRequestID
        method = entry.method
        path = entry.path
        headers = entry.headers
        body = entry.requestBody
        bodyTruncated = entry.requestBodyTruncated
        status = entry.status
        scimType = entry.scimType
        resourceType = entry.resourceType
        resourceID = entry.resourceID
        returnedIDs = entry.returnedIDs
        responseBody = entry.responseBody
        responseTruncated = entry.responseBodyTruncated
        positions = entry.positions
    }

    /// Reads one line of `replay export journal` (the fields of ``RecordJSON/entry(_:)``).
    /// - Throws: ``ReplayError`` naming the line and the field that is missing or malformed.
    init(line value: JSONValue, number: Int) throws {
        guard let object = value.objectValue else {
            throw ReplayError("line \(number) of the trace is not a JSON object", remedy: Self.traceRemedy, exitCode: ExitStatus.usage)
        }
        func string(_ key: String) -> String? { object[key]?.stringValue }
        func required(_ key: String) throws -> String {
            guard let text = string(key) else {
                throw ReplayError(
                    "line \(number) of the trace has no \"\(key)\" string", remedy: Self.traceRemedy, exitCode: ExitStatus.usage)
            }
            return text
        }
        guard let status = object["status"]?.numberValue?.int64Value else {
            throw ReplayError("line \(number) of the trace has no numeric \"status\"", remedy: Self.traceRemedy, exitCode: ExitStatus.usage)
        }
        sequence = object["sequence"]?.numberValue?.int64Value.map { UInt64(max(0, $0)) } ?? UInt64(number)
        receivedAt = string("receivedAt").flatMap { Timestamp(iso8601: $0) }
        tenant = string("tenant") ?? ""
        actor = string("actor") ?? ""
        requestID = string("requestId") ?? ""
        clientRequestID = string("clientRequestId")
        method = try required("method").uppercased()
        path = try required("path")
        var headers: [String: String] = [:]
        for member in object["headers"]?.objectValue ?? JSONObject() {
            if let text = member.value.stringValue { headers[member.key] = text }
        }
        self.headers = headers
        body = string("requestBody")
        bodyTruncated = object["requestBodyTruncated"] == true
        self.status = Int(status)
        scimType = string("scimType")
        resourceType = string("resourceType")
        resourceID = string("resourceId")
        returnedIDs = (object["returnedIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        responseBody = string("responseBody")
        responseTruncated = object["responseBodyTruncated"] == true
        positions = (object["positions"]?.arrayValue ?? []).compactMap { $0.numberValue?.int64Value.map { Position(UInt64(max(0, $0))) } }
    }

    private static let traceRemedy = "a trace is the output of `replay export journal` (one JSON object per line)"

    /// Why the request is not re-executed, or `nil` when it is.
    ///
    /// Requests refused by the HTTP layer before the SCIM service saw them (no or a wrong token: 401,
    /// 403; a body over the size limit: 413) are not replayed: the replay authenticates as the
    /// recorded client and the journal did not keep such bodies. A body the journal cut cannot be sent.
    var skipReason: String? {
        switch status {
        case 401, 403: return "refused by authentication (\(status)); replays authenticate as the recorded client"
        case 413: return "refused as too large (413) before the SCIM service read it"
        default: break
        }
        if bodyTruncated { return "the journal kept only the start of its body" }
        return nil
    }

    /// Whether the request may change the directory (POST, PUT, PATCH or DELETE of a resource, or /Bulk).
    var isWrite: Bool { ["POST", "PUT", "PATCH", "DELETE"].contains(method.uppercased()) && !path.contains("/.search") }

    /// Whether the request is about `id`: it addressed or created it, names it in its path or body
    /// (a group's member changes), or returned it.
    func isAbout(_ id: String) -> Bool {
        resourceID == id || returnedIDs.contains(id) || path.contains(id) || (body?.contains(id) ?? false)
    }

    /// `POST /scim/v2/Users`.
    var line: String { "\(method) \(path)" }
}
