import Projections

/// Decides whether resources match a filter, for `GET /Users?filter=…` and the like.
///
/// Guarantees (RFC 7644 §3.4.2.2 plus the Entra requirements of entra-behaviour.md §3.4):
/// - Attribute names match case-insensitively; extension attributes are read from the object
///   keyed by their schema URN; `meta.created`/`meta.lastModified` compare as dates.
/// - Strings compare case-exactly only when the attribute is `caseExact` (`userName`,
///   `displayName` are not, `id` and `externalId` are); `dateTime` values compare chronologically;
///   numbers numerically; booleans also accept `"True"`/`"False"` strings on either side.
/// - A multi-valued attribute matches when any of its values matches; a complex attribute
///   compared without a sub-attribute (`emails co "@contoso"`, `manager eq "id"`) compares its
///   `value` sub-attribute. `pr` matches a value that is not null and not empty.
/// - `ne` is the negation of `eq` (so it also matches when the attribute is absent);
///   `eq null` matches an absent attribute.
/// - Attributes the resource type does not define match nothing and raise no error.
/// - Filters that cannot be evaluated are rejected when the evaluator is created, not per resource:
///   `gt`/`ge`/`lt`/`le` on boolean, binary or complex attributes, `co`/`sw`/`ew` on non-text
///   attributes, a complex attribute without a `value` sub-attribute, ordering against `null`, and
///   an unparsable date compared with a `dateTime` attribute all throw `SCIMError.invalidFilter`.
/// - Group membership is not stored in the resource JSON, so `members` filters see no values;
///   callers answer them from the membership store.
public struct FilterEvaluator: Sendable {
    /// The filter being evaluated.
    public let filter: FilterExpression
    private let compiled: CompiledFilter

    /// Prepares `filter` for evaluation against resources of `resourceType`.
    /// - Throws: `SCIMError.invalidFilter` when the filter cannot be evaluated (see the type's guarantees).
    public init(_ filter: FilterExpression, resourceType: ResourceTypeDefinition) throws(SCIMError) {
        self.filter = filter
        self.compiled = try CompiledFilter.compile(filter, scope: .resource(resourceType))
    }

    /// Parses and prepares a filter.
    /// - Throws: `SCIMError.invalidFilter` for a malformed or unevaluable filter.
    public init(parsing text: String, resourceType: ResourceTypeDefinition) throws(SCIMError) {
        try self.init(FilterParser.parse(text), resourceType: resourceType)
    }

    /// Whether `resource` matches the filter.
    public func matches(_ resource: JSONObject) -> Bool {
        compiled.evaluate(resource)
    }
}

/// Reads the values a filter compares from a resource or from one value of a complex attribute.
struct ValueAccessor: Sendable {
    var extensionURN: String?
    var key: String
    var subKey: String?

    /// The raw values of the attribute: the elements of a multi-valued attribute, or the value.
    func attributeValues(in object: JSONObject) -> [JSONValue] {
        let container = extensionURN.map { object.value(caseInsensitiveKey: $0)?.objectValue } ?? object
        guard let raw = container?.value(caseInsensitiveKey: key) else { return [] }
        if case .array(let elements) = raw { return elements }
        return [raw]
    }

    /// The non-null values to compare: the attribute's values, or their `subKey` sub-attribute.
    func leafValues(in object: JSONObject) -> [JSONValue] {
        var values = attributeValues(in: object)
        if let subKey {
            values = values.flatMap { element -> [JSONValue] in
                guard let sub = element.objectValue?.value(caseInsensitiveKey: subKey) else { return [] }
                if case .array(let nested) = sub { return nested }
                return [sub]
            }
        }
        return values.filter { !$0.isNull }
    }
}

