import Projections

/// Computes the new value of one attribute for one PATCH operation (RFC 7644 §3.5.2 with the Entra
/// semantics of entra-behaviour.md §3.10, §3.11 and §7).
///
/// Guarantees: pure — reads the old value and returns the new one (`nil` = unassigned), never
/// touching the resource; the caller checks mutability and writes. In particular:
/// - `add` appends to multi-valued attributes, skipping values already present; on a
///   single-valued attribute it replaces; on a complex attribute it merges sub-attributes.
/// - `replace` replaces a multi-valued attribute wholesale and merges into a single-valued complex
///   one, except that a new `value` (a new manager id) starts a fresh object.
/// - A value filter edits only matching values and leaves siblings alone; when nothing matches,
///   `add` and `replace` create the value from the filter's `eq` tests (`{type: "work", value: …}`)
///   if the filter consists only of `eq` tests on sub-attributes joined by `and`, else throw
///   `SCIMError.noTarget`. On a single-valued complex attribute the filter is a match test.
/// - `remove` with a value removes only what matches that value and never writes; `remove` whose
///   filter or value matches nothing is a no-op with a warning. Removing (or emptying) the `value`
///   sub-attribute of a multi-valued element removes the element.
/// - Sub-attribute keys of the edited attribute are stored with the schema's spelling.
/// - A value set to `primary: true` makes every other value of the attribute non-primary; two new
///   primary values in one operation throw `SCIMError.invalidValue`.
struct AttributeEdit {
    let kind: PatchOperation.Kind
    let located: LocatedAttribute
    let path: PatchPath
    let value: JSONValue?

    private var attribute: AttributeDefinition { located.definition }
    private var name: String { path.text }
    private var requestValue: JSONValue { value ?? .null }
    /// The value a `remove` must match, if it carries one.
    private var removalValue: JSONValue? { value.flatMap { $0.hasAssignedValue ? $0 : nil } }

    func newValue(from old: JSONValue?, diagnostics: inout PatchDiagnostics) throws(SCIMError) -> JSONValue? {
        let raw: JSONValue?
        if let filter = path.valueFilter {
            raw = try applyFiltered(filter, old, &diagnostics)
        } else if let sub = located.subDefinition {
            raw = try applySubAttribute(sub, old, &diagnostics)
        } else {
            raw = try applyWhole(old, &diagnostics)
        }
        return try finalize(raw, old: old)
    }

    private func elements(of old: JSONValue?) -> [JSONValue] {
        guard let old else { return [] }
        return old.arrayValue ?? [old]
    }

    // MARK: Whole attribute

    private func applyWhole(_ old: JSONValue?, _ diagnostics: inout PatchDiagnostics) throws(SCIMError) -> JSONValue? {
        switch kind {
        case .remove:
            guard let removalValue, let old else { return nil }
            if attribute.multiValued {
                let current = elements(of: old)
                let kept = current.filter { !PatchValueMatching.matches($0, removalValue: removalValue, definition: attribute) }
                if kept.count == current.count {
                    diagnostics.warn(name, "no value of \"\(attribute.name)\" matches the value to remove; nothing removed")
                }
                return .array(kept)
            }
            if PatchValueMatching.matches(old, removalValue: removalValue, definition: attribute) { return nil }
            diagnostics.warn(name, "the current value of \"\(attribute.name)\" does not match the value to remove; nothing removed")
            return old
        case .add, .replace:
            if attribute.multiValued {
                let incoming = try PatchValueCoercion.elements(requestValue, for: attribute, path: name, diagnostics: &diagnostics)
                if kind == .replace { return .array(incoming) }
                var result = elements(of: old)
                for item in incoming where !result.contains(where: { PatchValueMatching.equivalent($0, item) }) {
                    result.append(item)
                }
                return .array(result)
            }
            guard attribute.type == .complex else {
                return try PatchValueCoercion.simpleValue(requestValue, for: attribute, path: name)
            }
            guard
                let incoming = try PatchValueCoercion.complexObject(
                    requestValue, for: attribute, path: name, keepNulls: true, diagnostics: &diagnostics)
            else { return nil }
            var base = old?.objectValue ?? JSONObject()
            if let valueSub = attribute.subAttribute(named: "value"), let newID = incoming.value(caseInsensitiveKey: valueSub.name),
                !PatchValueMatching.equivalent(newID, base.value(caseInsensitiveKey: valueSub.name))
            {
                base = JSONObject()
            }
            return .object(base.mergingSubAttributes(incoming))
        }
    }

    // MARK: Sub-attribute without filter

