import Projections
import SCIMAdapter
import Testing

/// `manager` (Enterprise User extension) in create/replace bodies: entra-behaviour §3.11, §5 item 10.
@Suite struct ManagerValidationTests {
    let user = ResourceTypeDefinition.user
    let enterprise = SchemaDefinition.URN.enterpriseUser

    private func manager(from body: JSONValue) throws -> JSONValue? {
        lookUp(try user.validateResource(body).resource, .key(enterprise), "manager")
    }

    @Test func bareIdStringBecomesValueObject() throws {
        let body: JSONValue = ["userName": "u", .init(stringLiteral: enterprise): ["manager": "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"]]
        #expect(try manager(from: body) == ["value": "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"])
    }

    @Test func valueObjectInAnyKeyCaseIsStoredCanonically() throws {
        let body: JSONValue = ["userName": "u", .init(stringLiteral: enterprise): ["Manager": ["Value": "m1"]]]
        #expect(try manager(from: body) == ["value": "m1"])
    }

    @Test func oneElementArrayIsUnwrappedAndRefIsKept() throws {
        let body: JSONValue = [
            "userName": "u",
            .init(stringLiteral: enterprise): [
                "manager": [["$ref": "https://example.com/scim/Users/m1", "value": "m1"]]
            ],
        ]
        #expect(try manager(from: body) == ["$ref": "https://example.com/scim/Users/m1", "value": "m1"])
    }

    @Test func fullyQualifiedManagerKeyIsAccepted() throws {
        let body: JSONValue = ["userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": "m1"]
        #expect(try manager(from: body) == ["value": "m1"])
    }

    /// entra-behaviour §1.4 Example 2 sends `manager` unqualified at the top level.
    @Test func unqualifiedTopLevelManagerResolvesToTheEnterpriseExtension() throws {
        let result = try user.validateResource(["userName": "u", "manager": "m1", "department": "Sales"])
        #expect(lookUp(result.resource, .key(enterprise)) == ["manager": ["value": "m1"], "department": "Sales"])
        #expect(lookUp(result.resource, "schemas", 1) == .string(enterprise))
    }

    @Test(arguments: ManagerValidationTests.noManagerShapes)
    func emptyShapesMeanNoManager(_ shape: JSONValue) throws {
        let result = try user.validateResource(["userName": "u", .init(stringLiteral: enterprise): ["manager": shape]])
        #expect(result.resource[enterprise] == nil)
        #expect(lookUp(result.resource, "schemas") == ["urn:ietf:params:scim:schemas:core:2.0:User"])
    }

    static let noManagerShapes: [JSONValue] = [
        "",
        nil,
        [],
        ["value": ""],
        ["value": nil],
        [["value": ""]],
    ]

    @Test func displayNameIsReadOnlyAndIgnored() throws {
        let result = try user.validateResource([
            "userName": "u",
            .init(stringLiteral: enterprise): ["manager": ["value": "m1", "displayName": "The Boss"]],
        ])
        #expect(lookUp(result.resource, .key(enterprise), "manager") == ["value": "m1"])
        #expect(result.warnings == [ValidationWarning(path: "\(enterprise):manager.displayName", reason: .readOnly)])
    }

    @Test func refWithoutValueIsNoManagerWithAWarning() throws {
        let result = try user.validateResource([
            "userName": "u",
            .init(stringLiteral: enterprise): ["manager": ["$ref": "https://example.com/scim/Users/m1"]],
        ])
        #expect(result.resource[enterprise] == nil)
        #expect(result.warnings == [ValidationWarning(path: "\(enterprise):manager", reason: .noValue)])
    }

    @Test func severalManagersAreRejected() {
        let error = expectRejection(.invalidValue) {
            _ = try user.validateResource(["userName": "u", .init(stringLiteral: enterprise): ["manager": ["m1", "m2"]]])
        }
        #expect(error?.detail == "Attribute '\(enterprise):manager' is single-valued but got an array of 2 values")
    }

    @Test func nonStringManagerValueIsRejected() {
        let error = expectRejection(.invalidValue) {
            _ = try user.validateResource(["userName": "u", .init(stringLiteral: enterprise): ["manager": ["value": ["id": "m1"]]]])
        }
        #expect(error?.detail == "Attribute '\(enterprise):manager.value' must be a string, got object")
    }

    @Test func booleanManagerIsRejected() {
        let error = expectRejection(.invalidValue) {
            _ = try user.validateResource(["userName": "u", .init(stringLiteral: enterprise): ["manager": true]])
        }
        #expect(error?.detail == "Attribute '\(enterprise):manager' must be an object, got boolean")
    }
}
