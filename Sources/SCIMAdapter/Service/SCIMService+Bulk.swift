import Projections

extension SCIMService {
    /// `POST /Bulk` (RFC 7644 §3.7): each operation runs as its own request (its own write, its own
    /// journal entry, the same rules as if sent alone), in order, after its `bulkId:` references
    /// are resolved.
    ///
    /// Guarantees: an operation whose references point to a later POST waits until that POST ran;
    /// references that cannot be resolved (unknown, circular, or to a failed POST) fail that
    /// operation with 409; after `failOnErrors` failures the remaining operations are not run;
    /// `version` is the operation's `If-Match`. The response lists the operations that ran, in
    /// request order, each with `status`, and `location`/`version` or the error `response`.
    func bulk(_ exchange: SCIMExchange) async -> SCIMResponse {
        do {
            let request = try BulkRequest(parseBody(exchange), maximumOperations: configuration.bulkMaxOperations)
            var run = BulkRun(failOnErrors: request.failOnErrors)
            var pending = request.operations
            while !pending.isEmpty, !run.stopped {
                var waiting: [BulkRequest.Operation] = []
                var progressed = false
                for operation in pending where !run.stopped {
                    let references = BulkReferences.referenced(in: operation.data, path: operation.path)
                    if let failed = references.first(where: { run.failed.contains($0) }) {
                        run.record(operation, status: 409, error: .init(status: 409, detail: "bulkId \"\(failed)\" refers to an operation that failed."))
                        progressed = true
                    } else if references.contains(where: { run.resolved[$0] == nil }) {
                        waiting.append(operation)
                    } else {
                        await perform(operation, &run, exchange)
                        progressed = true
                    }
                }
                if !progressed {
                    for operation in waiting where !run.stopped {
                        run.record(operation, status: 409, error: .init(
                            status: 409, detail: "The bulkId references of this operation cannot be resolved (unknown or circular)."))
                    }
                    break
                }
                pending = waiting
            }
            var body = JSONObject()
            body["schemas"] = [.string(BulkRequest.responseURN)]
            body["Operations"] = .array(run.results.sorted { $0.key < $1.key }.map(\.value))
            let response = SCIMResponse.json(200, .object(body))
            journal(exchange.journalEntry(response, resultCount: run.results.count))
            return response
        } catch {
            return refuse(SCIMError.from(error), exchange)
        }
    }

    private func perform(_ operation: BulkRequest.Operation, _ run: inout BulkRun, _ exchange: SCIMExchange) async {
        let path = BulkReferences.resolve(path: operation.path, run.resolved)
        let target = exchange.basePath + path
        let endpoint = SCIMRoute(path: target).endpoint
        switch (endpoint, operation.method) {
        case (.resources, "POST"), (.resource, "PUT"), (.resource, "PATCH"), (.resource, "DELETE"):
            break
        default:
            run.record(operation, status: 400, error: .invalidPath(
                "\(operation.method) \(operation.path) is not a bulk operation; use POST /Users, POST /Groups, or PUT/PATCH/DELETE /Users/{id}, /Groups/{id}."))
            return
        }
        var body: [UInt8] = []
        operation.data.map { BulkReferences.resolve($0, run.resolved).serialize(into: &body) }
        var headers: [String: String] = [:]
        if let version = operation.version { headers["If-Match"] = version }
        let sub = SCIMExchange(
            requestID: "\(exchange.requestID)/\(operation.index)", clientRequestID: exchange.clientRequestID, method: operation.method,
            target: target, headers: headers, body: body, client: exchange.client, baseURL: exchange.baseURL, basePath: exchange.basePath)
        let response = await handle(endpoint, sub)
        run.record(operation, response: response)
    }
}

/// The state of one bulk request while its operations run.
struct BulkRun {
    let failOnErrors: Int?
    var results: [Int: JSONValue] = [:]
    /// bulkId → the id its POST created.
    var resolved: [String: String] = [:]
    /// bulkIds whose operation failed.
    var failed: Set<String> = []
    var errors = 0
    var stopped = false

    init(failOnErrors: Int?) {
        self.failOnErrors = failOnErrors
    }

    mutating func record(_ operation: BulkRequest.Operation, response: SCIMResponse) {
        var result = JSONObject()
        result["method"] = .string(operation.method)
        if let bulkID = operation.bulkID { result["bulkId"] = .string(bulkID) }
        let location = response.header("Location")
            ?? ((try? JSONValue(parsing: response.body))?.objectValue?["meta"]?.objectValue?["location"]?.stringValue)
        if response.status < 400 {
            if let location { result["location"] = .string(location) }
            if let etag = response.header("ETag") { result["version"] = .string(etag) }
            if operation.method == "POST", let bulkID = operation.bulkID, let id = location?.split(separator: "/").last {
                resolved[bulkID] = String(id)
            }
        } else if let error = try? JSONValue(parsing: response.body) {
            result["response"] = error
        }
        result["status"] = .string(String(response.status))
        finish(operation, result, failed: response.status >= 400)
    }

    mutating func record(_ operation: BulkRequest.Operation, status: Int, error: SCIMError) {
        var result = JSONObject()
        result["method"] = .string(operation.method)
        if let bulkID = operation.bulkID { result["bulkId"] = .string(bulkID) }
        result["status"] = .string(String(status))
        result["response"] = error.body
        finish(operation, result, failed: true)
    }

    private mutating func finish(_ operation: BulkRequest.Operation, _ result: JSONObject, failed isFailure: Bool) {
        results[operation.index] = .object(result)
        guard isFailure else { return }
        if let bulkID = operation.bulkID { failed.insert(bulkID) }
        errors += 1
        if let failOnErrors, errors >= failOnErrors { stopped = true }
    }
}
