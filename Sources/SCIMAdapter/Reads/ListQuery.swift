import Projections

/// A query for resources (RFC 7644 §3.4.2, §3.4.3; RFC 9865): filter, sort, page and the attribute
/// selection, read from GET parameters or from a `.search` body.
///
/// Guarantees: malformed parameters are refused with a 400 before anything is read: a bad filter
/// with `invalidFilter`, a bad attribute list, `sortOrder`, `startIndex` or `count` with
/// `invalidValue`, a cursor this server did not issue for the same query with `invalidCursor`.
/// Lenient where RFC 7644 says so: `startIndex` below 1 is 1, a negative `count` is 0, a `count`
/// above the maximum page size is that maximum. Without `cursor` the query is index-paged
/// (the advertised default); `cursor` (even empty) selects cursor paging.
struct ListQuery: Sendable {
    enum Paging: Sendable, Hashable {
        case index(startIndex: Int, count: Int)
        case cursor(CursorToken?, count: Int)
    }

    var filter: FilterExpression?
    var sortBy: String?
    var sortOrder: String?
    var paging: Paging
    var selection: AttributeSelection
    /// Identifies the query for cursors: filter and sort, normalised.
    var fingerprint: String

    /// From the query string of `GET /Users` or `GET /Groups`.
    init(parameters: QueryParameters, configuration: SCIMConfiguration) throws(SCIMError) {
        try self.init(
            filter: parameters["filter"], sortBy: parameters["sortBy"], sortOrder: parameters["sortOrder"],
            startIndex: parameters["startIndex"].map { .string($0) }, count: parameters["count"].map { .string($0) },
            cursor: parameters["cursor"], selection: AttributeSelection(attributes: parameters["attributes"], excludedAttributes: parameters["excludedAttributes"]),
            configuration: configuration)
    }

    /// From the body of `POST …/.search` (RFC 7644 §3.4.3).
    init(searchBody body: JSONValue, configuration: SCIMConfiguration) throws(SCIMError) {
        guard let object = body.objectValue else {
            throw .invalidSyntax("A search request body must be a JSON object (urn:ietf:params:scim:api:messages:2.0:SearchRequest), got \(body.typeName).")
        }
        func text(_ key: String) throws(SCIMError) -> String? {
            guard let value = object.value(caseInsensitiveKey: key), !value.isNull else { return nil }
            guard let string = value.stringValue else { throw .invalidValue("\"\(key)\" must be a string, not \(value.typeName).") }
            return string
        }
        func list(_ key: String) throws(SCIMError) -> String? {
            guard let value = object.value(caseInsensitiveKey: key), !value.isNull else { return nil }
            if let string = value.stringValue { return string }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidValue("\"\(key)\" must be an array of attribute paths.")
            }
            return items.compactMap(\.stringValue).joined(separator: ",")
        }
        try self.init(
            filter: text("filter"), sortBy: text("sortBy"), sortOrder: text("sortOrder"),
            startIndex: object.value(caseInsensitiveKey: "startIndex"), count: object.value(caseInsensitiveKey: "count"),
            cursor: try text("cursor"), selection: AttributeSelection(attributes: list("attributes"), excludedAttributes: list("excludedAttributes")),
            configuration: configuration)
    }

    private init(
        filter: String?, sortBy: String?, sortOrder: String?, startIndex: JSONValue?, count: JSONValue?, cursor: String?,
        selection: AttributeSelection, configuration: SCIMConfiguration
    ) throws(SCIMError) {
        let filterText = filter.map { $0.trimmingFilterWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        self.filter = try filterText.map { text throws(SCIMError) in try FilterParser.parse(text) }
        self.sortBy = sortBy.flatMap { $0.isEmpty ? nil : $0 }
        self.sortOrder = sortOrder.flatMap { $0.isEmpty ? nil : $0 }
        if let sortOrder = self.sortOrder, ResourceSorter.Order(parameter: sortOrder) == nil {
            throw .invalidValue("sortOrder must be \"ascending\" or \"descending\", not \"\(sortOrder)\".")
        }
        self.selection = selection
        fingerprint = CursorToken.fingerprint([self.filter.map { "\($0)" } ?? "", self.sortBy ?? "", self.sortOrder ?? ""])
        let pageSize = try Self.integer(count, name: "count").map { min(max($0, 0), configuration.maxPageSize) } ?? configuration.defaultPageSize
        if let cursor {
            guard startIndex == nil else {
                throw .invalidValue("Use either startIndex (index pagination) or cursor (cursor pagination), not both.")
            }
            let token = cursor.isEmpty ? nil : try CursorToken(decoding: cursor, fingerprint: fingerprint)
            paging = .cursor(token, count: pageSize)
        } else {
            paging = .index(startIndex: max(try Self.integer(startIndex, name: "startIndex") ?? 1, 1), count: pageSize)
        }
    }

    private static func integer(_ value: JSONValue?, name: String) throws(SCIMError) -> Int? {
        switch value {
        case nil, .null?:
            return nil
        case .number(let number)? where number.isInteger:
            return number.int64Value.map { Int(clamping: $0) } ?? (number.literal.hasPrefix("-") ? Int.min : Int.max)
        case .string(let text)?:
            let trimmed = text.trimmingFilterWhitespace()
            if trimmed.isEmpty { return nil }
            if let parsed = Int(trimmed) { return parsed }
            if trimmed.allSatisfy(\.isNumber) || (trimmed.hasPrefix("-") && trimmed.dropFirst().allSatisfy(\.isNumber)) {
                return trimmed.hasPrefix("-") ? Int.min : Int.max
            }
        default:
            break
        }
        throw .invalidValue("\(name) must be an integer, not \(value.map { FilterExpression.render($0) } ?? "nothing").")
    }
}
