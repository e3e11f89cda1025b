import Projections
import SCIMAdapter
import Testing

/// One step into a JSON value in tests: an object key (exact) or an array index.
enum JSONLookupStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

/// Follows `steps` into `json`; `nil` when a step does not exist.
func lookUp(_ json: JSONValue?, _ steps: JSONLookupStep...) -> JSONValue? {
    var current = json
    for step in steps {
        switch (step, current) {
        case (.key(let key), .object(let object)?): current = object[key]
        case (.index(let index), .array(let array)?): current = array.indices.contains(index) ? array[index] : nil
        default: return nil
        }
    }
    return current
}

/// Follows `steps` into an object.
func lookUp(_ object: JSONObject, _ steps: JSONLookupStep...) -> JSONValue? {
    var current: JSONValue? = .object(object)
    for step in steps { current = lookUp(current, step) }
    return current
}

/// Whether any object anywhere in `json` has a `null` member or element.
func containsJSONNull(_ json: JSONValue) -> Bool {
    switch json {
    case .null: true
    case .array(let elements): elements.contains(where: containsJSONNull)
    case .object(let object): object.contains { containsJSONNull($0.value) }
    default: false
    }
}

/// Runs `body`, expects a `SCIMError` with `status` and `scimType`, and returns it for further checks.
@discardableResult
func expectRejection(
    status: Int = 400,
    _ scimType: SCIMError.ScimType?,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> SCIMError? {
    let error = #expect(throws: SCIMError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.status == status, sourceLocation: sourceLocation)
    #expect(error?.scimType == scimType, sourceLocation: sourceLocation)
    return error
}
