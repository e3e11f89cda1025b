import Projections

/// A parsed `urn:ietf:params:scim:api:messages:2.0:BulkRequest` (RFC 7644 §3.7).
///
/// Guarantees: at most `maximumOperations` operations (else 413, as §3.7.4 prescribes); each has
/// a method among POST, PUT, PATCH, DELETE (any case), a string path starting with `/`, and for
/// every method but DELETE an object `data`; a malformed message is a 400 `invalidSyntax` and a
/// malformed operation a 400 `invalidValue` naming its index. bulkIds are unique.
struct BulkRequest: Sendable {
    struct Operation: Sendable {
        var index: Int
        var method: String
        var bulkID: String?
        var version: String?
        var path: String
        var data: JSONValue?
    }

    static let requestURN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    static let responseURN = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"

    var failOnErrors: Int?
    var operations: [Operation]

    init(_ body: JSONValue, maximumOperations: Int) throws(SCIMError) {
        guard let object = body.objectValue else {
            throw .invalidSyntax("A bulk request must be a JSON object (\(Self.requestURN)), got \(body.typeName).")
        }
        if let failOnErrors = object.value(caseInsensitiveKey: "failOnErrors"), !failOnErrors.isNull {
            guard let number = failOnErrors.numberValue, number.isInteger, let value = number.int64Value, value >= 1 else {
                throw .invalidValue("failOnErrors must be a positive integer.")
            }
            self.failOnErrors = Int(clamping: value)
        }
        guard let list = object.value(caseInsensitiveKey: "Operations")?.arrayValue else {
            throw .invalidSyntax("A bulk request needs an \"Operations\" array.")
        }
        guard list.count <= maximumOperations else {
            throw SCIMError(status: 413, detail: "The bulk request has \(list.count) operations; at most \(maximumOperations) are accepted (see /ServiceProviderConfig bulk.maxOperations).")
        }
        var operations: [Operation] = []
        var bulkIDs: Set<String> = []
        for (index, element) in list.enumerated() {
            guard let op = element.objectValue else { throw .invalidValue("Operations[\(index)] must be an object.") }
            guard let method = op.value(caseInsensitiveKey: "method")?.stringValue?.uppercased(),
                ["POST", "PUT", "PATCH", "DELETE"].contains(method)
            else {
                throw .invalidValue("Operations[\(index)] needs a \"method\" of POST, PUT, PATCH or DELETE.")
            }
            guard let path = op.value(caseInsensitiveKey: "path")?.stringValue, path.hasPrefix("/") else {
                throw .invalidValue("Operations[\(index)] needs a \"path\" such as \"/Users\" or \"/Groups/{id}\".")
            }
            let bulkID = op.value(caseInsensitiveKey: "bulkId")?.stringValue
            if let bulkID {
                guard bulkIDs.insert(bulkID).inserted else { throw .invalidValue("bulkId \"\(bulkID)\" is used by more than one operation.") }
            }
            let data = op.value(caseInsensitiveKey: "data")
            if method != "DELETE", data?.objectValue == nil {
                throw .invalidValue("Operations[\(index)] (\(method) \(path)) needs a \"data\" object.")
            }
            operations.append(Operation(
                index: index, method: method, bulkID: bulkID, version: op.value(caseInsensitiveKey: "version")?.stringValue, path: path,
                data: method == "DELETE" ? nil : data))
        }
        self.operations = operations
    }
}

/// `bulkId:` references inside an operation (RFC 7644 §3.7.2).
enum BulkReferences {
    static let prefix = "bulkId:"

    /// The bulkIds `value` (and `path`) refer to.
    static func referenced(in value: JSONValue?, path: String) -> Set<String> {
        var ids = Set(pathReferences(path))
        func walk(_ value: JSONValue) {
            switch value {
            case .string(let text) where text.hasPrefix(prefix): ids.insert(String(text.dropFirst(prefix.count)))
            case .array(let items): items.forEach(walk)
            case .object(let object): object.forEach { walk($0.value) }
            default: break
            }
        }
        value.map(walk)
        return ids
    }

    /// `value` with every `bulkId:x` string replaced by the id `x` resolved to.
    static func resolve(_ value: JSONValue, _ resolved: [String: String]) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix(prefix):
            return resolved[String(text.dropFirst(prefix.count))].map(JSONValue.string) ?? value
        case .array(let items):
            return .array(items.map { resolve($0, resolved) })
        case .object(let object):
            return .object(JSONObject(object.map { .init(key: $0.key, value: resolve($0.value, resolved)) }))
        default:
            return value
        }
    }

    static func resolve(path: String, _ resolved: [String: String]) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(prefix) ? resolved[String(segment.dropFirst(prefix.count))] ?? String(segment) : String(segment)
        }.joined(separator: "/")
    }

    private static func pathReferences(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}
