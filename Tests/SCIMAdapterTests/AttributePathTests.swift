import Projections
import SCIMAdapter
import Testing

@Suite struct AttributePathTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    static let attributePaths: [(String, AttributePath)] = [
        ("userName", AttributePath(name: "userName")),
        ("name.givenName", AttributePath(name: "name", subAttribute: "givenName")),
        ("$ref", AttributePath(name: "$ref")),
        ("members.$ref", AttributePath(name: "members", subAttribute: "$ref")),
        ("\(enterprise):manager", AttributePath(schemaURN: enterprise, name: "manager")),
        ("\(enterprise):manager.value", AttributePath(schemaURN: enterprise, name: "manager", subAttribute: "value")),
        (
            "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
            AttributePath(schemaURN: "urn:ietf:params:scim:schemas:core:2.0:User", name: "name", subAttribute: "givenName")
        ),
        (
            "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute",
            AttributePath(schemaURN: "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User", name: "CustomAttribute")
        ),
        ("URN:x:y:attr", AttributePath(schemaURN: "URN:x:y", name: "attr")),
    ]

    @Test(arguments: attributePaths)
    func parsesAttributePath(_ text: String, _ expected: AttributePath) throws {
        let parsed = try AttributePath(parsing: text)
        #expect(parsed.schemaURN == expected.schemaURN)
        #expect(parsed.name == expected.name)
        #expect(parsed.subAttribute == expected.subAttribute)
        #expect(parsed.description == text)
    }

    @Test func equalityIgnoresCase() {
        let a = AttributePath(schemaURN: Self.enterprise, name: "manager", subAttribute: "value")
        let b = AttributePath(schemaURN: Self.enterprise.uppercased(), name: "MANAGER", subAttribute: "Value")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(AttributePath(name: "emails") != AttributePath(name: "emails", subAttribute: "value"))
    }

    @Test(arguments: ["", "1abc", "a.b.c", "na me", "a:b", "urn:", "urn:x:", "name.", ".name", "emails[type eq \"x\"]"])
    func rejectsMalformedAttributePath(_ text: String) {
        let error = #expect(throws: SCIMError.self) { try AttributePath(parsing: text) }
        #expect(error?.scimType == .invalidPath)
    }

    static let patchPaths: [(String, AttributePath, FilterExpression?)] = [
        ("members", AttributePath(name: "members"), nil),
        ("name.familyName", AttributePath(name: "name", subAttribute: "familyName"), nil),
        (
            #"emails[type eq "work"].value"#, AttributePath(name: "emails", subAttribute: "value"),
            .comparison(AttributePath(name: "type"), .eq, "work")
        ),
        (
            #"addresses[type eq "work"].postalCode"#, AttributePath(name: "addresses", subAttribute: "postalCode"),
            .comparison(AttributePath(name: "type"), .eq, "work")
        ),
        (
            #"roles[primary eq "True"].display"#, AttributePath(name: "roles", subAttribute: "display"),
            .comparison(AttributePath(name: "primary"), .eq, "True")
        ),
        (
            #"emails[primary eq true].value"#, AttributePath(name: "emails", subAttribute: "value"),
            .comparison(AttributePath(name: "primary"), .eq, true)
        ),
        (
            #"members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]"#, AttributePath(name: "members"),
            .comparison(AttributePath(name: "value"), .eq, "7f4bc1a3-285e-48ae-8202-5accb43efb0e")
        ),
        (
            #"\#(enterprise):manager[value eq "id"]"#, AttributePath(schemaURN: enterprise, name: "manager"),
            .comparison(AttributePath(name: "value"), .eq, "id")
        ),
        ("\(enterprise):employeeNumber", AttributePath(schemaURN: enterprise, name: "employeeNumber"), nil),
        (
            #"emails[type eq "work:x" and value co "]"].display"#, AttributePath(name: "emails", subAttribute: "display"),
            .and(.comparison(AttributePath(name: "type"), .eq, "work:x"), .comparison(AttributePath(name: "value"), .co, "]"))
        ),
        (" userName ", AttributePath(name: "userName"), nil),
    ]

    @Test(arguments: patchPaths)
    func parsesPatchPath(_ text: String, _ attribute: AttributePath, _ filter: FilterExpression?) throws {
        let parsed = try PatchPath(parsing: text)
        #expect(parsed.attribute == attribute)
        #expect(parsed.attribute.subAttribute == attribute.subAttribute)
        #expect(parsed.valueFilter == filter)
        #expect(parsed.text == text)
    }

    static let malformedPatchPaths: [String] = [
        "", "emails[", #"emails[type eq "work""#, #"emails[type eq "work"]value"#, #"emails[type eq "work"]. value"#,
        #"emails[type eq "work"].value.x"#, #"emails.value[type eq "work"]"#, #"emails[type eq "work"][value pr]"#,
        "name.givenName extra", "1abc", #"emails[type eq "work"].1x"#, #"emails[type[value pr]]"#, "emails[type zz 1]",
    ]

    @Test(arguments: malformedPatchPaths)
    func rejectsMalformedPatchPath(_ text: String) {
        let error = #expect(throws: SCIMError.self) { try PatchPath(parsing: text) }
        #expect(error?.scimType == .invalidPath)
        #expect(error?.detail.contains("offset") == true)
    }
}
