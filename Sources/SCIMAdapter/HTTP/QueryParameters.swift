import Projections

/// The query string of a request, decoded the way SCIM clients encode it.
///
/// Guarantees: `+` decodes to a space and `%XX` to its byte (Entra sends both `userName+eq+%22x%22`
/// and `userName%20eq%20%22x%22`); a malformed escape is kept literally; bytes that are not UTF-8
/// are replaced, never crash. A parameter without `=` (`?aadOptscim062020`) has an empty value.
/// Names compare ignoring ASCII case; unknown names are simply never asked for, so they are ignored.
public struct QueryParameters: Sendable, Hashable {
    public private(set) var items: [(name: String, value: String)]

    public init(_ query: String?) {
        items = []
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: "=") {
                items.append((Self.decode(part[..<equals]), Self.decode(part[part.index(after: equals)...])))
            } else {
                items.append((Self.decode(part), ""))
            }
        }
    }

    /// The value of the first parameter named `name` (ignoring case), nil when absent.
    public subscript(name: String) -> String? {
        items.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// Whether a parameter named `name` is present, with or without a value.
    public func contains(_ name: String) -> Bool {
        items.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                    let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(high << 4 | low)
                    iterator.removeFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.items.count == rhs.items.count && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for item in items {
            hasher.combine(item.name)
            hasher.combine(item.value)
        }
    }
}
