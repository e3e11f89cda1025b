import Projections

/// The `path` of a PATCH operation (RFC 7644 §3.5.2, `PATH = attrPath / valuePath [subAttr]`).
///
/// Guarantees: `attribute` names the attribute the operation targets and, when set, the
/// sub-attribute inside each selected value: for `emails[type eq "work"].value` it is
/// `emails.value` with `valueFilter` `type eq "work"`; for `name.givenName` it is `name.givenName`
/// with no filter. A `valueFilter` never contains a nested value path and its attribute paths are
/// relative to the attribute's values. `text` is the path exactly as the client sent it.
public struct PatchPath: Sendable, Hashable, CustomStringConvertible {
    /// The targeted attribute, with the sub-attribute that follows a value filter if any.
    public var attribute: AttributePath
    /// The value-selection filter between `[` and `]`, if any.
    public var valueFilter: FilterExpression?
    /// The path text as received.
    public var text: String

    public init(attribute: AttributePath, valueFilter: FilterExpression? = nil, text: String? = nil) {
        self.attribute = attribute
        self.valueFilter = valueFilter
        if let text {
            self.text = text
        } else if let valueFilter {
            let sub = attribute.subAttribute.map { ".\($0)" } ?? ""
            self.text = "\(attribute.withoutSubAttribute)[\(valueFilter)]\(sub)"
        } else {
            self.text = attribute.description
        }
    }

    /// Parses a PATCH path such as `members[value eq "2819c223"]`, `emails[type eq "work"].value`,
    /// `name.familyName` or `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
    /// Leading and trailing whitespace is ignored; value filters follow ``FilterParser``'s rules.
    /// - Throws: `SCIMError.invalidPath` saying what was expected at which character offset.
    public init(parsing text: String) throws(SCIMError) {
        let length = text.unicodeScalars.count
        guard length <= FilterParser.maximumLength else {
            throw .invalidPath("The path is \(length) characters long; at most \(FilterParser.maximumLength) are accepted.")
        }
        do {
            var grammar = try FilterGrammar(text)
            let (attribute, filter) = try grammar.parseWholePatchPath()
            self.init(attribute: attribute, valueFilter: filter, text: text)
        } catch {
            throw .invalidPath("Invalid path \(FilterExpression.quote(text)): \(error.message) at offset \(error.offset).")
        }
    }

    public var description: String { text }
}
