import EventLog
import Projections

/// A SCIM response ready for the wire: status, headers and body bytes.
///
/// Guarantees: every response with a body is `application/scim+json` (entra-behaviour.md §3.2:
/// validators reject `application/json`); the body is compact UTF-8 JSON; header names are
/// written as given. Built once, inside the write transaction for writes, and sent unchanged.
public struct SCIMResponse: Sendable, Hashable {
    /// One response header.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The media type of every SCIM body (RFC 7644 §3.1).
    public static let contentType = "application/scim+json"

    public var status: Int
    public var headers: [Header]
    public var body: [UInt8]
    /// The error this response carries, for the journal (not sent separately: it is the body).
    public var error: SCIMError?

    public init(status: Int, headers: [Header] = [], body: [UInt8] = [], error: SCIMError? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.error = error
    }

    /// A JSON body with the SCIM content type.
    public static func json(_ status: Int, _ value: JSONValue, headers: [Header] = []) -> SCIMResponse {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        value.serialize(into: &bytes)
        return SCIMResponse(status: status, headers: [Header("Content-Type", contentType)] + headers, body: bytes)
    }

    /// The SCIM Error message for `error` (RFC 7644 §3.12).
    public static func error(_ error: SCIMError) -> SCIMResponse {
        var headers: [Header] = []
        if error.status == 401 { headers.append(Header("WWW-Authenticate", "Bearer realm=\"SCIM\"")) }
        var response = SCIMResponse.json(error.status, error.body, headers: headers)
        response.error = error
        return response
    }

    /// An empty response (204 No Content, 304 Not Modified).
    public static func empty(_ status: Int, headers: [Header] = []) -> SCIMResponse {
        SCIMResponse(status: status, headers: headers, body: [])
    }

    /// The value of the first header named `name`, ignoring case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// The body as text (for the journal and for tests).
    public var bodyText: String? {
        body.isEmpty ? nil : String(decoding: body, as: UTF8.self)
    }
}

extension SCIMError {
    /// The SCIM error for any failure of a request: SCIM errors as they are, the log's refusals as
    /// conflicts, and anything else (a storage fault) as a 500 that does not leak internals.
    static func from(_ error: any Error) -> SCIMError {
        switch error {
        case let error as SCIMError:
            return error
        case is ProjectionUnavailable:
            return SCIMError(status: 503, detail: "The directory is being rebuilt after an upgrade; retry shortly.")
        case let rejection as AppendRejection:
            return SCIMError(status: 409, detail: "The resource changed while this request was processed (\(rejection)); retry it.")
        default:
            return SCIMError(status: 500, detail: "The server could not complete the request because of a storage fault; it changed nothing. Retry later.")
        }
    }
}
