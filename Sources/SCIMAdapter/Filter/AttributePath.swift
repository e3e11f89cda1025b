import Projections

/// A reference to a SCIM attribute: an optional schema URN, an attribute name and an optional
/// sub-attribute (the `attrPath` rule of RFC 7644 §3.4.2.2 / §3.10).
///
/// Guarantees: values produced by ``init(parsing:)`` or the filter and PATCH path parsers have a
/// `name` and `subAttribute` that satisfy `ATTRNAME` (`ALPHA *(ALPHA / DIGIT / "-" / "_")`, plus a
/// leading `$` for RFC 7643 names such as `$ref`), and a `schemaURN` that starts with `urn:`.
/// Equality and hashing ignore ASCII case in every component, because attribute names and schema
/// URNs are case-insensitive (RFC 7643 §2.1); the stored spelling is the client's.
/// ``description`` renders the path back to its text form.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN the attribute is qualified with, for example
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`; `nil` when unqualified.
    public var schemaURN: String?
    /// The attribute name, for example `emails`.
    public var name: String
    /// The sub-attribute of a complex attribute, for example `value` in `emails.value`.
    public var subAttribute: String?

    public init(schemaURN: String? = nil, name: String, subAttribute: String? = nil) {
        self.schemaURN = schemaURN
        self.name = name
        self.subAttribute = subAttribute
    }

    /// Parses `attrPath` text such as `userName`, `name.givenName`,
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager` or
    /// `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`.
    ///
    /// The schema URN itself contains `:` and `.` (`2.0`); the attribute name is what follows the
    /// last `:` of text starting with `urn:`, whether or not the URN is known.
    /// - Throws: `SCIMError.invalidPath` saying what was expected at which character offset.
    public init(parsing text: String) throws(SCIMError) {
        let trimmed = text.trimmingFilterWhitespace()
        do {
            self = try AttributePath.parseWord(Substring(trimmed), offset: 0)
        } catch {
            throw .invalidPath("Invalid attribute path \"\(text)\": \(error.message) at offset \(error.offset).")
        }
    }

    /// The same path without its sub-attribute.
    public var withoutSubAttribute: AttributePath {
        AttributePath(schemaURN: schemaURN, name: name)
    }

    /// The path of `sub` under this attribute (keeping the schema URN), for example `emails` + `value`.
    public func appending(subAttribute sub: String) -> AttributePath {
        AttributePath(schemaURN: schemaURN, name: name, subAttribute: sub)
    }

    public var description: String {
        var text = schemaURN.map { "\($0):" } ?? ""
        text += name
        if let subAttribute { text += ".\(subAttribute)" }
        return text
    }

    public static func == (lhs: AttributePath, rhs: AttributePath) -> Bool {
        lhs.name.equalsIgnoringASCIICase(rhs.name)
            && optionalEqualsIgnoringCase(lhs.schemaURN, rhs.schemaURN)
            && optionalEqualsIgnoringCase(lhs.subAttribute, rhs.subAttribute)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(schemaURN.map(\.asciiLowercased))
        hasher.combine(name.asciiLowercased)
        hasher.combine(subAttribute.map(\.asciiLowercased))
    }

    private static func optionalEqualsIgnoringCase(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): a.equalsIgnoringASCIICase(b)
        default: false
        }
    }
}

extension AttributePath {
    /// Parses one lexical word as `[URI ":"] ATTRNAME ["." ATTRNAME]`; `offset` is the word's
    /// position in the enclosing text, for error messages.
    static func parseWord(_ word: Substring, offset: Int) throws(FilterSyntaxError) -> AttributePath {
        guard !word.isEmpty else {
            throw FilterSyntaxError(offset: offset, message: "expected an attribute name")
        }
        var urn: String?
        var rest = word
        var restOffset = offset
        if word.utf8.count >= 4, word.prefix(4).equalsIgnoringASCIICase("urn:") {
            guard let lastColon = word.lastIndex(of: ":"), word.distance(from: word.startIndex, to: lastColon) > 3 else {
                throw FilterSyntaxError(offset: offset, message: "expected a schema URN followed by ':' and an attribute name")
            }
            urn = String(word[..<lastColon])
            rest = word[word.index(after: lastColon)...]
            restOffset = offset + word.unicodeScalars.distance(from: word.startIndex, to: lastColon) + 1
            guard !rest.isEmpty else {
                throw FilterSyntaxError(offset: restOffset, message: "expected an attribute name after the schema URN")
            }
        } else if let colon = word.firstIndex(of: ":") {
            let at = offset + word.unicodeScalars.distance(from: word.startIndex, to: colon)
            throw FilterSyntaxError(offset: at, message: "unexpected ':' (schema URNs start with \"urn:\")")
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            let secondDot = rest.indices.filter { rest[$0] == "." }.dropFirst().first ?? rest.startIndex
            let at = restOffset + rest.unicodeScalars.distance(from: rest.startIndex, to: secondDot)
            throw FilterSyntaxError(offset: at, message: "expected at most one sub-attribute level")
        }
        try validateName(parts[0], offset: restOffset)
        var sub: String?
        if parts.count == 2 {
            let subOffset = restOffset + parts[0].unicodeScalars.count + 1
            try validateName(parts[1], offset: subOffset)
            sub = String(parts[1])
        }
        return AttributePath(schemaURN: urn, name: String(parts[0]), subAttribute: sub)
    }

    /// Checks `ATTRNAME = ALPHA *(nameChar)`, tolerating a leading `$` (`$ref`).
    static func validateName(_ name: Substring, offset: Int) throws(FilterSyntaxError) {
        guard let first = name.unicodeScalars.first else {
            throw FilterSyntaxError(offset: offset, message: "expected an attribute name")
        }
        guard first.isASCIILetter || first == "$" else {
            throw FilterSyntaxError(offset: offset, message: "expected an attribute name starting with a letter, found '\(first)'")
        }
        for (i, scalar) in name.unicodeScalars.enumerated().dropFirst() {
            guard scalar.isASCIILetter || scalar.isASCIIDigit || scalar == "-" || scalar == "_" else {
                throw FilterSyntaxError(offset: offset + i, message: "unexpected character '\(scalar)' in attribute name \"\(name)\"")
            }
        }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    /// Whitespace the filter and path grammars tolerate between tokens.
    var isFilterWhitespace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" }
}

extension StringProtocol {
    /// The text with ASCII letters lowercased (attribute names and URNs are ASCII).
    var asciiLowercased: String {
        String(decoding: utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingFilterWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isFilterWhitespace }),
            let last = scalars.lastIndex(where: { !$0.isFilterWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
