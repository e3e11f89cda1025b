import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Projections
import SCIMAdapter

/// The HTTP responder the server runs: `/health`, `/ready` and `/metrics` itself, and every other
/// request through the SCIM responder inside it, with a deadline, metrics and a request log line.
///
/// Guarantees:
/// - `/health`, `/ready` and `/metrics` need no SCIM token, are not journaled, and are not counted
///   in the request metrics; `/metrics` needs the metrics token when one is configured.
/// - Every other request gets its response within the request timeout: a body still arriving at
///   the deadline gets 408 (and the connection is closed), processing still running gets 503.
///   A timed-out write is not taken back: it may still commit, and its journal entry records
///   what really happened (the response says so).
/// - A rate-limited request (429) carries `Retry-After`.
/// - Each request logs one line with its request id, tenant, method, route, status and latency
///   (4xx at `notice`, 5xx at `error`, the rest at `info`).
public struct OperationsResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: RequestContext {
    public typealias Context = Inner.Context

    public let inner: Inner
    public let readiness: Readiness
    public let metrics: ServerMetrics
    public let configuration: OperationsConfiguration
    /// The most body bytes any SCIM route accepts (the inner responder enforces each route's own).
    public let maxBodyBytes: Int
    /// True when this server terminates TLS itself: requests then count as `https` for the
    /// resource locations (as if a proxy had sent `X-Forwarded-Proto: https`).
    public let servesTLS: Bool
    public let logger: Logger

    public init(
        inner: Inner, readiness: Readiness, metrics: ServerMetrics, configuration: OperationsConfiguration, maxBodyBytes: Int,
        servesTLS: Bool = false, logger: Logger
    ) {
        self.servesTLS = servesTLS
        self.inner = inner
        self.readiness = readiness
        self.metrics = metrics
        self.configuration = configuration
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        switch request.uri.path {
        case "/health": return Self.json(.ok, #"{"status":"up"}"#)
        case "/ready": return await ready()
        case "/metrics": return scrape(request)
        default: return try await serve(request, context: context)
        }
    }

    private func ready() async -> Response {
        switch await readiness.check() {
        case .ready:
            return Self.json(.ok, #"{"status":"ready"}"#)
        case .notReady(let reason):
            var object = JSONObject()
            object["status"] = "not ready"
            object["reason"] = .string(reason)
            var bytes: [UInt8] = []
            JSONValue.object(object).serialize(into: &bytes)
            return Self.json(.serviceUnavailable, String(decoding: bytes, as: UTF8.self))
        }
    }

    private func scrape(_ request: Request) -> Response {
        if let token = configuration.metricsToken,
            SCIMResponder<Context>.bearerToken(request.headers[.authorization]).map({ ConstantTime.equal($0.utf8, token.utf8) }) != true
        {
            var response = Self.json(.unauthorized, #"{"status":"401","detail":"/metrics needs the metrics token: Authorization: Bearer <token>."}"#)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"metrics\""
            return response
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    private func serve(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let deadline = started + configuration.requestTimeout
        let route = RouteTemplate.of(path: request.uri.path)
        let trace = RequestTrace()
        var response: Response
        if let body = try await readBody(request, until: deadline) {
            var head = request.head
            if servesTLS { head.headerFields[Self.forwardedProto] = "https" }
            let buffered = Request(head: head, body: RequestBody(buffer: body))
            let inner = self.inner
            let outcome = await RequestTrace.$current.withValue(trace) {
                await Deadline.race(deadline - ContinuousClock.now) { () -> Result<Response, any Error> in
                    do {
                        return .success(try await inner.respond(to: buffered, context: context))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            switch outcome {
            case .finished(let result):
                response = try result.get()
            case .timedOut:
                metrics.recordTimeout(route: route)
                response = Self.scimError(
                    503, "The request did not complete within \(configuration.requestTimeout). A write may still be applied: "
                        + "read the resource before sending it again.")
                response.headers[.retryAfter] = "1"
            }
        } else {
            metrics.recordTimeout(route: route)
            response = Self.scimError(408, "The request body did not arrive within \(configuration.requestTimeout); send it again.")
            response.headers[.connection] = "close"
        }
        let facts = trace.facts
        if response.status.code == 429, let seconds = facts.retryAfterSeconds {
            response.headers[.retryAfter] = String(seconds)
        }
        let elapsed = ContinuousClock.now - started
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed, tenant: facts.tenant)
        log(request, route: route, status: response.status.code, elapsed: elapsed, facts: facts)
        return response
    }

    /// The request body, at most `maxBodyBytes + 1` bytes (so the SCIM responder still sees an
    /// oversized body as oversized), or nil when it did not arrive by `deadline`.
    private func readBody(_ request: Request, until deadline: ContinuousClock.Instant) async throws -> ByteBuffer? {
        let limit = maxBodyBytes + 1
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var collected = ByteBuffer()
                for try await chunk in request.body {
                    var part = chunk
                    let room = limit - collected.readableBytes
                    if part.readableBytes >= room {
                        if let slice = part.readSlice(length: room) { collected.writeImmutableBuffer(slice) }
                        break
                    }
                    collected.writeBuffer(&part)
                }
                return collected
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func log(_ request: Request, route: String, status: Int, elapsed: Duration, facts: RequestTrace.Facts) {
        let level: Logger.Level = status >= 500 ? .error : status >= 400 ? .notice : .info
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        logger.log(level: level, "request", metadata: [
            "request_id": .string(facts.requestID ?? "-"),
            "tenant": .string(facts.tenant ?? "-"),
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(status),
            "latency_us": .stringConvertible(microseconds),
        ])
    }

    static var forwardedProto: HTTPField.Name { HTTPField.Name("X-Forwarded-Proto")! }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func scimError(_ status: Int, _ detail: String) -> Response {
        SCIMResponder<Context>.response(SCIMResponse.error(SCIMError(status: status, detail: detail)))
    }
}
