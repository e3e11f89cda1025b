import Projections

extension AttributeDefinition {
    /// The attribute as RFC 7643 §7 represents it inside a `/Schemas` resource.
    ///
    /// Guarantees: always has `name`, `type`, `multiValued`, `description`, `required`, `caseExact`,
    /// `mutability`, `returned` and `uniqueness` (camel-case values as Entra expects); `canonicalValues`
    /// only when there are some, `referenceTypes` only for `reference` attributes, `subAttributes` only for
    /// complex attributes. Never contains `null` (Entra: "If a value isn't present, don't send null values").
    public var schemaRepresentation: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        object["type"] = .string(type.rawValue)
        object["multiValued"] = .bool(multiValued)
        object["description"] = .string(description)
        object["required"] = .bool(required)
        object["caseExact"] = .bool(caseExact)
        object["mutability"] = .string(mutability.rawValue)
        object["returned"] = .string(returned.rawValue)
        object["uniqueness"] = .string(uniqueness.rawValue)
        if !canonicalValues.isEmpty {
            object["canonicalValues"] = .array(canonicalValues.map(JSONValue.string))
        }
        if type == .reference {
            object["referenceTypes"] = .array(referenceTypes.map(JSONValue.string))
        }
        if type == .complex {
            object["subAttributes"] = .array(subAttributes.map(\.schemaRepresentation))
        }
        return .object(object)
    }
}

extension SchemaDefinition {
    /// The schema as a `/Schemas` resource (RFC 7643 §7, §8.7.1).
    ///
    /// - Parameter baseURL: the service's base URL, for example `https://example.com/scim/v2` (trailing
    ///   slashes are ignored; pass it without a query string such as `?aadOptscim062020`).
    /// - Returns: an object with `schemas` (`urn:ietf:params:scim:schemas:core:2.0:Schema`), `id`, `name`,
    ///   `description`, `attributes` and `meta` (`resourceType: "Schema"`, `location: <base>/Schemas/<id>`).
    public func schemaRepresentation(baseURL: String) -> JSONValue {
        var object = JSONObject()
        object["schemas"] = [.string(URN.schema)]
        object["id"] = .string(id)
        object["name"] = .string(name)
        object["description"] = .string(description)
        object["attributes"] = .array(attributes.map(\.schemaRepresentation))
        object["meta"] = [
            "resourceType": "Schema",
            "location": .string(DiscoveryLocation.url(baseURL, "Schemas", id)),
        ]
        return .object(object)
    }
}

/// Builds `meta.location` URLs of discovery resources.
enum DiscoveryLocation {
    static func url(_ baseURL: String, _ components: String...) -> String {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        return ([String(base)] + components).joined(separator: "/")
    }
}
