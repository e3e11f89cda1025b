import Projections

/// Runs a ``ListQuery`` over one resource type of one tenant, in one read snapshot.
///
/// Guarantees: the result is the RFC 7644 §3.4.2 answer: every resource the filter matches
/// (confirmed by ``FilterEvaluator`` whether it came from an index or a scan), in id order
/// (creation order) or `sortBy` order, paged by index or cursor; `totalResults` counts every match
/// (cursor pages of filtered queries omit it, as RFC 9865 allows, rather than scan everything).
/// Unsorted queries keep only the page in memory, however many resources they scan; sorted queries
/// hold the matches while sorting. Members are loaded only when the selection returns them or the
/// filter needs them.
struct QueryExecutor {
    /// One page of results.
    struct Page {
        var totalResults: Int?
        var resources: [JSONValue] = []
        var ids: [String] = []
        var startIndex: Int?
        var nextCursor: String?
    }

    let query: ListQuery
    let plan: QueryPlan
    let representation: ResourceRepresentation
    let evaluator: FilterEvaluator?
    let sorter: ResourceSorter?

    /// Prepares the query for `kind`.
    /// - Throws: `SCIMError` `invalidFilter` for a filter that cannot be evaluated on this type,
    ///   `invalidValue`/`invalidPath` for an unusable `sortBy`.
    init(kind: ResourceKind, tenant: String, baseURL: String, query: ListQuery) throws(SCIMError) {
        self.query = query
        plan = QueryPlan(kind: kind, tenant: tenant, filter: query.filter)
        representation = ResourceRepresentation(kind: kind, tenant: tenant, baseURL: baseURL, selection: query.selection)
        evaluator = try query.filter.map { filter throws(SCIMError) in try FilterEvaluator(filter, resourceType: kind.definition) }
        sorter = try query.sortBy.map { sortBy throws(SCIMError) in
            try ResourceSorter(sortBy: sortBy, sortOrder: query.sortOrder, resourceType: kind.definition)
        }
    }

    func run(_ reader: borrowing DirectoryReader) throws -> Page {
        if let sorter { return try sortedPage(sorter, reader) }
        switch query.paging {
        case .index(let startIndex, let count):
            return try indexPage(startIndex: startIndex, count: count, reader)
        case .cursor(let token, let count):
            return try cursorPage(token, count: count, reader)
        }
    }

    private func indexPage(startIndex: Int, count: Int, _ reader: borrowing DirectoryReader) throws -> Page {
        var page = Page(startIndex: startIndex)
        var matched = 0
        var candidates = CandidateStream(source: try plan.source(reader), after: nil)
        while let batch = try candidates.next(plan, reader) {
            for stored in batch where try matches(stored, reader) {
                matched += 1
                if matched >= startIndex, page.ids.count < count { try add(stored, to: &page, reader) }
            }
        }
        page.totalResults = matched
        return page
    }

    private func cursorPage(_ token: CursorToken?, count: Int, _ reader: borrowing DirectoryReader) throws -> Page {
        var after: String?
        switch token?.position {
        case nil: after = nil
        case .after(let id)?: after = id
        case .offset?: throw SCIMError(status: 400, scimType: .init(rawValue: "invalidCursor"), detail: "The cursor does not belong to an unsorted query.")
        }
        var page = Page()
        var candidates = CandidateStream(source: try plan.source(reader), after: after)
        var more = false
        scanning: while let batch = try candidates.next(plan, reader) {
            for stored in batch where try matches(stored, reader) {
                if page.ids.count == count {
                    more = true
                    break scanning
                }
                try add(stored, to: &page, reader)
            }
        }
        if more, let last = page.ids.last {
            page.nextCursor = CursorToken(position: .after(last), fingerprint: query.fingerprint).encoded
        }
        if query.filter == nil { page.totalResults = try reader.count(plan.kind, tenant: plan.tenant) }
        return page
    }

    private func sortedPage(_ sorter: ResourceSorter, _ reader: borrowing DirectoryReader) throws -> Page {
        var found: [(stored: StoredResource, object: JSONObject)] = []
        var candidates = CandidateStream(source: try plan.source(reader), after: nil)
        while let batch = try candidates.next(plan, reader) {
            for stored in batch {
                let object = try plan.filterable(stored, representation, reader, identity: true)
                if evaluator?.matches(object) ?? true { found.append((stored, object)) }
            }
        }
        let order = found.indices.sorted { a, b in
            if sorter.areInIncreasingOrder(found[a].object, found[b].object) { return true }
            if sorter.areInIncreasingOrder(found[b].object, found[a].object) { return false }
            return a < b
        }
        var page = Page(totalResults: found.count)
        let offset: Int
        let count: Int
        switch query.paging {
        case .index(let startIndex, let pageCount):
            page.startIndex = startIndex
            (offset, count) = (startIndex - 1, pageCount)
        case .cursor(let token, let pageCount):
            guard case .offset(let position)? = token?.position ?? .offset(0) else {
                throw SCIMError(status: 400, scimType: .init(rawValue: "invalidCursor"), detail: "The cursor does not belong to a sorted query.")
            }
            (offset, count) = (position, pageCount)
            if offset + count < found.count {
                page.nextCursor = CursorToken(position: .offset(offset + count), fingerprint: query.fingerprint).encoded
            }
        }
        for index in order.dropFirst(offset).prefix(count) { try add(found[index].stored, to: &page, reader) }
        return page
    }

    /// Every match in id order (for `/.search` across resource types).
    func allMatches(_ reader: borrowing DirectoryReader) throws -> [StoredResource] {
        var result: [StoredResource] = []
        var candidates = CandidateStream(source: try plan.source(reader), after: nil)
        while let batch = try candidates.next(plan, reader) {
            for stored in batch where try matches(stored, reader) { result.append(stored) }
        }
        return result
    }

    func matches(_ stored: StoredResource, _ reader: borrowing DirectoryReader) throws -> Bool {
        guard let evaluator else { return true }
        return evaluator.matches(try plan.filterable(stored, representation, reader))
    }

    func add(_ stored: StoredResource, to page: inout Page, _ reader: borrowing DirectoryReader) throws {
        page.resources.append(.object(try representation.render(stored, reader)))
        page.ids.append(stored.id)
    }
}

/// Candidates in id order, in batches, so a scan holds one batch at a time and never needs the
/// reader inside a scan callback.
struct CandidateStream {
    static let batchSize = 256

    private var source: QueryPlan.Source
    private var after: String?
    private var finished = false

    init(source: QueryPlan.Source, after: String?) {
        self.source = source
        self.after = after
        if case .index(let ids) = source, let after { self.source = .index(ids.filter { $0 > after }) }
    }

    mutating func next(_ plan: QueryPlan, _ reader: borrowing DirectoryReader) throws -> [StoredResource]? {
        guard !finished else { return nil }
        switch source {
        case .index(let ids):
            finished = true
            return try ids.compactMap { try reader.resource(plan.kind, tenant: plan.tenant, id: $0) }
        case .scan:
            var batch: [StoredResource] = []
            batch.reserveCapacity(Self.batchSize)
            try reader.forEachResource(plan.kind, tenant: plan.tenant, after: after) { stored in
                batch.append(stored)
                return batch.count < Self.batchSize
            }
            if batch.count < Self.batchSize { finished = true }
            after = batch.last?.id
            return batch.isEmpty ? nil : batch
        }
    }
}
