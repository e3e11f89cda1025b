import Projections

/// Parses the `filter` query parameter (RFC 7644 §3.4.2.2, Figure 1) into a ``FilterExpression``.
///
/// Guarantees:
/// - The whole grammar: `eq ne co sw ew gt ge lt le pr`, `and`, `or`, `not (…)`, parentheses,
///   value paths `emails[type eq "work" and value co "@contoso"]`, sub-attributes and
///   schema-qualified names; `and` binds tighter than `or`; both are left-associative.
///   Operators and the words `and`, `or`, `not`, `true`, `false`, `null` are case-insensitive.
/// - Comparison values are JSON strings (with escapes), numbers, `true`, `false` or `null`. An
///   unquoted word (`externalId eq jyoung`, the old Entra documentation and Microsoft's Postman
///   collection) is tolerated as a string.
/// - Entra's matching form `emails[type eq "work"].value eq "x"` is accepted and means
///   `emails[type eq "work" and value eq "x"]`.
/// - Hostile input cannot exhaust the stack: filters longer than ``maximumLength`` characters or
///   nested deeper than ``maximumNestingDepth`` (parentheses, `not` and value paths together) are
///   rejected before or while parsing.
/// - Every malformed filter throws `SCIMError.invalidFilter` whose detail says what was expected
///   at which character offset (0-based).
public enum FilterParser {
    /// The longest filter accepted, in characters. Entra's filters are under 200 characters; 4096
    /// leaves room for long `or` chains of ids while bounding work per request.
    public static let maximumLength = 4096
    /// The deepest nesting of parentheses, `not (…)` and `[…]` accepted.
    public static let maximumNestingDepth = 32

    /// Parses a filter.
    /// - Throws: `SCIMError.invalidFilter` for any malformed or over-limit filter.
    public static func parse(_ text: String) throws(SCIMError) -> FilterExpression {
        let length = text.unicodeScalars.count
        guard length <= maximumLength else {
            throw .invalidFilter("The filter is \(length) characters long; at most \(maximumLength) are accepted.")
        }
        do {
            var parser = try FilterGrammar(text)
            return try parser.parseWholeFilter()
        } catch {
            throw .invalidFilter("Invalid filter: \(error.message) at offset \(error.offset) of \(FilterExpression.quote(text)).")
        }
    }
}

/// The recursive-descent parser behind ``FilterParser`` and ``PatchPath``.
struct FilterGrammar {
    private var tokens: [FilterToken]
    private var position = 0

    init(_ text: String) throws(FilterSyntaxError) {
        tokens = try FilterLexer.tokenize(text)
    }

    private var current: FilterToken { tokens[position] }

