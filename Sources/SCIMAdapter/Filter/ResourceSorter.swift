import Projections

/// Orders resources for `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3).
///
/// Guarantees:
/// - Values compare by the attribute's type: strings case-insensitively unless `caseExact`,
///   numbers numerically, `dateTime` chronologically, booleans `false` before `true`.
/// - For a multi-valued attribute the value of the element marked `primary` is used, else the
///   first element's; a complex attribute named without a sub-attribute sorts by its `value`
///   sub-attribute.
/// - Resources without a value sort last in ascending order and first in descending order.
/// - ``sorted(_:)`` is stable: resources with equal keys keep their input order.
/// - An unknown `sortBy` attribute leaves the order unchanged (every key is missing).
public struct ResourceSorter: Sendable {
    /// RFC 7644 `sortOrder`.
    public enum Order: String, Sendable, Hashable {
        case ascending, descending

        /// The order named by a `sortOrder` parameter, ignoring case.
        public init?(parameter: some StringProtocol) {
            if parameter.equalsIgnoringASCIICase("ascending") {
                self = .ascending
            } else if parameter.equalsIgnoringASCIICase("descending") {
                self = .descending
            } else {
                return nil
            }
        }
    }

    public let path: AttributePath
    public let order: Order
    private let located: LocatedAttribute?
    private let leaf: AttributeDefinition?
    private let leafKey: String?

    /// A sorter for `path` in `order` over resources of `resourceType`.
    /// - Throws: `SCIMError.invalidValue` when `path` names a complex attribute that has no
    ///   `value` sub-attribute (`sortBy=name` instead of `sortBy=name.familyName`).
    public init(path: AttributePath, order: Order = .ascending, resourceType: ResourceTypeDefinition) throws(SCIMError) {
        self.path = path
        self.order = order
        let located = AttributeLocator.locate(path, in: resourceType)
        self.located = located
        guard let located else {
            leaf = nil
            leafKey = nil
            return
        }
        if let sub = located.subDefinition {
            leaf = sub
            leafKey = sub.name
        } else if located.definition.type == .complex {
            guard let valueSub = located.definition.subAttribute(named: "value") else {
                let example = "\(path).\(located.definition.subAttributes.first?.name ?? "value")"
                throw .invalidValue("sortBy \"\(path)\" names a complex attribute; name one of its sub-attributes, such as \"\(example)\".")
            }
            leaf = valueSub
            leafKey = valueSub.name
        } else {
            leaf = located.definition
            leafKey = nil
        }
    }

    /// A sorter from the `sortBy` and `sortOrder` query parameters (`sortOrder` defaults to ascending).
    /// - Throws: `SCIMError.invalidPath` for a malformed `sortBy`, `SCIMError.invalidValue` for an
    ///   unknown `sortOrder` or a complex attribute without a `value` sub-attribute.
    public init(sortBy: String, sortOrder: String? = nil, resourceType: ResourceTypeDefinition) throws(SCIMError) {
        var order = Order.ascending
        if let sortOrder {
            guard let parsed = Order(parameter: sortOrder) else {
                throw .invalidValue("sortOrder must be \"ascending\" or \"descending\", not \"\(sortOrder)\".")
            }
            order = parsed
        }
        try self.init(path: AttributePath(parsing: sortBy), order: order, resourceType: resourceType)
    }

    /// Whether `a` sorts strictly before `b`.
    public func areInIncreasingOrder(_ a: JSONObject, _ b: JSONObject) -> Bool {
        precedes(key(of: a), key(of: b))
    }

    /// `resources` in sort order (stable).
    public func sorted(_ resources: [JSONObject]) -> [JSONObject] {
        let keyed = resources.enumerated().map { (offset: $0.offset, key: key(of: $0.element), resource: $0.element) }
        return keyed.sorted { x, y in
            if precedes(x.key, y.key) { return true }
            if precedes(y.key, x.key) { return false }
            return x.offset < y.offset
        }.map(\.resource)
    }

    /// The scalar `resource` sorts by, `nil` when it has none.
    func key(of resource: JSONObject) -> AttributeScalar? {
        guard let located, let leaf, let raw = located.value(in: resource) else { return nil }
        var chosen = raw
        if case .array(let elements) = raw {
            let present = elements.filter { !$0.isNull }
            let primary = present.first { element in
                element.objectValue?.value(caseInsensitiveKey: "primary").flatMap(AttributeScalar.boolean) == true
            }
            guard let pick = primary ?? present.first else { return nil }
            chosen = pick
        }
        if let leafKey {
            guard let sub = chosen.objectValue?.value(caseInsensitiveKey: leafKey) else { return nil }
            chosen = sub
        }
        guard chosen.hasAssignedValue else { return nil }
        return AttributeScalar(chosen, as: leaf)
    }

    /// Strict ordering on keys, with missing keys greatest (last ascending, first descending).
    private func precedes(_ a: AttributeScalar?, _ b: AttributeScalar?) -> Bool {
        let ascending: Bool
        switch (a, b) {
        case (nil, nil): return false
        case (nil, _): ascending = false
        case (_, nil): ascending = true
        case let (x?, y?):
            let caseExact = leaf?.caseExact ?? false
            if let order = x.compare(to: y, caseExact: caseExact) {
                if order == 0 { return false }
                ascending = order < 0
            } else {
                let (rx, ry) = (Self.rank(x), Self.rank(y))
                if rx == ry { return false }
                ascending = rx < ry
            }
        }
        return order == .ascending ? ascending : !ascending
    }

    /// A total order across kinds, for attributes holding values of mixed JSON types.
    private static func rank(_ scalar: AttributeScalar) -> Int {
        switch scalar {
        case .boolean: 0
        case .number: 1
        case .instant: 2
        case .string: 3
        }
    }
}
