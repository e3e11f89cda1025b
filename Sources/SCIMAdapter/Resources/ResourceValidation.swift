import Projections

extension ResourceTypeDefinition {
    /// Validates a create (POST) or replace (PUT) body and returns the canonical resource to store.
    ///
    /// - Parameter body: the parsed request body.
    /// - Returns: the canonical resource with the password and (for Groups) the members split off, and the
    ///   list of what was ignored. See ``ValidatedResource`` for what the result guarantees.
    /// - Throws: `SCIMError` 400 `invalidSyntax` when the body is not a JSON object; 400 `invalidValue` when
    ///   a value has the wrong JSON type, a single-valued attribute gets several values, more than one value
    ///   is `primary`, a required attribute is missing or empty, a Group member has no `value`, or an
    ///   attribute is given twice with different values (for example both `userName` and `UserName`).
    ///   Unknown attributes and readOnly attributes never throw.
    public func validateResource(_ body: JSONValue) throws(SCIMError) -> ValidatedResource {
        guard case .object(let object) = body else {
            throw .invalidSyntax("The request body must be a JSON object holding a SCIM \(name) resource, got \(body.typeName)")
        }
        return try validateResource(object)
    }

    /// Validates a create (POST) or replace (PUT) body that is already known to be an object.
    /// The rules and errors are those of the `JSONValue` overload.
    public func validateResource(_ body: JSONObject) throws(SCIMError) -> ValidatedResource {
        var validation = ResourceValidation(resourceType: self)
        return try validation.run(body)
    }
}

/// The state of one validation: phase 1 sorts the body's keys into per-schema buckets of raw values keyed
/// by canonical attribute name (accepting plain, URN-qualified, `attr.sub` and extension-object spellings),
/// phase 2 validates each bucket's values, phase 3 checks required attributes.
struct ResourceValidation {
    let resourceType: ResourceTypeDefinition
    var values = AttributeValueValidator()
    /// Index 0 is the core schema (with the common attributes), index `i + 1` is `resourceType.extensions[i]`.
    var buckets: [JSONObject]
    /// Objects of extension URNs the resource type does not define, kept verbatim under the client's key.
    var unknownExtensions = JSONObject()

    init(resourceType: ResourceTypeDefinition) {
        self.resourceType = resourceType
        self.buckets = Array(repeating: JSONObject(), count: resourceType.extensions.count + 1)
    }

    mutating func run(_ body: JSONObject) throws(SCIMError) -> ValidatedResource {
        for member in body {
            try sort(member.key, member.value)
        }
        var result = try validateBuckets()
        try checkRequired(result)
        result.warnings = values.warnings
        return result
    }

    // MARK: Phase 1: sorting keys into schemas

    private mutating func sort(_ key: String, _ value: JSONValue) throws(SCIMError) {
        if key.equalsIgnoringASCIICase("schemas") {
            try Self.checkSchemas(value)
            return
        }
        let coreURN = resourceType.schema.id
        if key.equalsIgnoringASCIICase(coreURN) {
            try collectObject(value, key: key, bucket: 0)
            return
        }
        if let index = resourceType.extensions.firstIndex(where: { $0.schema.id.equalsIgnoringASCIICase(key) }) {
            try collectObject(value, key: key, bucket: index + 1)
            return
        }
        if let rest = key.dropping(caseInsensitivePrefix: coreURN, separator: ":") {
            try collect(value, bucket: 0, name: rest, clientPath: key)
            return
        }
        for (index, ext) in resourceType.extensions.enumerated() {
            if let rest = key.dropping(caseInsensitivePrefix: ext.schema.id, separator: ":") {
                try collect(value, bucket: index + 1, name: rest, clientPath: key)
                return
            }
        }
        if key.utf8.count > 4, key.prefix(4).equalsIgnoringASCIICase("urn:") {
            collectUnknownExtension(key, value)
            return
        }
        try collect(value, bucket: 0, name: Substring(key), clientPath: key, searchExtensions: true)
    }

    private static func checkSchemas(_ value: JSONValue) throws(SCIMError) {
        switch value {
        case .null, .string:
            return
        case .array(let urns):
            for (index, urn) in urns.enumerated() where urn.stringValue == nil {
                throw AttributeValueValidator.typeError("schemas[\(index)]", expected: "a schema URN string", got: urn)
            }
        default:
            throw AttributeValueValidator.typeError("schemas", expected: "an array of schema URN strings", got: value)
        }
    }

