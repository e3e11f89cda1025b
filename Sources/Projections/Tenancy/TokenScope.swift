/// What a bearer token may do.
///
/// Guarantees: the raw values are stable (they are stored in `token.issued` events); a scope
/// string this code does not know is dropped when read, so a token never gains a right that the
/// running code cannot check.
public enum TokenScope: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The SCIM endpoint of the token's tenant (what Entra's Secret Token needs).
    case provisioning
    /// The admin API: tenants, tokens, quarantine status.
    case admin

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The scopes named in `strings`, known ones only, sorted and without duplicates.
    static func known(_ strings: some Sequence<String>) -> [TokenScope] {
        Array(Set(strings.compactMap(TokenScope.init(rawValue:)))).sorted()
    }
}