    private func peek(_ ahead: Int) -> FilterToken {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func unexpected(_ expected: String) -> FilterSyntaxError {
        FilterSyntaxError(offset: current.offset, message: "expected \(expected), found \(current.display)")
    }

    /// `FILTER` followed by the end of the text.
    mutating func parseWholeFilter() throws(FilterSyntaxError) -> FilterExpression {
        let expression = try parseOr(depth: 0, inValueFilter: false)
        guard case .end = current.kind else { throw unexpected("'and', 'or' or the end of the filter") }
        return expression
    }

    /// `attrPath [ "[" valFilter "]" [ "." subAttr ] ]` followed by the end of the text (a PATCH path).
    mutating func parseWholePatchPath() throws(FilterSyntaxError) -> (AttributePath, FilterExpression?) {
        guard let word = current.word else { throw unexpected("an attribute name") }
        var path = try AttributePath.parseWord(Substring(word), offset: current.offset)
        advance()
        var filter: FilterExpression?
        if case .openBracket = current.kind {
            guard path.subAttribute == nil else {
                throw FilterSyntaxError(
                    offset: current.offset,
                    message: "expected the end of the path; a value filter must follow an attribute, not the sub-attribute \"\(path)\""
                )
            }
            advance()
            filter = try parseOr(depth: 1, inValueFilter: true)
            guard case .closeBracket = current.kind else { throw unexpected("']' closing the value filter of \"\(path)\"") }
            advance()
            if let sub = try parseValuePathSubAttribute() { path.subAttribute = sub }
        }
        guard case .end = current.kind else {
            throw unexpected(filter == nil ? "'[' or the end of the path after \"\(path)\"" : "'.' and a sub-attribute, or the end of the path")
        }
        return (path, filter)
    }

    private mutating func parseOr(depth: Int, inValueFilter: Bool) throws(FilterSyntaxError) -> FilterExpression {
        var left = try parseAnd(depth: depth, inValueFilter: inValueFilter)
        while current.isKeyword("or") {
            advance()
            let right = try parseAnd(depth: depth, inValueFilter: inValueFilter)
            left = .or(left, right)
        }
        return left
    }

    private mutating func parseAnd(depth: Int, inValueFilter: Bool) throws(FilterSyntaxError) -> FilterExpression {
        var left = try parseUnary(depth: depth, inValueFilter: inValueFilter)
        while current.isKeyword("and") {
            advance()
            let right = try parseUnary(depth: depth, inValueFilter: inValueFilter)
            left = .and(left, right)
        }
        return left
    }

    private func checkDepth(_ depth: Int) throws(FilterSyntaxError) {
        guard depth < FilterParser.maximumNestingDepth else {
            throw FilterSyntaxError(offset: current.offset, message: "nesting deeper than \(FilterParser.maximumNestingDepth) levels")
        }
    }

    private mutating func parseUnary(depth: Int, inValueFilter: Bool) throws(FilterSyntaxError) -> FilterExpression {
        if current.isKeyword("not"), case .openParen = peek(1).kind {
            try checkDepth(depth + 1)
            advance()
            advance()
            let inner = try parseOr(depth: depth + 1, inValueFilter: inValueFilter)
            guard case .closeParen = current.kind else { throw unexpected("')' closing 'not ('") }
            advance()
            return .not(inner)
        }
        if case .openParen = current.kind {
            try checkDepth(depth + 1)
            advance()
            let inner = try parseOr(depth: depth + 1, inValueFilter: inValueFilter)
            guard case .closeParen = current.kind else { throw unexpected("')'") }
            advance()
            return inner
        }
        return try parseAttributeExpression(depth: depth, inValueFilter: inValueFilter)
    }

    private mutating func parseAttributeExpression(depth: Int, inValueFilter: Bool) throws(FilterSyntaxError) -> FilterExpression {
        guard let word = current.word, !word.isKeyword(among: ["and", "or"]) else {
            throw unexpected("an attribute name, '(' or 'not ('")
        }
        let path = try AttributePath.parseWord(Substring(word), offset: current.offset)
        advance()
        if case .openBracket = current.kind {
            guard !inValueFilter else {
                throw FilterSyntaxError(offset: current.offset, message: "a value filter cannot contain another value filter")
            }
            guard path.subAttribute == nil else {
                throw FilterSyntaxError(
                    offset: current.offset,
                    message: "expected an operator; a value filter must follow an attribute, not the sub-attribute \"\(path)\""
                )
            }
            try checkDepth(depth + 1)
            advance()
            let inner = try parseOr(depth: depth + 1, inValueFilter: true)
            guard case .closeBracket = current.kind else { throw unexpected("']' closing the value filter of \"\(path)\"") }
            advance()
            guard let sub = try parseValuePathSubAttribute() else { return .valuePath(path, inner) }
            let test = try parseComparisonTail(AttributePath(name: sub))
            return .valuePath(path, .and(inner, test))
        }
        return try parseComparisonTail(path)
    }

    /// An optional `.subAttr` glued to the `]` of a value path.
    private mutating func parseValuePathSubAttribute() throws(FilterSyntaxError) -> String? {
        guard let word = current.word, word.hasPrefix("."), !current.followsWhitespace else { return nil }
        let name = word.dropFirst()
        try AttributePath.validateName(name, offset: current.offset + 1)
        advance()
        return String(name)
    }

    /// `SP "pr"` or `SP compareOp SP compValue` after an attribute path.
    private mutating func parseComparisonTail(_ path: AttributePath) throws(FilterSyntaxError) -> FilterExpression {
        guard let opWord = current.word else {
            throw unexpected("an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after \"\(path)\"")
        }
        if opWord.equalsIgnoringASCIICase("pr") {
            advance()
            return .present(path)
        }
        guard let op = ComparisonOperator(caseInsensitive: opWord) else {
            throw unexpected("an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after \"\(path)\"")
        }
        advance()
        let value = try parseComparisonValue(after: op)
        return .comparison(path, op, value)
    }

    /// `compValue`: a JSON string, number, `true`, `false`, `null`, or a tolerated unquoted word.
    private mutating func parseComparisonValue(after op: ComparisonOperator) throws(FilterSyntaxError) -> JSONValue {
        switch current.kind {
        case .string(let s):
            advance()
            return .string(s)
        case .word(let w) where !w.isKeyword(among: ["and", "or"]):
            advance()
            if w.equalsIgnoringASCIICase("true") { return .bool(true) }
            if w.equalsIgnoringASCIICase("false") { return .bool(false) }
            if w.equalsIgnoringASCIICase("null") { return .null }
            if let number = JSONNumber(literal: w) { return .number(number) }
            return .string(w)
        default:
            throw unexpected("a value (a quoted string, number, true, false or null) after '\(op.rawValue)'")
        }
    }
}

extension String {
    fileprivate func isKeyword(among keywords: [String]) -> Bool {
        keywords.contains { equalsIgnoringASCIICase($0) }
    }
}
