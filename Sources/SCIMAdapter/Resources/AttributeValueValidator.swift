import Projections

/// Checks one attribute value against its definition and returns the value to store.
///
/// Guarantees: returns `nil` for "no value" (`null`, `[]`, `{}`, or a complex value whose sub-attributes
/// all have no value); otherwise a value of the definition's shape: an array for multi-valued attributes,
/// a single value otherwise, objects keyed by canonical sub-attribute names in the client's order. Leniency,
/// all of it for Microsoft Entra ID: booleans may be the strings "true"/"false" in any case (stored as JSON
/// booleans); a JSON number or boolean sent for a string attribute is stored as a string holding its
/// literal text (`12345` → `"12345"`), so string attributes always hold strings; a single value
/// of a multi-valued attribute is wrapped; a one-element array of a single-valued attribute is unwrapped;
/// unknown and readOnly sub-attributes are dropped with a warning; a single-valued complex attribute with a
/// `value` sub-attribute (`manager`) accepts a bare string or number as its `value`, and is "no value" when
/// `value` is missing or empty. Everything else that does not fit throws 400 `invalidValue` naming the
/// attribute path and the expected type.
struct AttributeValueValidator {
    private(set) var warnings: [ValidationWarning] = []

    mutating func warn(_ path: String, _ reason: ValidationWarning.Reason) {
        warnings.append(ValidationWarning(path: path, reason: reason))
    }

    /// Validates `value` for `definition`; `path` is the canonical attribute path used in error details.
    mutating func validate(_ value: JSONValue, as definition: AttributeDefinition, path: String) throws(SCIMError) -> JSONValue? {
        if definition.multiValued {
            let elements: [JSONValue]
            let indexed: Bool
            switch value {
            case .null: return nil
            case .array(let array): (elements, indexed) = (array, true)
            default: (elements, indexed) = ([value], false)
            }
            var result: [JSONValue] = []
            var primaries = 0
            for (index, element) in elements.enumerated() {
                let elementPath = indexed ? "\(path)[\(index)]" : path
                guard let checked = try validateSingle(element, as: definition, path: elementPath) else { continue }
                if checked.objectValue?["primary"] == .bool(true) { primaries += 1 }
                result.append(checked)
            }
            if primaries > 1 {
                throw .invalidValue(
                    "Attribute '\(path)' has \(primaries) values with 'primary' set to true; at most one value may be primary"
                )
            }
            return result.isEmpty ? nil : .array(result)
        }
        if case .array(let array) = value {
            switch array.count {
            case 0: return nil
            case 1: return try validateSingle(array[0], as: definition, path: path)
            default:
                throw .invalidValue("Attribute '\(path)' is single-valued but got an array of \(array.count) values")
            }
        }
        return try validateSingle(value, as: definition, path: path)
    }

    /// Validates one value (one element of a multi-valued attribute, or a single-valued attribute's value).
    mutating func validateSingle(_ value: JSONValue, as definition: AttributeDefinition, path: String) throws(SCIMError) -> JSONValue? {
        if value.isNull { return nil }
        guard definition.type == .complex else { return try Self.validateSimple(value, as: definition, path: path) }
        switch value {
        case .object(let object):
            return try validateComplex(object, as: definition, path: path)
        case .string, .number:
            if !definition.multiValued, let valueAttribute = definition.subAttribute(named: "value") {
                if value == .string("") { return nil }
                var shorthand = JSONObject()
                shorthand[valueAttribute.name] = value
                return try validateComplex(shorthand, as: definition, path: path)
            }
            throw Self.typeError(path, expected: "an object", got: value)
        default:
            throw Self.typeError(path, expected: "an object", got: value)
        }
    }

    private mutating func validateComplex(_ object: JSONObject, as definition: AttributeDefinition, path: String) throws(SCIMError) -> JSONValue? {
        var result = JSONObject()
        for member in object {
            guard let sub = definition.subAttribute(named: member.key) else {
                warn("\(path).\(member.key)", .unknownSubAttribute)
                continue
            }
            if sub.mutability == .readOnly {
                warn("\(path).\(member.key)", .readOnly)
                continue
            }
            let subPath = "\(path).\(sub.name)"
            guard let checked = try validate(member.value, as: sub, path: subPath) else { continue }
            if let earlier = result[sub.name], earlier != checked {
                throw .invalidValue("Attribute '\(subPath)' is given more than once with different values")
            }
            result[sub.name] = checked
        }
        if !definition.multiValued, let valueAttribute = definition.subAttribute(named: "value") {
            let hasValue = result[valueAttribute.name].map { $0 != .string("") } ?? false
            if !hasValue {
                if result.contains(where: { $0.key != valueAttribute.name }) { warn(path, .noValue) }
                return nil
            }
        }
        return result.isEmpty ? nil : .object(result)
    }

    /// Validates a non-complex, non-null value.
    static func validateSimple(_ value: JSONValue, as definition: AttributeDefinition, path: String) throws(SCIMError) -> JSONValue {
        switch (definition.type, value) {
        case (.string, .string), (.reference, .string), (.binary, .string):
            return value
        case (.string, .number(let number)):
            return .string(number.literal)
        case (.string, .bool(let bool)):
            return .string(bool ? "true" : "false")
        case (.string, _):
            throw typeError(path, expected: "a string", got: value)
        case (.reference, _):
            throw typeError(path, expected: "a reference (a URI string)", got: value)
        case (.binary, _):
            throw typeError(path, expected: "a base64-encoded string", got: value)
        case (.boolean, .bool):
            return value
        case (.boolean, .string(let text)):
            if text.equalsIgnoringASCIICase("true") { return .bool(true) }
            if text.equalsIgnoringASCIICase("false") { return .bool(false) }
            throw typeError(path, expected: "a boolean", got: value)
        case (.boolean, _):
            throw typeError(path, expected: "a boolean", got: value)
        case (.integer, .number(let number)):
            guard number.isInteger else {
                throw .invalidValue("Attribute '\(path)' must be an integer, got \(number.literal)")
            }
            return value
        case (.integer, _):
            throw typeError(path, expected: "an integer", got: value)
        case (.decimal, .number):
            return value
        case (.decimal, _):
            throw typeError(path, expected: "a decimal number", got: value)
        case (.dateTime, .string(let text)):
            guard XSDDateTime.isValid(text) else {
                throw .invalidValue("Attribute '\(path)' must be an xsd:dateTime such as 2008-01-23T04:56:22Z, got '\(text)'")
            }
            return value
        case (.dateTime, _):
            throw typeError(path, expected: "an xsd:dateTime string", got: value)
        case (.complex, _):
            throw typeError(path, expected: "an object", got: value)
        }
    }

    static func typeError(_ path: String, expected: String, got value: JSONValue) -> SCIMError {
        .invalidValue("Attribute '\(path)' must be \(expected), got \(value.typeName)")
    }
}
