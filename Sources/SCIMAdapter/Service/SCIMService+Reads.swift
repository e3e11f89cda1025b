import Projections

extension SCIMService {
    /// `GET /Users/{id}`, `GET /Groups/{id}`: 200 with the resource and its ETag, 304 when
    /// `If-None-Match` names the current version, 404 when there is no such resource.
    func get(_ kind: ResourceKind, id: String, _ exchange: SCIMExchange) -> SCIMResponse {
        do {
            let selection = try selection(exchange)
            let representation = ResourceRepresentation(kind: kind, tenant: exchange.tenant, baseURL: exchange.baseURL, selection: selection)
            let response: SCIMResponse = try directory.projection.read { reader in
                guard let stored = try reader.resource(kind, tenant: exchange.tenant, id: id) else {
                    return .error(.notFound("\(kind.rawValue) \(id) not found."))
                }
                if Preconditions.notModified(exchange, currentETag: stored.etag) {
                    return .empty(304, headers: [.init("ETag", stored.etag)])
                }
                return .json(200, .object(try representation.render(stored, reader)), headers: [.init("ETag", stored.etag)])
            }
            journal(exchange.journalEntry(response, resource: (kind, id)))
            return response
        } catch {
            return refuse(SCIMError.from(error), exchange, resource: (kind, id))
        }
    }

    /// `GET /Users`, `GET /Groups` with `filter`, `sortBy`, paging and attribute selection.
    func list(_ kind: ResourceKind, _ exchange: SCIMExchange) -> SCIMResponse {
        do {
            return try query([kind], ListQuery(parameters: exchange.query, configuration: configuration), exchange)
        } catch {
            return refuse(SCIMError.from(error), exchange)
        }
    }

    /// `POST /Users/.search`, `POST /Groups/.search`, `POST /.search` (both types, users first).
    func search(_ kind: ResourceKind?, _ exchange: SCIMExchange) -> SCIMResponse {
        do {
            let query = try ListQuery(searchBody: parseBody(exchange), configuration: configuration)
            return try self.query(kind.map { [$0] } ?? ResourceKind.allCases, query, exchange)
        } catch {
            return refuse(SCIMError.from(error), exchange)
        }
    }

    /// Runs `query` over `kinds` and answers with a ListResponse: 200 even when nothing matches.
    private func query(_ kinds: [ResourceKind], _ query: ListQuery, _ exchange: SCIMExchange) throws -> SCIMResponse {
        let page: QueryExecutor.Page
        if kinds.count == 1, let kind = kinds.first {
            let executor = try QueryExecutor(kind: kind, tenant: exchange.tenant, baseURL: exchange.baseURL, query: query)
            page = try directory.projection.read { reader in try executor.run(reader) }
        } else {
            page = try acrossTypes(kinds, query, exchange)
        }
        let response = SCIMResponse.json(200, Self.listResponse(page))
        journal(exchange.journalEntry(response, resultCount: page.totalResults ?? page.ids.count, returnedIDs: page.ids))
        return response
    }

    /// `/.search` over several resource types: each type that can evaluate the filter contributes
    /// its matches (a filter naming only User attributes simply matches no Group), index-paged.
    private func acrossTypes(_ kinds: [ResourceKind], _ query: ListQuery, _ exchange: SCIMExchange) throws -> QueryExecutor.Page {
        guard case .index(let startIndex, let count) = query.paging else {
            throw SCIMError.invalidValue("Cursor pagination is available on /Users and /Groups (and their .search), not on /.search.")
        }
        var executors: [QueryExecutor] = []
        var firstError: SCIMError?
        for kind in kinds {
            do {
                executors.append(try QueryExecutor(kind: kind, tenant: exchange.tenant, baseURL: exchange.baseURL, query: query))
            } catch {
                firstError = firstError ?? error
            }
        }
        if executors.isEmpty, let firstError { throw firstError }
        return try directory.projection.read { reader in
            var page = QueryExecutor.Page(startIndex: startIndex)
            var matched = 0
            for executor in executors {
                let matches = try executor.allMatches(reader)
                for stored in matches {
                    matched += 1
                    if matched >= startIndex, page.ids.count < count { try executor.add(stored, to: &page, reader) }
                }
            }
            page.totalResults = matched
            return page
        }
    }

    static func listResponse(_ page: QueryExecutor.Page) -> JSONValue {
        var object = JSONObject()
        object["schemas"] = [.string(SchemaDefinition.URN.listResponse)]
        if let total = page.totalResults { object["totalResults"] = .number(JSONNumber(total)) }
        object["itemsPerPage"] = .number(JSONNumber(page.resources.count))
        if let startIndex = page.startIndex { object["startIndex"] = .number(JSONNumber(startIndex)) }
        if let next = page.nextCursor { object["nextCursor"] = .string(next) }
        object["Resources"] = .array(page.resources)
        return .object(object)
    }
}