    /// An object keyed by a schema URN: each member is an attribute of that schema.
    private mutating func collectObject(_ value: JSONValue, key: String, bucket: Int) throws(SCIMError) {
        switch value {
        case .null:
            return
        case .object(let object):
            for member in object {
                try collect(member.value, bucket: bucket, name: Substring(member.key), clientPath: "\(key):\(member.key)")
            }
        default:
            throw AttributeValueValidator.typeError(key, expected: "an object of schema attributes", got: value)
        }
    }

    private func schema(ofBucket bucket: Int) -> SchemaDefinition {
        bucket == 0 ? resourceType.schema : resourceType.extensions[bucket - 1].schema
    }

    private func attribute(named name: some StringProtocol, inBucket bucket: Int) -> AttributeDefinition? {
        bucket == 0 ? resourceType.coreAttribute(named: name) : schema(ofBucket: bucket).attribute(named: name)
    }

    /// The canonical path of `attribute` in `bucket`, as error details show it.
    private func path(_ attribute: String, inBucket bucket: Int) -> String {
        bucket == 0 ? attribute : "\(schema(ofBucket: bucket).id):\(attribute)"
    }

    /// One attribute (`name`) or sub-attribute (`name.sub`) of the schema of `bucket`. With
    /// `searchExtensions`, a name the core schema lacks is looked up in the extensions (RFC 7644 §3.10
    /// resolution of unqualified names; Entra's legacy bodies send `department` and `manager` unqualified).
    private mutating func collect(
        _ value: JSONValue,
        bucket: Int,
        name: Substring,
        clientPath: String,
        searchExtensions: Bool = false
    ) throws(SCIMError) {
        let baseName = name.firstIndex(of: ".").map { name[..<$0] } ?? name
        if searchExtensions, attribute(named: baseName, inBucket: 0) == nil,
            let index = resourceType.extensions.firstIndex(where: { $0.schema.attribute(named: baseName) != nil })
        {
            try collect(value, bucket: index + 1, name: name, clientPath: clientPath)
            return
        }
        if let definition = attribute(named: name, inBucket: bucket) {
            if definition.mutability == .readOnly {
                values.warn(clientPath, .readOnly)
                return
            }
            try merge(value, bucket: bucket, key: definition.name)
            return
        }
        guard let dot = name.firstIndex(of: "."), let definition = attribute(named: name[..<dot], inBucket: bucket) else {
            values.warn(clientPath, .unknownAttribute)
            return
        }
        let subName = name[name.index(after: dot)...]
        guard definition.type == .complex, !definition.multiValued, let sub = definition.subAttribute(named: subName) else {
            values.warn(clientPath, definition.type == .complex ? .unknownSubAttribute : .unknownAttribute)
            return
        }
        if definition.mutability == .readOnly || sub.mutability == .readOnly {
            values.warn(clientPath, .readOnly)
            return
        }
        var partial = JSONObject()
        partial[sub.name] = value
        try merge(.object(partial), bucket: bucket, key: definition.name)
    }

    /// Adds `value` under `key`; a second spelling of the same attribute must agree with the first (complex
    /// values merge sub-attribute by sub-attribute).
    private mutating func merge(_ value: JSONValue, bucket: Int, key: String) throws(SCIMError) {
        guard let prior = buckets[bucket][key], !prior.isNull else {
            buckets[bucket][key] = value
            return
        }
        if prior == value || value.isNull { return }
        let conflict = SCIMError.invalidValue(
            "Attribute '\(path(key, inBucket: bucket))' is given more than once with different values; send it once"
        )
        guard case .object(var merged) = prior, case .object(let addition) = value else { throw conflict }
        for member in addition {
            if let existing = merged.value(caseInsensitiveKey: member.key) {
                if existing != member.value, !member.value.isNull { throw conflict }
            } else {
                merged[member.key] = member.value
            }
        }
        buckets[bucket][key] = .object(merged)
    }

    /// A key starting with `urn:` that names no schema of the resource type: an extension object is kept
    /// verbatim; a non-object value is taken as a fully qualified attribute `<extension URN>:<attribute>`.
    private mutating func collectUnknownExtension(_ key: String, _ value: JSONValue) {
        switch value {
        case .null:
            return
        case .object(let object):
            guard !object.isEmpty else { return }
            var merged = unknownExtensions.value(caseInsensitiveKey: key)?.objectValue ?? JSONObject()
            for member in object { merged[member.key] = member.value }
            setUnknownExtension(key, merged)
        default:
            guard let colon = key.lastIndex(of: ":"), AttributeSelection.Path.isAttributeName(key[key.index(after: colon)...]) else {
                values.warn(key, .unknownAttribute)
                return
            }
            let urn = String(key[..<colon])
            var merged = unknownExtensions.value(caseInsensitiveKey: urn)?.objectValue ?? JSONObject()
            merged[String(key[key.index(after: colon)...])] = value
            setUnknownExtension(urn, merged)
        }
    }

