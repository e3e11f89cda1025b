import Projections
import SCIMAdapter
import Testing

/// Create/replace bodies the validator must reject, with the exact `scimType` and detail.
@Suite struct UserValidationErrorTests {
    let user = ResourceTypeDefinition.user

    @Test func booleanStringsOtherThanTrueOrFalseAreRejected() {
        let error = expectRejection(.invalidValue) { _ = try user.validateResource(["userName": "u", "active": "yes"]) }
        #expect(error?.detail == "Attribute 'active' must be a boolean, got string")
    }

    @Test func singleValuedAttributeWithSeveralValuesIsRejected() {
        let error = expectRejection(.invalidValue) { _ = try user.validateResource(["userName": "u", "displayName": ["a", "b"]]) }
        #expect(error?.detail == "Attribute 'displayName' is single-valued but got an array of 2 values")
    }

    @Test func twoPrimaryValuesAreRejected() {
        let error = expectRejection(.invalidValue) {
            _ = try user.validateResource([
                "userName": "u",
                "emails": [["value": "a@b.c", "primary": true], ["value": "d@e.f", "primary": "True"]],
            ])
        }
        #expect(error?.detail == "Attribute 'emails' has 2 values with 'primary' set to true; at most one value may be primary")
    }

    @Test(arguments: UserValidationErrorTests.typeErrorCases)
    func wrongTypesAreRejectedNamingTheAttribute(_ example: TypeErrorCase) {
        let error = expectRejection(.invalidValue) { _ = try user.validateResource(example.body) }
        #expect(error?.detail == example.detail)
    }

    @Test(arguments: UserValidationErrorTests.bodiesWithoutUserName)
    func missingOrEmptyUserNameIsRejected(body: JSONValue) {
        let error = expectRejection(.invalidValue) { _ = try user.validateResource(body) }
        #expect(error?.detail == "Attribute 'userName' is required and must not be empty")
    }

    @Test(arguments: [JSONValue.array([]), JSONValue.string("text"), JSONValue.number(JSONNumber(42)), JSONValue.null, JSONValue.bool(true)])
    func nonObjectBodyIsInvalidSyntax(body: JSONValue) {
        let error = expectRejection(.invalidSyntax) { _ = try user.validateResource(body) }
        #expect(error?.detail.hasPrefix("The request body must be a JSON object") == true)
    }

    @Test func sameAttributeWithDifferentValuesInTwoSpellingsIsRejected() {
        let error = expectRejection(.invalidValue) {
            _ = try user.validateResource(["userName": "a", "UserName": "b"])
        }
        #expect(error?.detail == "Attribute 'userName' is given more than once with different values; send it once")
    }

    /// Bodies with a wrongly typed value, and the detail each must produce.
    static let typeErrorCases: [TypeErrorCase] = [
        TypeErrorCase(
            body: ["userName": "u", "emails": [["value": "a@b.c", "primary": ["x": 1]]]],
            detail: "Attribute 'emails[0].primary' must be a boolean, got object"
        ),
        TypeErrorCase(
            body: ["userName": "u", "displayName": ["first": "Joy"]],
            detail: "Attribute 'displayName' must be a string, got object"
        ),
        TypeErrorCase(
            body: ["userName": ["a": "b"]],
            detail: "Attribute 'userName' must be a string, got object"
        ),
        TypeErrorCase(
            body: ["userName": "u", "name": "Joy Young"],
            detail: "Attribute 'name' must be an object, got string"
        ),
        TypeErrorCase(
            body: ["userName": "u", "emails": ["a@b.c"]],
            detail: "Attribute 'emails[0]' must be an object, got string"
        ),
        TypeErrorCase(
            body: ["userName": "u", "active": 1],
            detail: "Attribute 'active' must be a boolean, got number"
        ),
        TypeErrorCase(
            body: ["userName": "u", "name": ["givenName": ["Joy"], "familyName": [["x": 1]]]],
            detail: "Attribute 'name.familyName' must be a string, got object"
        ),
        TypeErrorCase(
            body: ["userName": "u", "schemas": "x", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "Sales"],
            detail: "Attribute 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' must be an object of schema attributes, got string"
        ),
        TypeErrorCase(
            body: ["userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": ["A", "B"]]],
            detail: "Attribute 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department' is single-valued but got an array of 2 values"
        ),
        TypeErrorCase(
            body: ["userName": "u", "schemas": [1]],
            detail: "Attribute 'schemas[0]' must be a schema URN string, got number"
        ),
        TypeErrorCase(
            body: ["userName": "u", "photos": [["value": true]]],
            detail: "Attribute 'photos[0].value' must be a reference (a URI string), got boolean"
        ),
    ]

    /// Bodies whose userName is missing or empty.
    static let bodiesWithoutUserName: [JSONValue] = [
        ["displayName": "Joy"],
        ["userName": nil],
        ["userName": ""],
        ["userName": "   "],
        ["userName": []],
        ["id": "x", "meta": ["resourceType": "User"]],
    ]

    struct TypeErrorCase: Sendable, CustomTestStringConvertible {
        var body: JSONValue
        var detail: String
        var testDescription: String { detail }
    }
}
