import Projections

/// One operation of a SCIM PATCH request (RFC 7644 §3.5.2).
///
/// Guarantees: `path`, when present, is syntactically valid; a `remove` always has a path (the
/// parser rejects one without); `value` is `nil` when the member was absent and `.null` when the
/// client sent `null`.
public struct PatchOperation: Sendable, Hashable {
    /// The `op` member, parsed case-insensitively (`Add`, `add`, `ADD`).
    public enum Kind: String, Sendable, Hashable {
        case add, replace, remove
    }

    public var kind: Kind
    public var path: PatchPath?
    public var value: JSONValue?

    public init(_ kind: Kind, path: PatchPath? = nil, value: JSONValue? = nil) {
        self.kind = kind
        self.path = path
        self.value = value
    }
}

/// A parsed `urn:ietf:params:scim:api:messages:2.0:PatchOp` message.
///
/// Guarantees: built from a request body by ``init(body:)``, which accepts every shape Entra sends
/// (both with and without `aadOptscim062020`) and rejects malformed bodies with the `scimType`
/// RFC 7644 Table 9 prescribes:
/// - `schemas` may be missing (tolerated; some clients omit it); when present it must be an array
///   of strings containing the PatchOp URN, else `invalidSyntax`.
/// - `Operations` (key matched case-insensitively) must be present and an array, else
///   `invalidSyntax`; an empty array is a valid no-op.
/// - Each operation must be an object whose `op` (case-insensitive key and value) is `add`,
///   `replace` or `remove`, else `invalidSyntax`.
/// - `path` must be a string (`invalidPath` otherwise) that parses (``PatchPath``, `invalidPath`);
///   `null` or blank means no path.
/// - `add` and `replace` need a `value` (`invalidValue` when absent); `remove` needs a `path`
///   (`noTarget` when absent, as RFC 7644 §3.5.2.2 says).
/// Other members (`id`, Postman's `name`) are ignored.
public struct PatchRequest: Sendable, Hashable {
    /// The PatchOp message schema URN.
    public static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    public var operations: [PatchOperation]

    public init(operations: [PatchOperation]) {
        self.operations = operations
    }

    /// Parses a PATCH request body.
    /// - Throws: `SCIMError` with `invalidSyntax`, `invalidPath`, `invalidValue` or `noTarget`.
    public init(body: JSONObject) throws(SCIMError) {
        if let schemas = body.value(caseInsensitiveKey: "schemas"), !schemas.isNull {
            guard let list = schemas.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidSyntax("\"schemas\" must be an array of strings containing \"\(Self.schemaURN)\".")
            }
            guard list.contains(where: { $0.stringValue?.equalsIgnoringASCIICase(Self.schemaURN) == true }) else {
                throw .invalidSyntax("\"schemas\" must contain \"\(Self.schemaURN)\" for a PATCH request.")
            }
        }
        guard let operationsValue = body.value(caseInsensitiveKey: "Operations") else {
            throw .invalidSyntax("A PATCH request needs an \"Operations\" array.")
        }
        guard let list = operationsValue.arrayValue else {
            throw .invalidSyntax("\"Operations\" must be an array of operations, not a \(operationsValue.typeName).")
        }
        var operations: [PatchOperation] = []
        operations.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            try operations.append(Self.parseOperation(element, index: index))
        }
        self.operations = operations
    }

    private static func parseOperation(_ element: JSONValue, index: Int) throws(SCIMError) -> PatchOperation {
        guard let object = element.objectValue else {
            throw .invalidSyntax("Operations[\(index)] must be an object with \"op\", \"path\" and \"value\", not a \(element.typeName).")
        }
        guard let opValue = object.value(caseInsensitiveKey: "op") else {
            throw .invalidSyntax("Operations[\(index)] has no \"op\"; use \"add\", \"replace\" or \"remove\".")
        }
        guard let opText = opValue.stringValue,
            let kind = [PatchOperation.Kind.add, .replace, .remove].first(where: { $0.rawValue.equalsIgnoringASCIICase(opText) })
        else {
            throw .invalidSyntax("Operations[\(index)] has op \(FilterExpression.render(opValue)); use \"add\", \"replace\" or \"remove\".")
        }
        var path: PatchPath?
        if let pathValue = object.value(caseInsensitiveKey: "path"), !pathValue.isNull {
            guard let pathText = pathValue.stringValue else {
                throw .invalidPath(
                    "Operations[\(index)] has a \(pathValue.typeName) \"path\"; it must be a string such as \"emails[type eq \\\"work\\\"].value\"."
                )
            }
            if !pathText.trimmingFilterWhitespace().isEmpty {
                path = try PatchPath(parsing: pathText)
            }
        }
        let value = object.value(caseInsensitiveKey: "value")
        switch kind {
        case .add, .replace:
            guard value != nil else {
                throw .invalidValue("Operations[\(index)] (\(kind.rawValue)\(path.map { " \($0.text)" } ?? "")) needs a \"value\".")
            }
        case .remove:
            guard path != nil else {
                throw .noTarget("Operations[\(index)] (remove) needs a \"path\" naming what to remove.")
            }
        }
        return PatchOperation(kind, path: path, value: value)
    }
}
