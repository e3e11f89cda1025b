import Projections

/// Applies SCIM PATCH requests (RFC 7644 §3.5.2) to resources, accepting every dialect Microsoft
/// Entra ID sends, with and without `aadOptscim062020` (entra-behaviour.md §1, §2, §7).
///
/// Guarantees:
/// - Atomic: operations apply in order to a copy; the first failing operation throws and the
///   caller's resource is untouched. Driven entirely by the ``ResourceTypeDefinition``.
/// - Path-less `add`/`replace` treat every key of the value object as a path, so flag-mode keys
///   such as `name.givenName` and
///   `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber` work, as do
///   objects keyed by a schema URN.
/// - A path naming an attribute (or sub-attribute) the resource type does not define is skipped
///   with a ``PatchWarning`` instead of failing the request, so an unmodelled attribute never
///   blocks the `active=false` Entra sends in the same PATCH.
/// - Changing a `readOnly` attribute (`id`, `meta`, `groups`), or an `immutable` one that has a
///   value, throws `SCIMError.mutability`; so does removing a `required` attribute (RFC 7644
///   §3.5.2.2). Operations that leave such an attribute unchanged succeed.
/// - For a resource type whose core schema has `members`, operations on `members` are reported
///   as ``MembershipChange``s (``MembershipPatch``) and never applied to the JSON.
/// - Extension attributes are written into the object keyed by the extension's URN, which is
///   removed when it becomes empty and added to `schemas` (when the resource has that array)
///   when it gains a value. Attribute keys are stored with the schema's spelling.
/// - Value semantics are those of ``AttributeEdit`` and ``PatchValueCoercion``.
public struct ResourcePatcher: Sendable {
    public let resourceType: ResourceTypeDefinition

    public init(resourceType: ResourceTypeDefinition) {
        self.resourceType = resourceType
    }

    /// Parses a PATCH body and applies it.
    /// - Throws: `SCIMError` from ``PatchRequest/init(body:)`` or ``apply(_:to:)``.
    public func apply(body: JSONObject, to resource: JSONObject) throws(SCIMError) -> PatchOutcome {
        try apply(PatchRequest(body: body), to: resource)
    }

    /// Applies `request` to `resource`.
    /// - Returns: the patched resource, the membership changes and the warnings.
    /// - Throws: `SCIMError` (`invalidValue`, `invalidPath`, `invalidFilter`, `noTarget`,
    ///   `mutability`) for the first operation that cannot be applied.
    public func apply(_ request: PatchRequest, to resource: JSONObject) throws(SCIMError) -> PatchOutcome {
        var state = State(resource: resource)
        for (index, operation) in request.operations.enumerated() {
            state.diagnostics.operationIndex = index
            if operation.kind != .remove, operation.value == nil {
                throw .invalidValue("Operations[\(index)] (\(operation.kind.rawValue)) needs a \"value\".")
            }
            if let path = operation.path {
                try apply(operation.kind, path: path, value: operation.value, &state)
                continue
            }
            guard operation.kind != .remove else {
                throw .noTarget("Operations[\(index)] (remove) needs a \"path\" naming what to remove.")
            }
            guard case .object(let object)? = operation.value else {
                let sent = operation.value.map { FilterExpression.render($0) } ?? "nothing"
                throw .invalidValue(
                    "Operations[\(index)] (\(operation.kind.rawValue) without a path) needs an object of attributes as its value, not \(sent)."
                )
            }
            try applyPathless(operation.kind, object, &state)
        }
        return PatchOutcome(resource: state.resource, memberChanges: state.memberChanges, warnings: state.diagnostics.warnings)
    }

    private struct State {
        var resource: JSONObject
        var memberChanges: [MembershipChange] = []
        var diagnostics = PatchDiagnostics()
    }

    /// Path-less `add`/`replace`: each key is a path, or a schema URN holding an object of attributes.
    private func applyPathless(_ kind: PatchOperation.Kind, _ object: JSONObject, _ state: inout State) throws(SCIMError) {
        for member in object {
            if let schema = AttributeLocator.schema(withURN: member.key, in: resourceType) {
                guard case .object(let attributes) = member.value else {
                    throw .invalidValue(
                        "\"\(member.key)\" must hold an object of \(schema.name) attributes, not \(FilterExpression.render(member.value))."
                    )
                }
                for attribute in attributes {
                    try applyKey("\(schema.id):\(attribute.key)", kind, attribute.value, &state)
                }
                continue
            }
            try applyKey(member.key, kind, member.value, &state)
        }
    }

    private func applyKey(_ key: String, _ kind: PatchOperation.Kind, _ value: JSONValue, _ state: inout State) throws(SCIMError) {
        guard let path = try? PatchPath(parsing: key) else {
            state.diagnostics.warn(key, "ignored: \"\(key)\" is not an attribute path")
            return
        }
        try apply(kind, path: path, value: value, &state)
    }

