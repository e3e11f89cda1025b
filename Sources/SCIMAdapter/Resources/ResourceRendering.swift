import Projections

extension ResourceTypeDefinition {
    /// The representation of a stored resource to send to a client, honouring `attributes` and
    /// `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) and the schemas' `returned` characteristics.
    ///
    /// Rules: `returned: always` attributes (`id`) are always included and `schemas` is always first;
    /// `returned: never` attributes and writeOnly attributes (`password`) are never included, even if
    /// stored; `returned: request` attributes only when named in `attributes`. A non-empty `attributes`
    /// list limits the response to the named attributes (a sub-attribute path such as `name.givenName`
    /// keeps only that sub-attribute; an extension URN alone keeps the whole extension). `excludedAttributes`
    /// then removes the named attributes or sub-attributes (RFC 7644 says clients use one or the other;
    /// when both are given, both apply in that order). Attribute names compare case-insensitively. A complex
    /// value, array element or extension object left empty is omitted, as is an array left empty.
    /// `schemas` lists the core URN and the URN of every extension object present in the result.
    /// Objects under unknown `urn:` keys (schemaless custom extensions) are rendered as `returned: default`.
    ///
    /// For Groups the caller adds `members` to the resource before rendering when
    /// ``returnsAttribute(named:selection:)`` says it will be returned.
    public func render(_ resource: JSONObject, selection: AttributeSelection = .all) -> JSONObject {
        ResourceRenderer(resourceType: self, selection: selection).render(resource)
    }

    /// Parses the raw parameters and renders; see ``render(_:selection:)``.
    /// - Throws: `SCIMError` 400 `invalidValue` when a parameter is not a list of attribute paths.
    public func render(_ resource: JSONObject, attributes: String?, excludedAttributes: String?) throws(SCIMError) -> JSONObject {
        render(resource, selection: try AttributeSelection(attributes: attributes, excludedAttributes: excludedAttributes))
    }

    /// Whether a top-level attribute (for example a Group's `members`) would be part of the response, so
    /// that callers can avoid loading values that `excludedAttributes=members` removes anyway.
    public func returnsAttribute(named name: String, selection: AttributeSelection) -> Bool {
        ResourceRenderer(resourceType: self, selection: selection)
            .decision(forAttribute: name, definition: coreAttribute(named: name), container: nil) != nil
    }
}

/// Applies one selection to resources of one type.
struct ResourceRenderer {
    let resourceType: ResourceTypeDefinition
    let restricting: Bool
    let included: [AttributeSelector]
    let excluded: [AttributeSelector]

    init(resourceType: ResourceTypeDefinition, selection: AttributeSelection) {
        self.resourceType = resourceType
        self.restricting = !selection.attributes.isEmpty
        self.included = selection.attributes.flatMap { AttributeSelector.selectors(for: $0, in: resourceType) }
        self.excluded = selection.excludedAttributes.flatMap { AttributeSelector.selectors(for: $0, in: resourceType) }
    }

    /// What to keep of an attribute that is returned: `onlySubAttributes == nil` keeps every sub-attribute
    /// that is returned by default.
    struct Decision {
        var onlySubAttributes: [String]?
        var excludedSubAttributes: [String]
    }

    func render(_ resource: JSONObject) -> JSONObject {
        var output = JSONObject()
        output["schemas"] = .null  // placeholder so that "schemas" comes first
        var schemas: [JSONValue] = [.string(resourceType.schema.id)]
        for member in resource {
            let key = member.key
            if key.equalsIgnoringASCIICase("schemas") { continue }
            if let ext = resourceType.extensionSchema(urn: key) {
                if let object = member.value.objectValue, let rendered = renderContainer(object, container: ext.id, schema: ext) {
                    output[key] = .object(rendered)
                    schemas.append(.string(ext.id))
                }
                continue
            }
            if key.utf8.count > 4, key.prefix(4).equalsIgnoringASCIICase("urn:"), let object = member.value.objectValue {
                if let rendered = renderContainer(object, container: key, schema: nil) {
                    output[key] = .object(rendered)
                    schemas.append(.string(key))
                }
                continue
            }
            if let rendered = renderAttribute(member.value, name: key, definition: resourceType.coreAttribute(named: key), container: nil) {
                output[key] = rendered
            }
        }
        output["schemas"] = .array(schemas)
        return output
    }

    private func renderContainer(_ object: JSONObject, container: String, schema: SchemaDefinition?) -> JSONObject? {
        var output = JSONObject()
        for member in object {
            let definition = schema?.attribute(named: member.key)
            if let rendered = renderAttribute(member.value, name: member.key, definition: definition, container: container) {
                output[member.key] = rendered
            }
        }
        return output.isEmpty ? nil : output
    }

    /// `nil` when the attribute is not returned at all.
    func decision(forAttribute name: String, definition: AttributeDefinition?, container: String?) -> Decision? {
        let returned = definition?.returned ?? .default
        if returned == .never || definition?.mutability == .writeOnly { return nil }
        let excludedSubAttributes = excluded.compactMap { selector in
            selector.isIn(container) && selector.names(name) ? selector.subAttribute : nil
        }
        var decision = Decision(onlySubAttributes: nil, excludedSubAttributes: excludedSubAttributes)
        if returned == .always { return decision }
        if restricting {
            let whole = included.contains { $0.isIn(container) && ($0.attribute == nil || ($0.names(name) && $0.subAttribute == nil)) }
            if !whole {
                let subAttributes = included.compactMap { $0.isIn(container) && $0.names(name) ? $0.subAttribute : nil }
                if subAttributes.isEmpty { return nil }
                decision.onlySubAttributes = subAttributes
            }
        } else if returned == .request {
            return nil
        }
        if excluded.contains(where: { $0.isIn(container) && ($0.attribute == nil || ($0.names(name) && $0.subAttribute == nil)) }) {
            return nil
        }
        return decision
    }

    private func renderAttribute(_ value: JSONValue, name: String, definition: AttributeDefinition?, container: String?) -> JSONValue? {
        guard let decision = decision(forAttribute: name, definition: definition, container: container) else { return nil }
        switch value {
        case .object(let object):
            return project(object, definition: definition, decision: decision).map(JSONValue.object)
        case .array(let elements):
            var kept: [JSONValue] = []
            for element in elements {
                if case .object(let object) = element {
                    if let projected = project(object, definition: definition, decision: decision) { kept.append(.object(projected)) }
                } else if decision.onlySubAttributes == nil {
                    kept.append(element)
                }
            }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return decision.onlySubAttributes == nil ? value : nil
        }
    }

    private func project(_ object: JSONObject, definition: AttributeDefinition?, decision: Decision) -> JSONObject? {
        var output = JSONObject()
        for member in object {
            let sub = definition?.subAttribute(named: member.key)
            let returned = sub?.returned ?? .default
            if returned == .never || sub?.mutability == .writeOnly { continue }
            if returned != .always {
                if let only = decision.onlySubAttributes {
                    guard only.contains(where: { $0.equalsIgnoringASCIICase(member.key) }) else { continue }
                } else if returned == .request {
                    continue
                }
                if decision.excludedSubAttributes.contains(where: { $0.equalsIgnoringASCIICase(member.key) }) { continue }
            }
            output[member.key] = member.value
        }
        return output.isEmpty ? nil : output
    }
}