    private func applySubAttribute(
        _ sub: AttributeDefinition, _ old: JSONValue?, _ diagnostics: inout PatchDiagnostics
    ) throws(SCIMError) -> JSONValue? {
        guard attribute.multiValued else {
            guard let object = old?.objectValue ?? (kind == .remove ? nil : JSONObject()) else { return old }
            var warned = false
            let edited = try editElement(object, sub: sub, warned: &warned, &diagnostics)
            return edited.map(JSONValue.object)
        }
        let current = elements(of: old)
        if current.isEmpty, kind != .remove {
            guard let stored = try PatchValueCoercion.simpleValue(requestValue, for: sub, path: name) else { return old }
            var object = JSONObject()
            object.store(stored, canonicalKey: sub.name)
            return .array([.object(object)])
        }
        var warned = false
        var result: [JSONValue] = []
        for element in current {
            guard let object = element.objectValue else {
                result.append(element)
                continue
            }
            if let edited = try editElement(object, sub: sub, warned: &warned, &diagnostics) { result.append(.object(edited)) }
        }
        return .array(result)
    }

    // MARK: Value filter

    private func applyFiltered(
        _ filter: FilterExpression, _ old: JSONValue?, _ diagnostics: inout PatchDiagnostics
    ) throws(SCIMError) -> JSONValue? {
        guard attribute.type == .complex else {
            throw .invalidPath("\"\(name)\": \"\(attribute.name)\" is not a complex attribute, so it cannot take a value filter.")
        }
        let matcher = try CompiledFilter.compile(filter, scope: .elements(of: attribute))
        var warned = false
        guard attribute.multiValued else {
            guard let object = old?.objectValue, matcher.evaluate(object) else {
                if kind == .remove {
                    diagnostics.warn(name, "the value of \"\(attribute.name)\" does not match [\(filter)]; nothing removed")
                    return old
                }
                throw .noTarget("\"\(name)\" selects nothing: the value of \"\(attribute.name)\" does not match [\(filter)].")
            }
            return try editElement(object, sub: located.subDefinition, warned: &warned, &diagnostics).map(JSONValue.object)
        }
        var current = elements(of: old)
        let matched = current.indices.filter { current[$0].objectValue.map(matcher.evaluate) ?? false }
        guard !matched.isEmpty else {
            if kind == .remove {
                diagnostics.warn(name, "no value of \"\(attribute.name)\" matches [\(filter)]; nothing removed")
                return old
            }
            guard let created = try createdElement(for: filter, &diagnostics) else { return old }
            current.append(.object(created))
            return .array(current)
        }
        var result: [JSONValue] = []
        for (index, element) in current.enumerated() {
            guard matched.contains(index), let object = element.objectValue else {
                result.append(element)
                continue
            }
            if let edited = try editElement(object, sub: located.subDefinition, warned: &warned, &diagnostics) {
                result.append(.object(edited))
            }
        }
        return .array(result)
    }

    /// The value an `add`/`replace` creates when its filter matches nothing (Entra's upsert), or
    /// `nil` when the request value is empty.
    /// - Throws: `SCIMError.noTarget` when the filter does not say what to create.
    private func createdElement(for filter: FilterExpression, _ diagnostics: inout PatchDiagnostics) throws(SCIMError) -> JSONObject? {
        guard var seed = seed(from: filter) else {
            throw .noTarget(
                "\"\(name)\" selects no value of \"\(attribute.name)\", and [\(filter)] does not describe one to create "
                    + "(only eq tests on sub-attributes joined by 'and' do)."
            )
        }
        if let sub = located.subDefinition {
            guard let stored = try PatchValueCoercion.simpleValue(requestValue, for: sub, path: name) else { return nil }
            seed.store(stored, canonicalKey: sub.name)
        } else {
            guard
                let incoming = try PatchValueCoercion.complexObject(
                    requestValue, for: attribute, path: name, keepNulls: false, diagnostics: &diagnostics)
            else { return nil }
            seed = seed.mergingSubAttributes(incoming)
        }
        return seed
    }

    /// The sub-attribute values a filter made only of `eq` tests (joined by `and`) prescribes.
    private func seed(from filter: FilterExpression) -> JSONObject? {
        var seed = JSONObject()
        for conjunct in filter.conjuncts {
            guard case .comparison(let test, .eq, let raw) = conjunct, test.schemaURN == nil, test.subAttribute == nil,
                let sub = attribute.subAttribute(named: test.name), sub.type != .complex,
                let stored = try? PatchValueCoercion.simpleValue(raw, for: sub, path: name)
            else { return nil }
            if let existing = seed.value(caseInsensitiveKey: sub.name), !PatchValueMatching.equivalent(existing, stored) { return nil }
            seed.store(stored, canonicalKey: sub.name)
        }
        return seed
    }

    // MARK: One value of a complex attribute