    private func apply(_ kind: PatchOperation.Kind, path: PatchPath, value: JSONValue?, _ state: inout State) throws(SCIMError) {
        let target = path.attribute
        if path.valueFilter == nil, target.subAttribute == nil, let urn = target.schemaURN,
            let schema = AttributeLocator.schema(withURN: "\(urn):\(target.name)", in: resourceType)
        {
            try applyToSchema(kind, schema, path: path, value: value, &state)
            return
        }
        guard let located = AttributeLocator.locate(target, in: resourceType) else {
            let what = AttributeLocator.locate(target.withoutSubAttribute, in: resourceType) == nil
                ? "\"\(target.withoutSubAttribute)\" is not an attribute of \(resourceType.name)"
                : "\"\(target.subAttribute ?? "")\" is not a sub-attribute of \"\(target.withoutSubAttribute)\""
            state.diagnostics.warn(path.text, "ignored: \(what)")
            return
        }
        if located.extensionURN == nil, located.definition.name.equalsIgnoringASCIICase("members"),
            resourceType.schema.attribute(named: "members") != nil
        {
            if let change = try MembershipPatch.change(kind, path: path, value: value) { state.memberChanges.append(change) }
            return
        }
        let old = located.value(in: state.resource)
        let edit = AttributeEdit(kind: kind, located: located, path: path, value: value)
        let new = try edit.newValue(from: old, diagnostics: &state.diagnostics)
        guard !PatchValueMatching.equivalent(old, new) else { return }
        try checkMutability(located, path: path, old: old, new: new)
        write(new, to: located, in: &state.resource)
    }

    /// An operation whose path is a whole schema URN: `add`/`replace` apply each attribute of the
    /// object value; `remove` removes every attribute of an extension.
    private func applyToSchema(
        _ kind: PatchOperation.Kind, _ schema: SchemaDefinition, path: PatchPath, value: JSONValue?, _ state: inout State
    ) throws(SCIMError) {
        switch kind {
        case .add, .replace:
            guard case .object(let attributes)? = value else {
                throw .invalidValue("\"\(path.text)\" needs an object of \(schema.name) attributes as its value.")
            }
            for attribute in attributes {
                try applyKey("\(schema.id):\(attribute.key)", kind, attribute.value, &state)
            }
        case .remove:
            guard schema.id != resourceType.schema.id else {
                throw .invalidPath("\"\(path.text)\" names the core schema; remove its attributes one by one.")
            }
            if resourceType.extensions.contains(where: { $0.schema.id == schema.id && $0.required }) {
                throw .mutability("The \(schema.name) extension is required for \(resourceType.name) resources and cannot be removed.")
            }
            for attribute in schema.attributes {
                let attributePath = PatchPath(attribute: AttributePath(schemaURN: schema.id, name: attribute.name))
                try apply(.remove, path: attributePath, value: nil, &state)
            }
            state.resource.store(nil, canonicalKey: schema.id)
        }
    }

    private func checkMutability(_ located: LocatedAttribute, path: PatchPath, old: JSONValue?, new: JSONValue?) throws(SCIMError) {
        let attribute = located.definition
        switch attribute.mutability {
        case .readOnly:
            throw .mutability("\"\(attribute.name)\" is read-only and cannot be changed (\(path.text)).")
        case .immutable where old != nil:
            throw .mutability("\"\(attribute.name)\" is immutable and already has a value (\(path.text)).")
        default:
            break
        }
        if let sub = located.subDefinition, sub.mutability == .readOnly {
            throw .mutability("\"\(attribute.name).\(sub.name)\" is read-only and cannot be changed (\(path.text)).")
        }
        if new == nil, attribute.required {
            throw .mutability("\"\(attribute.name)\" is required and cannot be removed or emptied (\(path.text)).")
        }
    }

    /// Stores an attribute's new value (`nil` removes it) where the schema says it lives.
    private func write(_ value: JSONValue?, to located: LocatedAttribute, in resource: inout JSONObject) {
        guard let urn = located.extensionURN else {
            resource.store(value, canonicalKey: located.definition.name)
            return
        }
        var container = resource.value(caseInsensitiveKey: urn)?.objectValue ?? JSONObject()
        container.store(value, canonicalKey: located.definition.name)
        if container.isEmpty {
            resource.store(nil, canonicalKey: urn)
            return
        }
        resource.store(.object(container), canonicalKey: urn)
        if value != nil, case .array(var schemas)? = resource.value(caseInsensitiveKey: "schemas"),
            !schemas.contains(where: { $0.stringValue?.equalsIgnoringASCIICase(urn) == true })
        {
            schemas.append(.string(urn))
            resource.store(.array(schemas), canonicalKey: "schemas")
        }
    }
}
