import Projections
import SCIMAdapter
import Testing

/// Type checks for the data types the standard schemas barely use (integer, decimal, dateTime, binary),
/// against a small custom resource type.
@Suite struct AttributeTypeCheckTests {
    let things: ResourceTypeDefinition = {
        let schema = SchemaDefinition(
            id: "urn:example:schemas:Thing",
            name: "Thing",
            description: "",
            attributes: [
                AttributeDefinition(name: "count", type: .integer),
                AttributeDefinition(name: "weight", type: .decimal),
                AttributeDefinition(name: "since", type: .dateTime),
                AttributeDefinition(name: "blob", type: .binary),
                AttributeDefinition(name: "tags", type: .string, multiValued: true),
            ]
        )
        return ResourceTypeDefinition(name: "Thing", endpoint: "/Things", description: "", schema: schema, extensions: [])
    }()

    @Test func numbersKeepTheirLiteral() throws {
        let weight = try #require(JSONNumber(literal: "1.50"))
        let count = try #require(JSONNumber(literal: "-0"))
        let result = try things.validateResource(["count": .number(count), "weight": .number(weight)])
        #expect(result.resource["count"]?.numberValue?.literal == "-0")
        #expect(result.resource["weight"]?.numberValue?.literal == "1.50")
    }

    @Test func integerRejectsFractionsAndStrings() throws {
        let fraction = try #require(JSONNumber(literal: "1.5"))
        let error = expectRejection(.invalidValue) { _ = try things.validateResource(["count": .number(fraction)]) }
        #expect(error?.detail == "Attribute 'count' must be an integer, got 1.5")
        let stringError = expectRejection(.invalidValue) { _ = try things.validateResource(["count": "1"]) }
        #expect(stringError?.detail == "Attribute 'count' must be an integer, got string")
        let decimalError = expectRejection(.invalidValue) { _ = try things.validateResource(["weight": "1.5"]) }
        #expect(decimalError?.detail == "Attribute 'weight' must be a decimal number, got string")
    }

    @Test(arguments: [
        "2008-01-23T04:56:22Z", "2018-03-27T19:59:26.000Z", "2018-03-27T19:59:26", "2018-03-27T19:59:26+14:00",
        "2018-03-27T19:59:26.5-05:30", "2024-02-29T00:00:00Z", "-0044-03-15T12:00:00Z", "2018-03-27T24:00:00Z", "12018-01-01T00:00:00Z",
    ])
    func validDateTimesAreStoredAsSent(_ text: String) throws {
        let result = try things.validateResource(["since": .string(text)])
        #expect(result.resource["since"] == .string(text))
    }

    @Test(arguments: [
        "2008-01-23", "2008-01-23 04:56:22Z", "2023-02-29T00:00:00Z", "2018-13-01T00:00:00Z", "2018-04-31T00:00:00Z",
        "2018-03-27T19:60:00Z", "2018-03-27T24:00:01Z", "2018-03-27T19:59:26+15:00", "2018-03-27T19:59:26.Z", "18-03-27T19:59:26Z",
        "2018-03-27T19:59:26z", "02018-03-27T19:59:26Z", "2018-03-27T19:59:26+0100", "",
    ])
    func invalidDateTimesAreRejected(_ text: String) {
        let error = expectRejection(.invalidValue) { _ = try things.validateResource(["since": .string(text)]) }
        #expect(error?.detail == "Attribute 'since' must be an xsd:dateTime such as 2008-01-23T04:56:22Z, got '\(text)'")
    }

    @Test func dateTimeMustBeAString() {
        let error = expectRejection(.invalidValue) { _ = try things.validateResource(["since": 1_700_000_000]) }
        #expect(error?.detail == "Attribute 'since' must be an xsd:dateTime string, got number")
    }

    @Test func binaryIsAString() throws {
        #expect(try things.validateResource(["blob": "U2F5IENoZWVzZSE="]).resource["blob"] == "U2F5IENoZWVzZSE=")
        let error = expectRejection(.invalidValue) { _ = try things.validateResource(["blob": ["bytes": 1]]) }
        #expect(error?.detail == "Attribute 'blob' must be a base64-encoded string, got object")
    }

    @Test func multiValuedSimpleAttributes() throws {
        #expect(try things.validateResource(["tags": "a"]).resource["tags"] == ["a"])
        #expect(try things.validateResource(["tags": ["a", nil, "b"]]).resource["tags"] == ["a", "b"])
        let error = expectRejection(.invalidValue) { _ = try things.validateResource(["tags": ["a", ["b"]]]) }
        #expect(error?.detail == "Attribute 'tags[1]' must be a string, got array")
    }

    @Test func resourceTypeWithoutRequiredAttributesAcceptsAnEmptyBody() throws {
        let result = try things.validateResource([:])
        #expect(JSONValue.object(result.resource) == ["schemas": ["urn:example:schemas:Thing"]])
    }

    @Test func requiredExtensionMustBePresent() {
        let extensionSchema = SchemaDefinition(
            id: "urn:example:schemas:Extra",
            name: "Extra",
            description: "",
            attributes: [AttributeDefinition(name: "level", type: .string, required: true)]
        )
        let type = ResourceTypeDefinition(
            name: "Thing",
            endpoint: "/Things",
            description: "",
            schema: things.schema,
            extensions: [.init(schema: extensionSchema, required: true)]
        )
        let missing = expectRejection(.invalidValue) { _ = try type.validateResource(["count": 1]) }
        #expect(missing?.detail == "The schema extension 'urn:example:schemas:Extra' is required for Thing resources")
        let empty = expectRejection(.invalidValue) { _ = try type.validateResource(["urn:example:schemas:Extra": ["level": " "]]) }
        #expect(empty?.detail == "Attribute 'urn:example:schemas:Extra:level' is required and must not be empty")
    }
}
