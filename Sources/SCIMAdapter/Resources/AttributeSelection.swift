import Projections

/// The `attributes` and `excludedAttributes` query parameters of a request (RFC 7644 §3.4.2.5, §3.9).
///
/// Guarantees: holds syntactically valid paths only (parsing throws 400 `invalidValue` for malformed ones);
/// names that no schema defines are kept and simply match nothing when rendering, so a client asking for
/// an attribute this server does not model gets a response rather than an error. An empty `attributes`
/// list means "the default set"; an empty `excludedAttributes` list excludes nothing.
public struct AttributeSelection: Sendable, Hashable {
    /// The paths of `attributes`: when non-empty, only these (plus `returned: always` attributes) are returned.
    public var attributes: [Path]
    /// The paths of `excludedAttributes`: removed from the response unless `returned: always`.
    public var excludedAttributes: [Path]

    /// Everything with `returned: default` or `always`: the selection of a request without the parameters.
    public static let all = AttributeSelection()

    public init(attributes: [Path] = [], excludedAttributes: [Path] = []) {
        self.attributes = attributes
        self.excludedAttributes = excludedAttributes
    }

    /// Parses the raw (percent-decoded) parameter values; `nil` means the parameter was absent.
    /// - Throws: `SCIMError` 400 `invalidValue` when an item is not an RFC 7644 §3.10 attribute path.
    public init(attributes: String?, excludedAttributes: String?) throws(SCIMError) {
        self.attributes = try Path.list(attributes, parameterName: "attributes")
        self.excludedAttributes = try Path.list(excludedAttributes, parameterName: "excludedAttributes")
    }
}

/// A selection path resolved against a resource type: which object it is in (`container`: `nil` for the
/// top level, else the extension URN) and which attribute and sub-attribute it names (`attribute == nil`:
/// the whole container).
struct AttributeSelector: Hashable {
    var container: String?
    var attribute: String?
    var subAttribute: String?

    func isIn(_ other: String?) -> Bool {
        switch (container, other) {
        case (nil, nil): true
        case (let a?, let b?): a.equalsIgnoringASCIICase(b)
        default: false
        }
    }

    func names(_ name: String) -> Bool {
        attribute?.equalsIgnoringASCIICase(name) ?? false
    }

    /// Resolves `path`; unknown names still yield selectors (they match nothing, or a schemaless extension).
    static func selectors(for path: AttributeSelection.Path, in resourceType: ResourceTypeDefinition) -> [AttributeSelector] {
        if let ext = resourceType.extensionNamedWhole(by: path) {
            return [AttributeSelector(container: ext.id, attribute: nil, subAttribute: nil)]
        }
        if let urn = path.schemaURN, path.subAttribute == nil,
            resourceType.schema.id.dropping(caseInsensitivePrefix: urn, separator: ":")?.equalsIgnoringASCIICase(path.attribute) == true
        {
            return [AttributeSelector(container: nil, attribute: nil, subAttribute: nil)]
        }
        if let resolved = resourceType.resolve(path) {
            return [
                AttributeSelector(
                    container: resolved.isCore ? nil : resolved.schemaURN,
                    attribute: resolved.attribute.name,
                    subAttribute: resolved.subAttribute?.name
                )
            ]
        }
        guard let urn = path.schemaURN, !urn.equalsIgnoringASCIICase(resourceType.schema.id) else {
            return [AttributeSelector(container: nil, attribute: path.attribute, subAttribute: path.subAttribute)]
        }
        var selectors = [AttributeSelector(container: urn, attribute: path.attribute, subAttribute: path.subAttribute)]
        if path.subAttribute == nil {
            selectors.append(AttributeSelector(container: "\(urn):\(path.attribute)", attribute: nil, subAttribute: nil))
        }
        return selectors
    }
}