    private mutating func setUnknownExtension(_ urn: String, _ object: JSONObject) {
        if let index = unknownExtensions.firstIndex(caseInsensitiveKey: urn) {
            unknownExtensions.setValue(.object(object), caseInsensitiveKey: unknownExtensions[index].key)
        } else {
            unknownExtensions[urn] = .object(object)
        }
    }

    // MARK: Phase 2: validating values

    private mutating func validateBuckets() throws(SCIMError) -> ValidatedResource {
        var resource = JSONObject()
        resource["schemas"] = .null  // placeholder so that "schemas" comes first
        var result = ValidatedResource(resource: JSONObject())
        let isGroup = resourceType.schema.id.equalsIgnoringASCIICase(SchemaDefinition.URN.group)
        for member in buckets[0] {
            guard let definition = resourceType.coreAttribute(named: member.key) else { continue }
            if isGroup, definition.name == "members" {
                result.members = try validateMembers(member.value, as: definition)
                continue
            }
            guard let checked = try values.validate(member.value, as: definition, path: definition.name) else { continue }
            if definition.mutability == .writeOnly {
                result.password = checked.stringValue
                continue
            }
            resource[definition.name] = checked
        }
        var present: [JSONValue] = [.string(resourceType.schema.id)]
        for (index, ext) in resourceType.extensions.enumerated() {
            var object = JSONObject()
            for member in buckets[index + 1] {
                guard let definition = ext.schema.attribute(named: member.key) else { continue }
                let path = "\(ext.schema.id):\(definition.name)"
                guard let checked = try values.validate(member.value, as: definition, path: path) else { continue }
                object[definition.name] = checked
            }
            guard !object.isEmpty else { continue }
            resource[ext.schema.id] = .object(object)
            present.append(.string(ext.schema.id))
        }
        for member in unknownExtensions {
            resource[member.key] = member.value
            present.append(.string(member.key))
        }
        resource["schemas"] = .array(present)
        result.resource = resource
        return result
    }

    /// A Group's `members`: each element must be an object with a non-empty `value`; exact duplicates
    /// (same `value`) are dropped, keeping the first.
    private mutating func validateMembers(_ value: JSONValue, as definition: AttributeDefinition) throws(SCIMError) -> [ValidatedResource.Member] {
        let elements: [JSONValue]
        let indexed: Bool
        switch value {
        case .null: return []
        case .array(let array): (elements, indexed) = (array, true)
        default: (elements, indexed) = ([value], false)
        }
        var members: [ValidatedResource.Member] = []
        var seen: Set<String> = []
        for (index, element) in elements.enumerated() where !element.isNull {
            let path = indexed ? "members[\(index)]" : "members"
            guard case .object = element else {
                throw AttributeValueValidator.typeError(path, expected: "an object with a 'value' member id", got: element)
            }
            let checked = try values.validateSingle(element, as: definition, path: path)?.objectValue ?? JSONObject()
            guard case .string(let id)? = checked["value"], !id.isEmpty else {
                throw .invalidValue("Attribute '\(path).value' is required: each member needs the non-empty id of a User or Group")
            }
            guard seen.insert(id).inserted else { continue }
            members.append(.init(value: id, type: checked["type"]?.stringValue, display: checked["display"]?.stringValue))
        }
        return members
    }

    // MARK: Phase 3: required attributes

    private func checkRequired(_ result: ValidatedResource) throws(SCIMError) {
        let resource = result.resource
        for definition in resourceType.schema.attributes + SchemaDefinition.commonAttributes where definition.required {
            try Self.requireValue(resource[definition.name], path: definition.name)
        }
        for ext in resourceType.extensions {
            guard let object = resource[ext.schema.id]?.objectValue else {
                if ext.required {
                    throw .invalidValue("The schema extension '\(ext.schema.id)' is required for \(resourceType.name) resources")
                }
                continue
            }
            for definition in ext.schema.attributes where definition.required {
                try Self.requireValue(object[definition.name], path: "\(ext.schema.id):\(definition.name)")
            }
        }
    }

    private static func requireValue(_ value: JSONValue?, path: String) throws(SCIMError) {
        let missing =
            switch value {
            case nil, .null?: true
            case .string(let text)?: text.trimmingASCIIWhitespace().isEmpty
            default: false
            }
        if missing {
            throw .invalidValue("Attribute '\(path)' is required and must not be empty")
        }
    }
}
