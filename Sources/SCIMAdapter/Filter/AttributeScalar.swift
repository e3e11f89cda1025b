import Projections

/// A simple attribute value read according to its schema type, so that filters, sorting and
/// PATCH value matching compare values the way RFC 7644 §3.4.2.2 prescribes.
///
/// Guarantees: strings compare case-insensitively unless the attribute is `caseExact`
/// (Unicode-aware lowercasing, no locale); numbers compare numerically (exactly for integers that
/// fit in 64 bits); booleans accept JSON booleans and the strings `"true"`/`"false"` in any case
/// (Entra sends `"True"`); `dateTime` values compare chronologically (``AttributeInstant``).
/// Values of different kinds never compare equal.
enum AttributeScalar: Sendable, Hashable {
    case string(String)
    case number(integer: Int64?, double: Double)
    case boolean(Bool)
    case instant(AttributeInstant, literal: String)

    /// Reads `value` as the type of `definition`; `nil` when it cannot be one (wrong JSON type,
    /// unparsable date, complex attribute).
    init?(_ value: JSONValue, as definition: AttributeDefinition) {
        switch definition.type {
        case .string, .reference, .binary:
            switch value {
            case .string(let s): self = .string(s)
            case .number(let n): self = .string(n.literal)
            default: return nil
            }
        case .boolean:
            guard let b = Self.boolean(value) else { return nil }
            self = .boolean(b)
        case .integer, .decimal:
            switch value {
            case .number(let n): self = .number(integer: n.int64Value, double: n.doubleValue)
            case .string(let s):
                guard let n = JSONNumber(literal: s) else { return nil }
                self = .number(integer: n.int64Value, double: n.doubleValue)
            default: return nil
            }
        case .dateTime:
            guard case .string(let s) = value, let instant = AttributeInstant(parsing: s) else { return nil }
            self = .instant(instant, literal: s)
        case .complex:
            return nil
        }
    }

    /// A JSON boolean, or a string spelling `true`/`false` in any case.
    static func boolean(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s) where s.equalsIgnoringASCIICase("true"): return true
        case .string(let s) where s.equalsIgnoringASCIICase("false"): return false
        default: return nil
        }
    }

    /// The text `co`, `sw` and `ew` work on, `nil` for non-textual values.
    var text: String? {
        switch self {
        case .string(let s): s
        case .instant(_, let literal): literal
        default: nil
        }
    }

    /// Orders `self` against `other`: negative, zero or positive; `nil` when the kinds differ.
    func compare(to other: AttributeScalar, caseExact: Bool) -> Int? {
        switch (self, other) {
        case let (.string(a), .string(b)):
            let (x, y) = caseExact ? (a, b) : (a.lowercased(), b.lowercased())
            return x == y ? 0 : (x < y ? -1 : 1)
        case let (.number(ai, ad), .number(bi, bd)):
            if let ai, let bi { return ai == bi ? 0 : (ai < bi ? -1 : 1) }
            return ad == bd ? 0 : (ad < bd ? -1 : 1)
        case let (.boolean(a), .boolean(b)):
            return a == b ? 0 : (!a ? -1 : 1)
        case let (.instant(a, _), .instant(b, _)):
            return a == b ? 0 : (a < b ? -1 : 1)
        default:
            return nil
        }
    }

    /// Whether `self` is equal to `other` under the attribute's case rule.
    func isEqual(to other: AttributeScalar, caseExact: Bool) -> Bool {
        compare(to: other, caseExact: caseExact) == 0
    }

    /// Whether `self` satisfies `self op other` for a substring operator (`co`, `sw`, `ew`).
    func matchesSubstring(_ op: ComparisonOperator, _ other: AttributeScalar, caseExact: Bool) -> Bool {
        guard let a = text, let b = other.text else { return false }
        let (x, y) = caseExact ? (a, b) : (a.lowercased(), b.lowercased())
        switch op {
        case .co: return y.isEmpty || x.contains(y)
        case .sw: return x.hasPrefix(y)
        case .ew: return x.hasSuffix(y)
        default: return false
        }
    }
}

extension JSONValue {
    /// Whether the value counts as assigned for `pr` and PATCH (RFC 7643 §2.5 and RFC 7644
    /// §3.4.2.2): not `null`, not an empty string, array or object, and (for objects) holding at
    /// least one assigned member.
    var hasAssignedValue: Bool {
        switch self {
        case .null: false
        case .string(let s): !s.isEmpty
        case .array(let a): a.contains { $0.hasAssignedValue }
        case .object(let o): o.contains { $0.value.hasAssignedValue }
        case .bool, .number: true
        }
    }
}
