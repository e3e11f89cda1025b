import Projections

extension AttributeSelection {
    /// An attribute reference in RFC 7644 §3.10 notation without value filters:
    /// `[schemaURN ":"] attribute ["." subAttribute]`, for example `userName`, `name.givenName`,
    /// `emails.value` or `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
    ///
    /// Guarantees: a parsed path's `attribute` and `subAttribute` are syntactically valid attribute names
    /// (`ALPHA *(ALPHA / DIGIT / "-" / "_")`, or `$ref`-style names starting with `$`); names are kept as the
    /// client spelled them and must be compared case-insensitively. Parsing never consults a schema, so an
    /// unknown attribute parses fine; resolution (``ResourceTypeDefinition/resolve(_:)``) decides what it means.
    /// A path that is just a schema URN (`urn:...:enterprise:2.0:User`) parses with the URN's last segment as
    /// `attribute`; resolution recognises it as a reference to the whole extension.
    public struct Path: Sendable, Hashable, CustomStringConvertible {
        /// The schema URN prefix, when the path is qualified.
        public var schemaURN: String?
        /// The top-level attribute name.
        public var attribute: String
        /// The sub-attribute name, for `attribute.subAttribute` paths.
        public var subAttribute: String?

        public init(schemaURN: String? = nil, attribute: String, subAttribute: String? = nil) {
            self.schemaURN = schemaURN
            self.attribute = attribute
            self.subAttribute = subAttribute
        }

        /// Parses one path; returns `nil` when `text` is not in RFC 7644 §3.10 form (value filters such as
        /// `emails[type eq "work"]` are not accepted here).
        public init?(_ text: some StringProtocol) {
            let text = Substring(text)
            var uri: String?
            var rest = text
            if text.utf8.count > 4, text.prefix(4).equalsIgnoringASCIICase("urn:") {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                let prefix = text[..<colon]
                guard prefix.utf8.count > 4, prefix.utf8.allSatisfy(Path.isURNByte) else { return nil }
                uri = String(prefix)
                rest = text[text.index(after: colon)...]
            }
            let parts = rest.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.allSatisfy(Path.isAttributeName) else { return nil }
            self.schemaURN = uri
            self.attribute = String(parts[0])
            self.subAttribute = parts.count == 2 ? String(parts[1]) : nil
        }

        /// Parses a comma-separated `attributes` or `excludedAttributes` query parameter (RFC 7644 §3.4.2.5).
        ///
        /// Lenient where that is harmless: whitespace around names and empty items (`"a,,b"`, a trailing
        /// comma) are ignored, and `nil` or an empty string yields an empty list.
        /// - Parameters:
        ///   - parameter: the raw (already percent-decoded) parameter value.
        ///   - parameterName: the parameter name, for the error detail.
        /// - Throws: `SCIMError` 400 `invalidValue` when an item is not an attribute path in RFC 7644 §3.10
        ///   form. (RFC 7644 Table 9 lists `invalidValue` for GET requests; `invalidPath` is defined for PATCH.)
        public static func list(_ parameter: String?, parameterName: String) throws(SCIMError) -> [Path] {
            guard let parameter else { return [] }
            var paths: [Path] = []
            for item in parameter.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = item.trimmingASCIIWhitespace()
                if trimmed.isEmpty { continue }
                guard let path = Path(trimmed) else {
                    throw .invalidValue(
                        "The \(parameterName) parameter contains '\(trimmed)', which is not an attribute path; use comma-separated names such as 'userName', 'name.givenName' or 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'"
                    )
                }
                paths.append(path)
            }
            return paths
        }

        public var description: String {
            (schemaURN.map { $0 + ":" } ?? "") + attribute + (subAttribute.map { "." + $0 } ?? "")
        }

        /// `ALPHA *(ALPHA / DIGIT / "-" / "_")`, also allowing a leading `$` for `$ref`.
        static func isAttributeName(_ name: Substring) -> Bool {
            var bytes = name.utf8[...]
            if bytes.first == UInt8(ascii: "$") { bytes = bytes.dropFirst() }
            guard let first = bytes.first, isAlpha(first) else { return false }
            return bytes.allSatisfy { isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        }

        private static func isAlpha(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        /// Bytes allowed in a URN as this server accepts it: printable ASCII except space, quotes, brackets,
        /// and the comma that separates list items.
        private static func isURNByte(_ byte: UInt8) -> Bool {
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "[") && byte != UInt8(ascii: "]")
                && byte != UInt8(ascii: ",")
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces, tabs, carriage returns and line feeds.
    func trimmingASCIIWhitespace() -> SubSequence {
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...last]
    }

    /// The remainder after `prefix` followed by `separator`, when the text starts with them (ASCII case ignored).
    func dropping(caseInsensitivePrefix prefix: some StringProtocol, separator: Character) -> SubSequence? {
        let count = prefix.count
        guard self.count > count, self.prefix(count).equalsIgnoringASCIICase(prefix) else { return nil }
        let separatorIndex = index(startIndex, offsetBy: count)
        guard self[separatorIndex] == separator else { return nil }
        return self[index(after: separatorIndex)...]
    }
}
