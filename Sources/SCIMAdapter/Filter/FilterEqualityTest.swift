import Projections

/// An `attribute eq value` condition every matching resource must satisfy, for answering a filter
/// from an index before confirming each candidate with ``FilterEvaluator``.
///
/// Guarantees: `path` is as written in the filter (compare it with ``AttributePath``'s
/// case-insensitive `==`); for value paths it is the parent attribute plus the compared
/// sub-attribute (`emails[type eq "work"].value eq "x"` yields `emails.value` = `"x"` and
/// `emails.type` = `"work"`). `value` is never `null`. Each test is a necessary condition, not a
/// sufficient one: the evaluator must still confirm candidates (case rules, the other conjuncts,
/// and for value paths that both conditions hold on the same element).
public struct FilterEqualityTest: Sendable, Hashable, CustomStringConvertible {
    public var path: AttributePath
    public var value: JSONValue

    public init(path: AttributePath, value: JSONValue) {
        self.path = path
        self.value = value
    }

    public var description: String { "\(path) eq \(FilterExpression.render(value))" }
}

extension FilterExpression {
    /// The equality tests among the top-level `and` conjuncts of the filter, in filter order.
    ///
    /// Covers `userName eq "x"`, `externalId eq "x"`, `displayName eq "x"`, `id eq "x"`,
    /// `emails.value eq "x"` and `emails[type eq "work"].value eq "x"`; `or`, `not` and other
    /// operators contribute nothing. An empty result means the filter needs a scan.
    public var equalityTests: [FilterEqualityTest] {
        var tests: [FilterEqualityTest] = []
        for conjunct in conjuncts {
            switch conjunct {
            case .comparison(let path, .eq, let value) where !value.isNull:
                tests.append(FilterEqualityTest(path: path, value: value))
            case .valuePath(let parent, let inner):
                for case .comparison(let sub, .eq, let value) in inner.conjuncts
                where !value.isNull && sub.schemaURN == nil && sub.subAttribute == nil {
                    tests.append(FilterEqualityTest(path: parent.appending(subAttribute: sub.name), value: value))
                }
            default:
                continue
            }
        }
        return tests
    }
}
