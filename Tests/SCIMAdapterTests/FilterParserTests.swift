import Projections
import SCIMAdapter
import Testing

private func path(_ text: String) -> AttributePath {
    (try? AttributePath(parsing: text)) ?? AttributePath(name: "unparsable")
}

private func eq(_ p: String, _ v: JSONValue) -> FilterExpression { .comparison(path(p), .eq, v) }

@Suite struct FilterParserTests {
    static let valid: [(String, FilterExpression)] = [
        // Entra's probes and matching queries (entra-behaviour.md §1.1, §3.4, §3.7).
        (#"userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a""#, eq("userName", "7d420df3-9995-4831-a406-ecf8166f5f6a")),
        (#"userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee""#, eq("userName", "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee")),
        (#"externalId eq "johnwong""#, eq("externalId", "johnwong")),
        ("externalId eq jyoung", eq("externalId", "jyoung")),
        (#"displayName eq "displayName""#, eq("displayName", "displayName")),
        (#"DisplayName eq "BobIsAmazing""#, eq("DisplayName", "BobIsAmazing")),
        (
            #"emails[type eq "work"].value eq "user@contoso.com""#,
            .valuePath(path("emails"), .and(eq("type", "work"), eq("value", "user@contoso.com")))
        ),
        (
            "id eq 54D382A4-2050-4C03-94D1-E769F1D15682 and manager eq 2819c223-7f76-453a-919d-413861904646",
            .and(eq("id", "54D382A4-2050-4C03-94D1-E769F1D15682"), eq("manager", "2819c223-7f76-453a-919d-413861904646"))
        ),
        (#"members[value eq "f648f8d5ea4e4cd38e9c"]"#, .valuePath(path("members"), eq("value", "f648f8d5ea4e4cd38e9c"))),
        // Value paths, sub-attributes, schema-qualified names.
        (
            #"emails[type eq "work" and value co "@contoso"]"#,
            .valuePath(path("emails"), .and(eq("type", "work"), .comparison(path("value"), .co, "@contoso")))
        ),
        (
            #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
            .comparison(
                AttributePath(schemaURN: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", name: "manager"), .eq,
                "26118915-6090-4610-87e4-49d8ca9f808d")
        ),
        (
            #"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName sw "J""#,
            .comparison(AttributePath(schemaURN: "urn:ietf:params:scim:schemas:core:2.0:User", name: "name", subAttribute: "givenName"), .sw, "J")
        ),
        (#"meta.lastModified gt "2011-05-13T04:42:34Z""#, .comparison(path("meta.lastModified"), .gt, "2011-05-13T04:42:34Z")),
        // Operators, keywords and literals.
        ("title pr", .present(path("title"))),
        ("TITLE PR", .present(path("TITLE"))),
        (#"userName Eq "x""#, eq("userName", "x")),
        ("active eq true", eq("active", true)),
        ("active EQ False", eq("active", false)),
        ("nickName eq null", eq("nickName", nil)),
        ("age gt 5", .comparison(path("age"), .gt, 5)),
        ("score le -1.5e3", .comparison(path("score"), .le, .number(JSONNumber(literal: "-1.5e3") ?? JSONNumber(0)))),
        (#"displayName eq "a \"quoted\" \\ name \u00e9 \ud83d\ude00""#, eq("displayName", "a \"quoted\" \\ name é 😀")),
        (#"userName ne "a""#, .comparison(path("userName"), .ne, "a")),
        (#"userName ew "@contoso.com""#, .comparison(path("userName"), .ew, "@contoso.com")),
        // Logic, precedence and grouping.
        (#"not (userName eq "a")"#, .not(eq("userName", "a"))),
        (#"NOT(userName eq "a")"#, .not(eq("userName", "a"))),
        ("a pr or b pr and c pr", .or(.present(path("a")), .and(.present(path("b")), .present(path("c"))))),
        ("(a pr or b pr) and c pr", .and(.or(.present(path("a")), .present(path("b"))), .present(path("c")))),
        ("a pr and b pr and c pr", .and(.and(.present(path("a")), .present(path("b"))), .present(path("c")))),
        ("a pr or b pr or c pr", .or(.or(.present(path("a")), .present(path("b"))), .present(path("c")))),
        (
            #"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            .and(
                .comparison(path("userType"), .ne, "Employee"),
                .not(.or(.comparison(path("emails"), .co, "example.com"), .comparison(path("emails.value"), .co, "example.org"))))
        ),
        (
            #"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            .or(
                .valuePath(path("emails"), .and(eq("type", "work"), .comparison(path("value"), .co, "@example.com"))),
                .valuePath(path("ims"), .and(eq("type", "xmpp"), .comparison(path("value"), .co, "@foo.com"))))
        ),
        // Microsoft's Postman collection: unquoted values with co and gt.
        (
            "name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)",
            .and(
                eq("name.FamilyName", "Employee"),
                .or(.comparison(path("emails.Value"), .co, "example.com"), .comparison(path("emails.Value"), .co, "example.org")))
        ),
        ("meta.Created gt 2015-10-10T14:38:21.8617979-07:00", .comparison(path("meta.Created"), .gt, "2015-10-10T14:38:21.8617979-07:00")),
        ("userName sw O", .comparison(path("userName"), .sw, "O")),
        ("  userName   eq   \"x\"  ", eq("userName", "x")),
    ]

    @Test(arguments: valid)
    func parsesValidFilter(_ text: String, _ expected: FilterExpression) throws {
        let parsed = try FilterParser.parse(text)
        #expect(parsed == expected)
        // The rendering parses back to the same tree.
        #expect(try FilterParser.parse(parsed.description) == parsed)
    }

    static let malformed: [(String, String)] = [
        ("", "expected an attribute name"),
        ("userName", "expected an operator"),
        ("userName eq", "expected a value"),
        (#"userName equals "x""#, "offset 9"),
        (#"userName eq "x"#, "unterminated string"),
        (#"(userName eq "x""#, "expected ')'"),
        (#"userName eq "x")"#, "expected 'and', 'or' or the end"),
        (#"userName eq "x" and"#, "expected an attribute name"),
        (#"userName eq "x" or"#, "expected an attribute name"),
        (#"userName eq "x" xor title pr"#, "expected 'and', 'or' or the end"),
        (#"emails[type eq "work""#, "expected ']'"),
        (#"emails[type[value eq "x"] eq "y"]"#, "cannot contain another value filter"),
        (#"emails.value[type eq "work"]"#, "value filter must follow an attribute"),
        (#"emails[type eq "work"] .value eq "x""#, "expected 'and', 'or' or the end"),
        (#"1userName eq "x""#, "starting with a letter"),
        (#"user:Name eq "x""#, "unexpected ':'"),
        (#"urn: eq "x""#, "schema URN"),
        (#"urn:ietf:params:scim:schemas:core:2.0:User: eq "x""#, "expected an attribute name after the schema URN"),
        (#"name.givenName.x eq "a""#, "at most one sub-attribute"),
        (#"user@Name eq "a""#, "unexpected character '@'"),
        (#"userName eq "bad \q escape""#, "invalid escape"),
        (#"userName eq "\u12""#, "four hex digits"),
        (#"userName eq "\ud83d""#, "unpaired surrogate"),
        ("userName eq \"tab\there\"", "control character"),
        (#"not userName eq "x""#, "expected an operator"),
        (#"and eq "x""#, "expected an attribute name"),
        (#"userName eq and"#, "expected a value"),
        (#"userName eq ("x")"#, "expected a value"),
        ("()", "expected an attribute name"),
        (#"not ()"#, "expected an attribute name"),
        (#"emails[]"#, "expected an attribute name"),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedFilter(_ text: String, _ detailFragment: String) {
        let error = #expect(throws: SCIMError.self) { try FilterParser.parse(text) }
        #expect(error?.scimType == .invalidFilter)
        #expect(error?.status == 400)
        #expect(error?.detail.contains(detailFragment) == true, "\(error?.detail ?? "no error")")
        #expect(error?.detail.contains("offset") == true)
    }

    @Test func reportsOffsetOfTheOffendingToken() {
        let error = #expect(throws: SCIMError.self) { try FilterParser.parse(#"userName eq "x" and title zz "y""#) }
        #expect(error?.detail.contains("found 'zz'") == true)
        #expect(error?.detail.contains("offset 26") == true)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = FilterParser.maximumNestingDepth
        let text = String(repeating: "(", count: depth - 1) + "title pr" + String(repeating: ")", count: depth - 1)
        #expect(try FilterParser.parse(text) == .present(path("title")))
    }

    @Test(arguments: ["(", "not (", "emails[type eq \"a\" and not ("])
    func rejectsNestingBeyondTheLimit(_ opener: String) {
        let depth = FilterParser.maximumNestingDepth + 5
        let text = String(repeating: opener, count: depth) + "title pr" + String(repeating: ")", count: depth)
        let error = #expect(throws: SCIMError.self) { try FilterParser.parse(text) }
        #expect(error?.scimType == .invalidFilter)
    }

    @Test func rejectsHostileNestingWithoutCrashing() {
        let text = String(repeating: "(", count: 4000)
        let error = #expect(throws: SCIMError.self) { try FilterParser.parse(text) }
        #expect(error?.detail.contains("nesting deeper than") == true)
    }

    @Test func rejectsOverlongFilter() {
        let text = "userName eq \"" + String(repeating: "a", count: FilterParser.maximumLength) + "\""
        let error = #expect(throws: SCIMError.self) { try FilterParser.parse(text) }
        #expect(error?.scimType == .invalidFilter)
        #expect(error?.detail.contains("at most \(FilterParser.maximumLength)") == true)
    }

    @Test func evaluatesTheLongestOrChainWithinTheLengthLimit() throws {
        let terms = (FilterParser.maximumLength + 4) / 8
        let text = Array(repeating: "x pr", count: terms).joined(separator: " or ")
        #expect(text.count <= FilterParser.maximumLength)
        let filter = try FilterParser.parse(text)
        #expect(try FilterParser.parse(filter.description) == filter)
        let evaluator = try FilterEvaluator(filter, resourceType: FilterPatchFixtures.user)
        #expect(!evaluator.matches(FilterPatchFixtures.userObject))
        let ids = (0..<150).map { "id eq \"\($0)\"" }.joined(separator: " or ") + #" or id eq "2441309d85324e7793ae""#
        #expect(try FilterEvaluator(parsing: ids, resourceType: FilterPatchFixtures.user).matches(FilterPatchFixtures.userObject))
    }
}
