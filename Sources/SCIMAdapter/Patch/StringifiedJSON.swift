import Projections

/// Decodes JSON that Entra embeds in a string value, such as the roles it PATCHes without
/// `aadOptscim062020`: `"value": "{\"id\":\"…\",\"value\":\"25\",\"displayName\":\"Role1234\"}"`.
///
/// Guarantees: only objects and arrays are decoded (a string that is merely a name, number or
/// `true` is left alone); strict RFC 8259 syntax through the shared ``JSONParser``; at most
/// ``maximumDepth`` levels of nesting and ``maximumLength`` bytes, so hostile values cannot exhaust
/// the stack; `nil` for anything else.
enum StringifiedJSON {
    static let maximumDepth = 16
    static let maximumLength = 65_536

    /// The object or array `text` encodes, or `nil`.
    static func decode(_ text: String) -> JSONValue? {
        guard text.utf8.count <= maximumLength else { return nil }
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return nil }
        guard let value = try? JSONParser(maximumDepth: maximumDepth).parse(text) else { return nil }
        switch value {
        case .object, .array: return value
        default: return nil
        }
    }
}
