import Projections

/// Collects the warnings of one PATCH request.
struct PatchDiagnostics {
    var warnings: [PatchWarning] = []
    var operationIndex = 0

    mutating func warn(_ path: String?, _ message: String) {
        warnings.append(PatchWarning(operationIndex: operationIndex, path: path, message: message))
    }
}

/// Turns PATCH `value`s into the stored form an attribute definition calls for.
///
/// Guarantees:
/// - Booleans accept JSON booleans and the strings `"true"`/`"false"` in any case (Entra's default
///   mode sends `"False"`), and are stored as JSON booleans.
/// - `null` and `""` mean "unassigned" for simple attributes (RFC 7643 §2.5; the Entra validator
///   clears attributes with `""`); integers and decimals accept numeric strings; `dateTime` values
///   must parse as `xsd:dateTime`; strings accept numbers (stored as their literal text).
/// - A complex value may arrive as an object, a bare string (meaning `{"value": string}`, which is
///   how Entra sends `manager`), a one-element array (the legacy `manager` shape), or stringified
///   JSON (Entra's roles: `"[{\"value\":\"Admin\"}]"` or `{"value": "{\"value\":\"25\",…}"}`);
///   `displayName` is accepted for a `display` sub-attribute.
/// - Sub-attribute names are matched case-insensitively and stored with the schema's spelling;
///   unknown sub-attributes, and read-only ones inside a writable attribute, are dropped with a
///   warning.
/// - A value of the wrong shape throws `SCIMError.invalidValue` naming the attribute.
enum PatchValueCoercion {
    /// A simple (non-complex) value, or `nil` for "unassigned".
    static func simpleValue(_ value: JSONValue, for definition: AttributeDefinition, path: String) throws(SCIMError) -> JSONValue? {
        switch value {
        case .null: return nil
        case .string(let s) where s.isEmpty: return nil
        default: break
        }
        switch definition.type {
        case .boolean:
            if let b = AttributeScalar.boolean(value) { return .bool(b) }
        case .string, .reference, .binary:
            if case .string = value { return value }
            if case .number(let n) = value { return .string(n.literal) }
        case .integer:
            if case .number(let n) = value, n.isInteger { return value }
            if case .string(let s) = value, let n = JSONNumber(literal: s), n.isInteger { return .number(n) }
        case .decimal:
            if case .number = value { return value }
            if case .string(let s) = value, let n = JSONNumber(literal: s) { return .number(n) }
        case .dateTime:
            if case .string(let s) = value, AttributeInstant(parsing: s) != nil { return value }
        case .complex:
            break
        }
        throw .invalidValue("\"\(path)\" expects \(describe(definition)), not \(FilterExpression.render(value)).")
    }

    /// The object for one value of a complex attribute, or `nil` for "unassigned". With
    /// `keepNulls`, sub-attributes sent as `null`/`""` stay in the object as `.null` (for merges).
    static func complexObject(
        _ value: JSONValue, for definition: AttributeDefinition, path: String, keepNulls: Bool,
        diagnostics: inout PatchDiagnostics
    ) throws(SCIMError) -> JSONObject? {
        switch value {
        case .null:
            return nil
        case .string(let s):
            if let decoded = StringifiedJSON.decode(s) {
                return try complexObject(decoded, for: definition, path: path, keepNulls: keepNulls, diagnostics: &diagnostics)
            }
            guard let valueSub = definition.subAttribute(named: "value") else {
                throw .invalidValue(
                    "\"\(path)\" is a complex attribute; send an object with its sub-attributes, not \(FilterExpression.render(value))."
                )
            }
            guard let stored = try simpleValue(value, for: valueSub, path: "\(path).\(valueSub.name)") else { return nil }
            var object = JSONObject()
            object[valueSub.name] = stored
            return object
        case .array(let items):
            guard items.count <= 1 else {
                throw .invalidValue("\"\(path)\" is single-valued; send one value, not an array of \(items.count).")
            }
            guard let only = items.first else { return nil }
            return try complexObject(only, for: definition, path: path, keepNulls: keepNulls, diagnostics: &diagnostics)
        case .object(let object):
            if object.count == 1, let only = object.first, only.key.equalsIgnoringASCIICase("value"),
                case .string(let s) = only.value, case .object(let embedded)? = StringifiedJSON.decode(s)
            {
                return try complexObject(.object(embedded), for: definition, path: path, keepNulls: keepNulls, diagnostics: &diagnostics)
            }
            return try subAttributes(of: object, for: definition, path: path, keepNulls: keepNulls, diagnostics: &diagnostics)
        case .bool, .number:
            throw .invalidValue("\"\(path)\" is a complex attribute; send an object with its sub-attributes, not \(FilterExpression.render(value)).")
        }
    }

    private static func subAttributes(
        of object: JSONObject, for definition: AttributeDefinition, path: String, keepNulls: Bool,
        diagnostics: inout PatchDiagnostics
    ) throws(SCIMError) -> JSONObject {
        var result = JSONObject()
        for member in object {
            var sub = definition.subAttribute(named: member.key)
            if sub == nil, member.key.equalsIgnoringASCIICase("displayName") {
                sub = definition.subAttribute(named: "display")
            }
            guard let sub else {
                diagnostics.warn(path, "ignored unknown sub-attribute \"\(member.key)\" of \"\(definition.name)\"")
                continue
            }
            if sub.mutability == .readOnly, definition.mutability != .readOnly {
                diagnostics.warn(path, "ignored read-only sub-attribute \"\(definition.name).\(sub.name)\"")
                continue
            }
            if let stored = try simpleValue(member.value, for: sub, path: "\(path).\(sub.name)") {
                result.setValue(stored, caseInsensitiveKey: sub.name)
            } else if keepNulls {
                result.setValue(.null, caseInsensitiveKey: sub.name)
            }
        }
        return result
    }

    /// The values of a multi-valued attribute: an array, a single value, or stringified JSON.
    static func elements(
        _ value: JSONValue, for definition: AttributeDefinition, path: String, diagnostics: inout PatchDiagnostics
    ) throws(SCIMError) -> [JSONValue] {
        let items: [JSONValue]
        switch value {
        case .null: return []
        case .array(let array): items = array
        case .string(let s):
            switch StringifiedJSON.decode(s) {
            case .array(let array)?: items = array
            case let decoded?: items = [decoded]
            case nil: items = [value]
            }
        default: items = [value]
        }
        var result: [JSONValue] = []
        for item in items {
            if case .string(let s) = item, case .array(let nested)? = StringifiedJSON.decode(s) {
                result += try elements(.array(nested), for: definition, path: path, diagnostics: &diagnostics)
                continue
            }
            if definition.type == .complex {
                if let object = try complexObject(item, for: definition, path: path, keepNulls: false, diagnostics: &diagnostics),
                    object.contains(where: { $0.value.hasAssignedValue })
                {
                    result.append(.object(object))
                }
            } else if let stored = try simpleValue(item, for: definition, path: path) {
                result.append(stored)
            }
        }
        return result
    }

    /// Words for the expected shape of a simple attribute, for error details.
    private static func describe(_ definition: AttributeDefinition) -> String {
        switch definition.type {
        case .boolean: "a boolean (true or false)"
        case .integer: "an integer"
        case .decimal: "a number"
        case .dateTime: "an xsd:dateTime string such as \"2024-05-01T12:00:00Z\""
        case .complex: "an object"
        case .string, .reference, .binary: "a string"
        }
    }
}
