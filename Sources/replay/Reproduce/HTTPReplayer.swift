import Foundation
import Projections
import SCIMAdapter

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends recorded requests to a SCIM server over HTTP, in order, and judges each response against
/// the recording (`replay send`).
///
/// Guarantees: each request goes to the target's base URL plus the recorded path after its SCIM
/// base path (`/scim/v2/Users?filter=…` recorded, `https://staging/scim/v2` given: sent to
/// `https://staging/scim/v2/Users?filter=…`), with the recorded replayable headers (content type,
/// accept, conditional headers, Entra's `client-request-id`) and `Authorization: Bearer <token>`;
/// ids of resources created during the send are mapped as in `reproduce`. Only the responses are
/// compared: the target's state is not readable over SCIM without sending more requests. A target
/// that cannot be reached stops the send with an error.
final class HTTPReplayer {
    let baseURL: String
    let token: String
    private let session: URLSession
    private(set) var ids = IDMap()

    init(baseURL: String, token: String, timeoutSeconds: Double) {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.baseURL = String(base)
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// The URL a recorded path is sent to.
    func url(for recordedPath: String) -> String {
        let path = String(recordedPath.prefix { $0 != "?" })
        let route = SCIMRoute(path: path)
        let rest = recordedPath.hasPrefix(route.basePath) ? String(recordedPath.dropFirst(route.basePath.count)) : recordedPath
        return baseURL + rest
    }

    func replay(_ request: RecordedRequest) async throws -> ReplayedRequest {
        if let reason = request.skipReason {
            return ReplayedRequest(request: request, status: nil, differences: [], skipped: reason)
        }
        let address = url(for: ids.toReplay(request.path))
        guard let url = URL(string: address) else {
            throw ReplayError(
                "request \(request.sequence) (\(request.line)) makes the URL \(address), which is not a valid URL",
                remedy: "check --url: it is the SCIM base URL, such as https://staging.example.com/scim/v2", exitCode: ExitStatus.usage)
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers where !["user-agent", "x-forwarded-for"].contains(name.lowercased()) {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        if let client = request.clientRequestID { urlRequest.setValue(client, forHTTPHeaderField: "client-request-id") }
        urlRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        urlRequest.setValue("replay-send", forHTTPHeaderField: "User-Agent")
        if let body = request.body {
            urlRequest.httpBody = Data(ids.toReplay(body).utf8)
            if urlRequest.value(forHTTPHeaderField: "Content-Type") == nil {
                urlRequest.setValue("application/scim+json", forHTTPHeaderField: "Content-Type")
            }
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw ReplayError(
                "request \(request.sequence) (\(request.method) \(address)) could not be sent: \(error.localizedDescription)",
                remedy: "check that the server at --url is running and reachable")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let location = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Location")
        let body = [UInt8](data)
        ids.learn(from: request, replayedStatus: status, replayedBody: body, location: location)
        let differences = ResponseComparison.compare(request, status: status, body: body, ids: ids)
        return ReplayedRequest(request: request, status: status, differences: differences, skipped: nil)
    }
}