    /// Applies the operation to one selected object (an element, or a single complex value):
    /// to its `sub` sub-attribute when given, else to the whole object. `nil` removes the object.
    private func editElement(
        _ object: JSONObject, sub: AttributeDefinition?, warned: inout Bool, _ diagnostics: inout PatchDiagnostics
    ) throws(SCIMError) -> JSONObject? {
        var object = object
        if let sub {
            switch kind {
            case .remove:
                guard let current = object.value(caseInsensitiveKey: sub.name), current.hasAssignedValue else { return object }
                if let removalValue, !PatchValueMatching.matches(current, removalValue: removalValue, definition: sub) {
                    if !warned { diagnostics.warn(name, "the current value does not match the value to remove; nothing removed") }
                    warned = true
                    return object
                }
                if attribute.multiValued, sub.name.equalsIgnoringASCIICase("value") { return nil }
                object.store(nil, canonicalKey: sub.name)
            case .add, .replace:
                let stored = try PatchValueCoercion.simpleValue(requestValue, for: sub, path: name)
                if stored == nil, attribute.multiValued, sub.name.equalsIgnoringASCIICase("value") { return nil }
                object.store(stored, canonicalKey: sub.name)
            }
            return object
        }
        switch kind {
        case .remove:
            if let removalValue, !PatchValueMatching.matches(.object(object), removalValue: removalValue, definition: attribute) {
                if !warned { diagnostics.warn(name, "the selected value does not match the value to remove; nothing removed") }
                warned = true
                return object
            }
            return nil
        case .add:
            guard
                let incoming = try PatchValueCoercion.complexObject(
                    requestValue, for: attribute, path: name, keepNulls: true, diagnostics: &diagnostics)
            else { return object }
            return object.mergingSubAttributes(incoming)
        case .replace:
            return try PatchValueCoercion.complexObject(requestValue, for: attribute, path: name, keepNulls: false, diagnostics: &diagnostics)
        }
    }

    // MARK: Normalisation

    /// Drops unassigned values, enforces a single primary value and clears a single complex value
    /// that lost its `value` (a manager without an id).
    private func finalize(_ raw: JSONValue?, old: JSONValue?) throws(SCIMError) -> JSONValue? {
        guard let raw else { return nil }
        if attribute.multiValued {
            var result = (raw.arrayValue ?? [raw]).compactMap { element -> JSONValue? in
                guard case .object(let object) = element else { return element.hasAssignedValue ? element : nil }
                let cleaned = canonicalSpelling(of: object.withoutUnassignedMembers)
                return cleaned.isEmpty ? nil : .object(cleaned)
            }
            guard !result.isEmpty else { return nil }
            if attribute.type == .complex, let primary = attribute.subAttribute(named: "primary") {
                try enforceSinglePrimary(&result, primaryKey: primary.name, old: elements(of: old))
            }
            return .array(result)
        }
        guard case .object(let object) = raw else { return raw.hasAssignedValue ? raw : nil }
        let cleaned = canonicalSpelling(of: object.withoutUnassignedMembers)
        if cleaned.isEmpty { return nil }
        if let valueSub = attribute.subAttribute(named: "value"), cleaned.value(caseInsensitiveKey: valueSub.name) == nil {
            return nil
        }
        return .object(cleaned)
    }

    /// `object` with known sub-attribute keys spelled as the schema spells them.
    private func canonicalSpelling(of object: JSONObject) -> JSONObject {
        var result = object
        for member in object {
            if let sub = attribute.subAttribute(named: member.key), sub.name != member.key {
                result.store(member.value, canonicalKey: sub.name)
            }
        }
        return result
    }

    private func enforceSinglePrimary(_ values: inout [JSONValue], primaryKey: String, old: [JSONValue]) throws(SCIMError) {
        func isPrimary(_ value: JSONValue) -> Bool {
            value.objectValue?.value(caseInsensitiveKey: primaryKey).flatMap(AttributeScalar.boolean) == true
        }
        let newlyPrimary = values.indices.filter { index in
            isPrimary(values[index]) && !old.contains { PatchValueMatching.equivalent($0, values[index]) }
        }
        guard let chosen = newlyPrimary.first else { return }
        guard newlyPrimary.count == 1 else {
            throw .invalidValue("\"\(name)\": at most one value of \"\(attribute.name)\" may have \"primary\": true.")
        }
        for index in values.indices where index != chosen && isPrimary(values[index]) {
            guard var object = values[index].objectValue else { continue }
            object.store(.bool(false), canonicalKey: primaryKey)
            values[index] = .object(object)
        }
    }
}

extension JSONObject {
    /// Sets `value` under `key`, replacing every case variant of the key in place of the first one
    /// (so the schema's spelling wins); `nil` removes all variants.
    mutating func store(_ value: JSONValue?, canonicalKey key: String) {
        let variants = indices.filter { self[$0].key.equalsIgnoringASCIICase(key) }
        guard let value else {
            for index in variants.reversed() { remove(at: index) }
            return
        }
        guard let first = variants.first else {
            self[key] = value
            return
        }
        for index in variants.dropFirst().reversed() { remove(at: index) }
        renameMember(at: first, to: key)
        self[key] = value
    }

    /// This object with `other`'s members stored over it; `null` members of `other` remove the key.
    func mergingSubAttributes(_ other: JSONObject) -> JSONObject {
        var result = self
        for member in other {
            result.store(member.value.isNull ? nil : member.value, canonicalKey: member.key)
        }
        return result
    }

    /// This object without `null`, empty-string and empty-array members.
    var withoutUnassignedMembers: JSONObject {
        JSONObject(filter { $0.value.hasAssignedValue })
    }
}
