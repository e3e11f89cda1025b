import Projections

/// The comparison operators of RFC 7644 §3.4.2.2 Table 3 (`pr` is ``FilterExpression/present(_:)``).
///
/// Guarantees: raw values are the lowercase operator spellings; parsing them is case-insensitive.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le

    /// `true` for `gt`, `ge`, `lt`, `le`, which need ordered values.
    public var isOrdering: Bool {
        switch self {
        case .gt, .ge, .lt, .le: true
        default: false
        }
    }

    /// `true` for `co`, `sw`, `ew`, which need string values.
    public var isSubstring: Bool {
        switch self {
        case .co, .sw, .ew: true
        default: false
        }
    }

    /// The operator spelled `text`, ignoring case (`EQ`, `Eq`, `eq`).
    public init?(caseInsensitive text: some StringProtocol) {
        guard let match = Self.allCases.first(where: { $0.rawValue.equalsIgnoringASCIICase(text) }) else { return nil }
        self = match
    }
}

/// A parsed SCIM filter (RFC 7644 §3.4.2.2): the abstract syntax tree the parser produces and the
/// evaluator, query planner and PATCH engine consume.
///
/// Guarantees: produced by ``FilterParser`` only from text within its length and nesting limits,
/// so recursion over the tree is bounded. Comparison values are JSON values exactly as written
/// (`"x"` → `.string`, `42` → `.number`, `true`, `null`); unquoted words the parser tolerates are
/// `.string`s. Inside ``valuePath(_:_:)`` the nested expression's attribute paths are relative to
/// the complex attribute (`type` in `emails[type eq "work"]`) and never contain another value path.
/// `emails[type eq "work"].value eq "x"` (Entra's matching form) is represented as
/// `.valuePath(emails, .and(type eq "work", value eq "x"))`. ``description`` renders a filter that
/// parses back to an equal tree.
public indirect enum FilterExpression: Sendable, Hashable, CustomStringConvertible {
    /// `attrPath op compValue`.
    case comparison(AttributePath, ComparisonOperator, JSONValue)
    /// `attrPath pr`.
    case present(AttributePath)
    /// `filter and filter`.
    case and(FilterExpression, FilterExpression)
    /// `filter or filter`.
    case or(FilterExpression, FilterExpression)
    /// `not (filter)`.
    case not(FilterExpression)
    /// `attrPath[valFilter]`: true when some value of the (complex) attribute matches.
    case valuePath(AttributePath, FilterExpression)

    public var description: String { render(precedence: 0) }

    /// Renders with the parentheses needed at a position of the given binding strength
    /// (0 = anywhere, 1 = left operand of `or`, 2 = left operand of `and` or right operand of `or`,
    /// 3 = right operand of `and`); operators are left-associative, so a right operand of the same
    /// operator keeps its parentheses.
    private func render(precedence: Int) -> String {
        switch self {
        case .comparison(let path, let op, let value):
            return "\(path) \(op.rawValue) \(Self.render(value))"
        case .present(let path):
            return "\(path) pr"
        case .and(let l, let r):
            let text = "\(l.render(precedence: 2)) and \(r.render(precedence: 3))"
            return precedence > 2 ? "(\(text))" : text
        case .or(let l, let r):
            let text = "\(l.render(precedence: 1)) or \(r.render(precedence: 2))"
            return precedence > 1 ? "(\(text))" : text
        case .not(let inner):
            return "not (\(inner.render(precedence: 0)))"
        case .valuePath(let path, let inner):
            return "\(path)[\(inner.render(precedence: 0))]"
        }
    }

    /// A JSON literal for a comparison value.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.literal
        case .string(let s): return quote(s)
        case .array, .object: return quote(value.typeName)
        }
    }

    /// `s` as a JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The operands of a chain of `and`s, left to right (the expression itself when it is no `and`).
    public var conjuncts: [FilterExpression] {
        var result: [FilterExpression] = []
        var pending: [FilterExpression] = [self]
        while let next = pending.popLast() {
            if case .and(let l, let r) = next {
                pending.append(r)
                pending.append(l)
            } else {
                result.append(next)
            }
        }
        return result
    }
}