/// A filter resolved against a schema, ready to evaluate without further lookups.
indirect enum CompiledFilter: Sendable {
    /// What attribute paths are resolved against.
    enum Scope {
        case resource(ResourceTypeDefinition)
        /// The sub-attributes of a complex attribute (inside `attr[…]`).
        case elements(of: AttributeDefinition)
    }

    /// The attribute is unknown or the value can never match.
    case never
    /// `op` is `eq`, `co`, `sw`, `ew`, `gt`, `ge`, `lt` or `le`; a `nil` operand means `null`.
    case comparison(ValueAccessor, ComparisonOperator, AttributeScalar?, AttributeDefinition)
    case present(ValueAccessor)
    case and(CompiledFilter, CompiledFilter)
    case or(CompiledFilter, CompiledFilter)
    case not(CompiledFilter)
    /// Some value of the complex attribute satisfies the nested filter.
    case anyValue(ValueAccessor, CompiledFilter)

    func evaluate(_ object: JSONObject) -> Bool {
        switch self {
        case .never:
            return false
        case .comparison(let accessor, let op, let operand, let definition):
            let values = accessor.leafValues(in: object)
            guard let operand else { return !values.contains { $0.hasAssignedValue } }
            return values.contains { value in
                guard let scalar = AttributeScalar(value, as: definition) else { return false }
                if op.isSubstring { return scalar.matchesSubstring(op, operand, caseExact: definition.caseExact) }
                guard let order = scalar.compare(to: operand, caseExact: definition.caseExact) else { return false }
                switch op {
                case .gt: return order > 0
                case .ge: return order >= 0
                case .lt: return order < 0
                case .le: return order <= 0
                default: return order == 0
                }
            }
        case .present(let accessor):
            return accessor.leafValues(in: object).contains { $0.hasAssignedValue }
        case .and(let l, let r):
            return l.evaluate(object) && r.evaluate(object)
        case .or(let l, let r):
            return l.evaluate(object) || r.evaluate(object)
        case .not(let inner):
            return !inner.evaluate(object)
        case .anyValue(let accessor, let inner):
            return accessor.attributeValues(in: object).contains { element in
                guard let elementObject = element.objectValue else { return false }
                return inner.evaluate(elementObject)
            }
        }
    }

    static func compile(_ filter: FilterExpression, scope: Scope) throws(SCIMError) -> CompiledFilter {
        switch filter {
        case .and(let l, let r):
            return try .and(compile(l, scope: scope), compile(r, scope: scope))
        case .or(let l, let r):
            return try .or(compile(l, scope: scope), compile(r, scope: scope))
        case .not(let inner):
            return try .not(compile(inner, scope: scope))
        case .present(let path):
            guard let (accessor, _) = resolve(path, in: scope) else { return .never }
            return .present(accessor)
        case .comparison(let path, let op, let value):
            guard let (accessor, definition) = resolve(path, in: scope) else { return .never }
            return try compileComparison(path, accessor, definition, op, value)
        case .valuePath(let path, let inner):
            guard case .resource(let resourceType) = scope else {
                throw .invalidFilter("A value filter cannot contain another value filter (\"\(path)[…]\").")
            }
            guard let located = AttributeLocator.locate(path, in: resourceType) else { return .never }
            guard located.definition.type == .complex, located.subDefinition == nil else {
                throw .invalidFilter("\"\(path)\" is not a complex attribute, so it cannot take a value filter \"[\(inner)]\".")
            }
            let accessor = ValueAccessor(extensionURN: located.extensionURN, key: located.definition.name)
            return try .anyValue(accessor, compile(inner, scope: .elements(of: located.definition)))
        }
    }

    private static func resolve(_ path: AttributePath, in scope: Scope) -> (ValueAccessor, AttributeDefinition)? {
        switch scope {
        case .resource(let resourceType):
            guard let located = AttributeLocator.locate(path, in: resourceType) else { return nil }
            let accessor = ValueAccessor(
                extensionURN: located.extensionURN, key: located.definition.name, subKey: located.subDefinition?.name
            )
            return (accessor, located.leafDefinition)
        case .elements(let parent):
            guard path.schemaURN == nil, path.subAttribute == nil, let sub = parent.subAttribute(named: path.name) else { return nil }
            return (ValueAccessor(key: sub.name), sub)
        }
    }

    private static func compileComparison(
        _ path: AttributePath, _ accessor: ValueAccessor, _ definition: AttributeDefinition,
        _ op: ComparisonOperator, _ value: JSONValue
    ) throws(SCIMError) -> CompiledFilter {
        var accessor = accessor
        var leaf = definition
        if leaf.type == .complex {
            guard !op.isOrdering else {
                throw .invalidFilter("'\(op.rawValue)' cannot order the complex attribute \"\(path)\"; compare one of its sub-attributes.")
            }
            guard accessor.subKey == nil, let valueSub = leaf.subAttribute(named: "value") else {
                let example = "\(path).\(leaf.subAttributes.first?.name ?? "value")"
                throw .invalidFilter(
                    "\"\(path)\" is a complex attribute without a 'value' sub-attribute; compare one of its sub-attributes, such as \"\(example)\"."
                )
            }
            leaf = valueSub
            accessor.subKey = valueSub.name
        }
        if op.isOrdering, leaf.type == .boolean || leaf.type == .binary {
            throw .invalidFilter("'\(op.rawValue)' cannot compare the \(leaf.type.rawValue) attribute \"\(path)\"; use eq or ne.")
        }
        if op.isSubstring, ![.string, .reference, .binary, .dateTime].contains(leaf.type) {
            throw .invalidFilter("'\(op.rawValue)' needs a text attribute, but \"\(path)\" is \(leaf.type.rawValue); use eq, ne, gt, ge, lt or le.")
        }
        if value.isNull {
            guard op == .eq || op == .ne else {
                throw .invalidFilter("'\(op.rawValue)' cannot compare \"\(path)\" with null; only eq and ne can.")
            }
            let test = CompiledFilter.comparison(accessor, .eq, nil, leaf)
            return op == .ne ? .not(test) : test
        }
        let operand: AttributeScalar?
        if op.isSubstring {
            operand = value.stringValue.map(AttributeScalar.string) ?? value.numberValue.map { .string($0.literal) }
        } else {
            operand = AttributeScalar(value, as: leaf)
        }
        if operand == nil, leaf.type == .dateTime, !op.isSubstring {
            throw .invalidFilter(
                "\"\(path)\" is a dateTime attribute; compare it with an xsd:dateTime such as \"2015-10-10T14:38:21Z\", "
                    + "not \(FilterExpression.render(value))."
            )
        }
        guard let operand else { return op == .ne ? .not(.never) : .never }
        let test = CompiledFilter.comparison(accessor, op == .ne ? .eq : op, operand, leaf)
        return op == .ne ? .not(test) : test
    }
}
