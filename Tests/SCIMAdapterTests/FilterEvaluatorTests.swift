import Projections
import SCIMAdapter
import Testing

@Suite struct FilterEvaluatorTests {
    static var user: JSONObject {
        var user = FilterPatchFixtures.userObject
        user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = [
            "employeeNumber": "701984", "department": "Sales", "manager": ["value": "26118915-6090-4610-87e4-49d8ca9f808d"],
        ]
        user["roles"] = [["value": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": "True"]]
        return user
    }

    static let cases: [(String, Bool)] = [
        // userName and displayName are caseExact false; id and externalId caseExact true.
        (#"userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee""#, true),
        (#"userName eq "TEST_USER_00AA00AA-BB11-CC22-DD33-44EE44EE44EE""#, true),
        (#"UserName EQ "test_user_00aa00aa-bb11-cc22-dd33-44ee44ee44ee""#, true),
        (#"userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a""#, false),
        (#"displayName eq "TEST user""#, true),
        (#"externalId eq "7fce0092-d52e-4f76-b727-3955bd72c939""#, true),
        (#"externalId eq "7FCE0092-D52E-4F76-B727-3955BD72C939""#, false),
        (#"id eq "2441309d85324e7793ae""#, true),
        (#"id eq "2441309D85324E7793AE""#, false),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "test_user_00aa00aa-bb11-cc22-dd33-44ee44ee44ee""#, true),
        // Substring operators follow caseExact too.
        (#"userName sw "test_user""#, true),
        (#"userName ew "44EE44EE44EE""#, true),
        (#"userName co "BB11""#, true),
        (#"externalId sw "7FCE""#, false),
        (#"userName co """#, true),
        // Multi-valued: any element; complex without sub-attribute compares `value`.
        (#"emails[type eq "work"].value eq "TEST_USER_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@TESTUSER.COM""#, true),
        (#"emails[type eq "home"].value eq "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com""#, false),
        (#"emails.value eq "test.user@example.org""#, true),
        (#"emails eq "test.user@example.org""#, true),
        (#"emails co "example.org""#, true),
        (#"emails.type eq "home""#, true),
        (#"emails[type eq "work" and value co "example.org"]"#, false),
        (#"emails.type eq "work" and emails.value co "example.org""#, true),
        (#"emails[type eq "work" and primary eq true]"#, true),
        (#"emails[Type EQ "WORK"]"#, true),
        (#"emails[not (type eq "work")].value ew ".org""#, true),
        (#"phoneNumbers[type eq "mobile"]"#, false),
        // Booleans, including Entra's string spellings.
        ("active eq true", true),
        ("active eq false", false),
        (#"active eq "True""#, true),
        (#"active ne false"#, true),
        (#"roles[primary eq "True"].value eq "admin""#, true),
        (#"roles[primary eq true]"#, true),
        // dateTime chronologically, offsets and fractions.
        (#"meta.created gt "2018-01-01T00:00:00Z""#, true),
        (#"meta.created eq "2018-03-27T12:59:26-07:00""#, true),
        (#"meta.lastModified lt "2018-03-27T12:59:26-07:00""#, false),
        (#"meta.lastModified le "2018-03-27T12:59:26-07:00""#, true),
        (#"meta.lastModified ge "2018-03-27T19:59:26Z""#, true),
        (#"meta.created lt "2018-03-27T19:59:26.0000001Z""#, true),
        ("meta.Created gt 2015-10-10T14:38:21.8617979-07:00", true),
        (#"meta.created sw "2018-03""#, true),
        // pr, ne, not, null.
        ("title pr", true),
        ("nickName pr", false),
        ("name pr", true),
        ("emails pr", true),
        ("not (nickName pr)", true),
        (#"title ne "Engineer""#, false),
        (#"title ne "engineer""#, false),
        (#"nickName ne "x""#, true),
        ("nickName eq null", true),
        ("title eq null", false),
        ("title ne null", true),
        // Logic.
        (#"title eq "Engineer" and active eq true"#, true),
        (#"title eq "Manager" or active eq true"#, true),
        (#"title eq "Manager" or active eq false and title pr"#, false),
        (#"(title eq "Manager" or active eq true) and title pr"#, true),
        // Extension attributes, qualified or not; manager compares its value.
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#, true),
        (#"employeeNumber eq "701984""#, true),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "SALES""#, true),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#, true),
        ("id eq 2441309d85324e7793ae and manager eq 26118915-6090-4610-87e4-49d8ca9f808d", true),
        ("id eq 2441309d85324e7793ae and manager eq 00000000-0000-0000-0000-000000000000", false),
        // Unknown attributes match nothing, without error.
        (#"favouriteColour eq "blue""#, false),
        ("favouriteColour pr", false),
        (#"not (favouriteColour eq "blue")"#, true),
        (#"urn:example:unknown:2.0:User:title eq "Engineer""#, false),
        (#"name.nickname eq "x""#, false),
        (#"emails[colour eq "red"]"#, false),
        // Type mismatches never match.
        (#"active eq "maybe""#, false),
        (#"userName eq true"#, false),
    ]

    @Test(arguments: cases)
    func evaluates(_ filter: String, _ expected: Bool) throws {
        let evaluator = try FilterEvaluator(parsing: filter, resourceType: FilterPatchFixtures.user)
        #expect(evaluator.matches(Self.user) == expected)
    }

    static let unevaluable: [String] = [
        "active gt true",
        "active le false",
        #"emails gt "a""#,
        #"name eq "x""#,
        #"name co "x""#,
        #"active co "t""#,
        #"meta.created gt "yesterday""#,
        #"meta.created eq "2018-13-01T00:00:00Z""#,
        "title gt null",
        "title co null",
        #"userName[type eq "x"]"#,
        #"name.givenName[type eq "x"]"#,
    ]

    @Test(arguments: unevaluable)
    func rejectsUnevaluableFilter(_ filter: String) {
        let error = #expect(throws: SCIMError.self) {
            try FilterEvaluator(parsing: filter, resourceType: FilterPatchFixtures.user)
        }
        #expect(error?.scimType == .invalidFilter)
    }

    @Test func numbersCompareNumerically() throws {
        let schema = SchemaDefinition(
            id: "urn:example:params:scim:schemas:core:2.0:Device", name: "Device", description: "",
            attributes: [
                AttributeDefinition(name: "port", type: .integer),
                AttributeDefinition(name: "ratio", type: .decimal),
                AttributeDefinition(name: "tags", type: .string, multiValued: true),
            ]
        )
        let type = ResourceTypeDefinition(name: "Device", endpoint: "/Devices", description: "", schema: schema, extensions: [])
        let device: JSONValue = ["port": 8080, "ratio": 0.25, "tags": ["Blue", "green"]]
        let expectations: [(String, Bool)] = [
            ("port gt 443", true), ("port eq 8080.0", true), ("port lt 10000", true), ("port ge 8081", false),
            ("ratio lt 0.3", true), ("ratio eq 2.5e-1", true), (#"port eq "8080""#, true),
            (#"tags eq "blue""#, true), (#"tags sw "gr""#, true), (#"tags eq "red""#, false),
        ]
        for (filter, expected) in expectations {
            let evaluator = try FilterEvaluator(parsing: filter, resourceType: type)
            #expect(evaluator.matches(device.testObject) == expected, "\(filter)")
        }
        let error = #expect(throws: SCIMError.self) { try FilterEvaluator(parsing: #"port co "80""#, resourceType: type) }
        #expect(error?.scimType == .invalidFilter)
    }

    @Test func storedStringBooleansCountAsBooleans() throws {
        var user = Self.user
        user["active"] = "False"
        #expect(try FilterEvaluator(parsing: "active eq false", resourceType: FilterPatchFixtures.user).matches(user))
    }

    @Test func extensionObjectKeyIsMatchedCaseInsensitively() throws {
        var user = FilterPatchFixtures.userObject
        user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = nil
        user["URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER"] = ["Department": "Retail"]
        let evaluator = try FilterEvaluator(parsing: #"department eq "retail""#, resourceType: FilterPatchFixtures.user)
        #expect(evaluator.matches(user))
    }

    @Test func emptyStringIsNotPresent() throws {
        var user = Self.user
        user["title"] = ""
        #expect(try !FilterEvaluator(parsing: "title pr", resourceType: FilterPatchFixtures.user).matches(user))
        user["emails"] = []
        #expect(try !FilterEvaluator(parsing: "emails pr", resourceType: FilterPatchFixtures.user).matches(user))
    }

    @Test(arguments: [
        (#"displayName eq "DISPLAYNAME""#, true), (#"externalId eq "8AA1A0C0-C4C3-4BC0-B4A5-2EF676900159""#, false),
        (#"members eq "f648f8d5ea4e4cd38e9c""#, false), (#"members[value eq "f648f8d5ea4e4cd38e9c"]"#, false),
    ])
    func evaluatesGroups(_ filter: String, _ expected: Bool) throws {
        let evaluator = try FilterEvaluator(parsing: filter, resourceType: FilterPatchFixtures.group)
        #expect(evaluator.matches(FilterPatchFixtures.groupObject) == expected)
    }
}
