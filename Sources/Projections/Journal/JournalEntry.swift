import EventLog

/// One SCIM request as the journal keeps it: what was asked, by whom, and what came of it.
///
/// Guarantees: bodies are stored as received except that write-only attributes (`password`) are
/// redacted before the entry is built, and each body is cut to ``RequestJournal/maximumBodyBytes``
/// (``requestBodyTruncated`` says so). The `Authorization` header is never recorded.
public struct JournalEntry: Sendable, Hashable {
    /// The journal's own sequence number, assigned when recorded (0 before).
    public var sequence: UInt64
    /// When the request arrived.
    public var receivedAt: Timestamp
    public var tenant: String
    /// The token (its name or id) that authorised the request, or `"anonymous"`.
    public var actor: String
    /// The server's id for the request.
    public var requestID: String
    /// Entra's `client-request-id` header, when present.
    public var clientRequestID: String?
    public var method: String
    /// The path with its query string, as received.
    public var path: String
    /// Request headers worth replaying (content type, accept, conditional headers; never credentials).
    public var headers: [String: String]
    public var requestBody: String?
    public var requestBodyTruncated: Bool
    public var status: Int
    public var scimType: String?
    public var detail: String?
    /// The resource the request addressed or created.
    public var resourceType: String?
    public var resourceID: String?
    /// For queries: how many resources matched, and the ids returned.
    public var resultCount: Int?
    public var returnedIDs: [String]
    public var responseBody: String?
    public var responseBodyTruncated: Bool
    /// Microseconds from arrival to response.
    public var latencyMicroseconds: Int64
    /// The log positions of the events the request produced (none for reads, rejections and no-ops).
    public var positions: [Position]

    public init(
        receivedAt: Timestamp, tenant: String, actor: String, requestID: String, clientRequestID: String? = nil,
        method: String, path: String, headers: [String: String] = [:], requestBody: String? = nil, status: Int,
        scimType: String? = nil, detail: String? = nil, resourceType: String? = nil, resourceID: String? = nil,
        resultCount: Int? = nil, returnedIDs: [String] = [], responseBody: String? = nil, latencyMicroseconds: Int64 = 0,
        positions: [Position] = []
    ) {
        self.sequence = 0
        self.receivedAt = receivedAt
        self.tenant = tenant
        self.actor = actor
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.method = method
        self.path = path
        self.headers = headers
        (self.requestBody, self.requestBodyTruncated) = Self.bounded(requestBody)
        self.status = status
        self.scimType = scimType
        self.detail = detail
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resultCount = resultCount
        self.returnedIDs = returnedIDs
        (self.responseBody, self.responseBodyTruncated) = Self.bounded(responseBody)
        self.latencyMicroseconds = latencyMicroseconds
        self.positions = positions
    }

    /// `true` for a request that failed (4xx or 5xx).
    public var failed: Bool { status >= 400 }

    private static func bounded(_ body: String?) -> (String?, Bool) {
        guard let body else { return (nil, false) }
        guard body.utf8.count > RequestJournal.maximumBodyBytes else { return (body, false) }
        var cut = body.utf8.prefix(RequestJournal.maximumBodyBytes)
        // Do not cut inside a UTF-8 sequence.
        while let last = cut.last, last & 0xC0 == 0x80 { cut = cut.dropLast() }
        if let last = cut.last, last >= 0xC0 { cut = cut.dropLast() }
        return (String(decoding: cut, as: UTF8.self), true)
    }

    /// The stored form: binary JSON of an object (format `v: 1`).
    func encoded() -> [UInt8] {
        var object = JSONObject()
        object["v"] = 1
        object["seq"] = .number(JSONNumber(Int(sequence)))
        object["at"] = .number(JSONNumber(Int(receivedAt.microseconds)))
        object["tenant"] = .string(tenant)
        object["actor"] = .string(actor)
        object["request"] = .string(requestID)
        object["client"] = clientRequestID.map(JSONValue.string)
        object["method"] = .string(method)
        object["path"] = .string(path)
        if !headers.isEmpty {
            object["headers"] = .object(JSONObject(headers.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: .string($0.value)) }))
        }
        object["body"] = requestBody.map(JSONValue.string)
        if requestBodyTruncated { object["bodyCut"] = true }
        object["status"] = .number(JSONNumber(status))
        object["scimType"] = scimType.map(JSONValue.string)
        object["detail"] = detail.map(JSONValue.string)
        object["type"] = resourceType.map(JSONValue.string)
        object["id"] = resourceID.map(JSONValue.string)
        object["count"] = resultCount.map { .number(JSONNumber($0)) }
        if !returnedIDs.isEmpty { object["ids"] = .array(returnedIDs.map(JSONValue.string)) }
        object["response"] = responseBody.map(JSONValue.string)
        if responseBodyTruncated { object["responseCut"] = true }
        object["latency"] = .number(JSONNumber(Int(latencyMicroseconds)))
        if !positions.isEmpty { object["positions"] = .array(positions.map { .number(JSONNumber(Int($0.rawValue))) }) }
        return JSONValue.object(object).binaryEncoded()
    }

    init(stored bytes: UnsafeRawBufferPointer) throws {
        guard case .object(let o) = try JSONValue(binary: bytes), o["v"]?.numberValue?.int64Value == 1 else {
            throw BinaryDecodingError.malformed("unknown journal entry format", at: 0)
        }
        func int(_ key: String) -> Int64? { o[key]?.numberValue?.int64Value }
        func string(_ key: String) -> String? { o[key]?.stringValue }
        self.init(
            receivedAt: Timestamp(microsecondsSince1970: int("at") ?? 0), tenant: string("tenant") ?? "", actor: string("actor") ?? "",
            requestID: string("request") ?? "", clientRequestID: string("client"), method: string("method") ?? "",
            path: string("path") ?? "", status: Int(int("status") ?? 0))
        sequence = UInt64(int("seq") ?? 0)
        headers = Dictionary(uniqueKeysWithValues: (o["headers"]?.objectValue ?? JSONObject()).compactMap { member in
            member.value.stringValue.map { (member.key, $0) }
        })
        requestBody = string("body")
        requestBodyTruncated = o["bodyCut"] == true
        scimType = string("scimType")
        detail = string("detail")
        resourceType = string("type")
        resourceID = string("id")
        resultCount = int("count").map(Int.init)
        returnedIDs = (o["ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        responseBody = string("response")
        responseBodyTruncated = o["responseCut"] == true
        latencyMicroseconds = int("latency") ?? 0
        positions = (o["positions"]?.arrayValue ?? []).compactMap { $0.numberValue?.int64Value.map { Position(UInt64($0)) } }
    }
}
