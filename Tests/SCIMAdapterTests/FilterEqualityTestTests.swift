import Projections
import SCIMAdapter
import Testing

@Suite struct FilterEqualityTestTests {
    private static func test(_ path: String, _ value: JSONValue) -> FilterEqualityTest {
        FilterEqualityTest(path: (try? AttributePath(parsing: path)) ?? AttributePath(name: "unparsable"), value: value)
    }

    static let cases: [(String, [FilterEqualityTest])] = [
        (#"userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a""#, [test("userName", "7d420df3-9995-4831-a406-ecf8166f5f6a")]),
        (#"externalId eq "johnwong""#, [test("externalId", "johnwong")]),
        ("externalId eq jyoung", [test("externalId", "jyoung")]),
        (#"displayName eq "Group One""#, [test("displayName", "Group One")]),
        (#"id eq "abc""#, [test("id", "abc")]),
        (#"emails.value eq "x@contoso.com""#, [test("emails.value", "x@contoso.com")]),
        (
            #"emails[type eq "work"].value eq "x@contoso.com""#,
            [test("emails.type", "work"), test("emails.value", "x@contoso.com")]
        ),
        (
            #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42""#,
            [test("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "42")]
        ),
        (
            "id eq 54D382A4 and manager eq 2819c223",
            [test("id", "54D382A4"), test("manager", "2819c223")]
        ),
        (
            #"userName eq "a" and (title eq "b" or title eq "c") and active eq true"#,
            [test("userName", "a"), test("active", true)]
        ),
        (#"userName eq "a" or userName eq "b""#, []),
        (#"not (userName eq "a")"#, []),
        (#"userName co "a""#, []),
        ("nickName eq null", []),
        (#"emails[type eq "work" or value eq "x"]"#, []),
    ]

    @Test(arguments: cases)
    func extractsEqualityTests(_ filter: String, _ expected: [FilterEqualityTest]) throws {
        #expect(try FilterParser.parse(filter).equalityTests == expected)
    }

    @Test func testsAreNecessaryConditions() throws {
        // Every resource the evaluator accepts satisfies each extracted test.
        let filter = try FilterParser.parse(
            #"emails[type eq "work"].value eq "TEST_USER_11BB11BB-CC22-DD33-EE44-55FF55FF55FF@TESTUSER.COM" and active eq true"#)
        let evaluator = try FilterEvaluator(filter, resourceType: FilterPatchFixtures.user)
        #expect(evaluator.matches(FilterPatchFixtures.userObject))
        for test in filter.equalityTests {
            let single = try FilterEvaluator(.comparison(test.path, .eq, test.value), resourceType: FilterPatchFixtures.user)
            #expect(single.matches(FilterPatchFixtures.userObject), "\(test)")
        }
    }
}
