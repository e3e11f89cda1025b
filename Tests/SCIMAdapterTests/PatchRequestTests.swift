import Projections
import SCIMAdapter
import Testing

@Suite struct PatchRequestTests {
    @Test(arguments: ["add", "Add", "ADD", "replace", "Replace", "remove", "Remove", "rEmOvE"])
    func opIsCaseInsensitive(_ op: String) throws {
        let request = try PatchRequest(body: patchBody(["op": .string(op), "path": "title", "value": "x"]).testObject)
        #expect(request.operations.first?.kind.rawValue == op.lowercased())
    }

    @Test func parsesOperationsInOrder() throws {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "operations": [
                ["OP": "Replace", "Path": #"emails[type eq "work"].value"#, "Value": "a@b.c"],
                ["op": "remove", "path": "nickName"],
                ["op": "add", "value": ["title": "x"]],
            ],
        ]
        let request = try PatchRequest(body: body.testObject)
        #expect(request.operations.map(\.kind) == [.replace, .remove, .add])
        #expect(request.operations[0].path?.attribute == AttributePath(name: "emails", subAttribute: "value"))
        #expect(request.operations[0].value == "a@b.c")
        #expect(request.operations[1].value == nil)
        #expect(request.operations[2].path == nil)
    }

    @Test func toleratesMissingSchemasAndExtraMembers() throws {
        let body: JSONValue = ["id": "g1", "Operations": [["op": "add", "path": "members", "value": "string id 1", "name": "addMember"]]]
        #expect(try PatchRequest(body: body.testObject).operations.count == 1)
    }

    @Test func emptyOperationsIsANoOp() throws {
        let outcome = try applyPatch(patchBody())
        #expect(outcome.resource == FilterPatchFixtures.userObject)
        #expect(outcome.memberChanges.isEmpty)
        #expect(outcome.warnings.isEmpty)
    }

    @Test(arguments: [nil, "", "  "] as [JSONValue?])
    func nullOrBlankPathMeansNoPath(_ path: JSONValue?) throws {
        var operation = (["op": "replace", "value": ["title": "CTO"]] as JSONValue).testObject
        if let path { operation["path"] = path }
        let outcome = try applyPatch(patchBody(.object(operation)))
        #expect(outcome.resource["title"] == "CTO")
    }

    static let malformed: [(JSONValue, SCIMError.ScimType)] = [
        (["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]], .invalidSyntax),
        (["Operations": ["op": "add", "path": "title", "value": "x"]], .invalidSyntax),
        (["Operations": "add title"], .invalidSyntax),
        (["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "Operations": []], .invalidSyntax),
        (["schemas": "urn:ietf:params:scim:api:messages:2.0:PatchOp", "Operations": []], .invalidSyntax),
        (patchBody("add title"), .invalidSyntax),
        (patchBody(["path": "title", "value": "x"]), .invalidSyntax),
        (patchBody(["op": "copy", "path": "title", "value": "x"]), .invalidSyntax),
        (patchBody(["op": "move", "from": "title", "path": "nickName"]), .invalidSyntax),
        (patchBody(["op": 1, "path": "title", "value": "x"]), .invalidSyntax),
        (patchBody(["op": "remove"]), .noTarget),
        (patchBody(["op": "Remove", "value": [["value": "u1"]]]), .noTarget),
        (patchBody(["op": "add", "path": "title"]), .invalidValue),
        (patchBody(["op": "replace", "path": "title"]), .invalidValue),
        (patchBody(["op": "add", "path": 5, "value": "x"]), .invalidPath),
        (patchBody(["op": "add", "path": #"emails[type eq "work""#, "value": "x"]), .invalidPath),
        (patchBody(["op": "add", "path": "name.givenName.x", "value": "x"]), .invalidPath),
        (patchBody(["op": "add", "path": #"emails[type eq "work"].value.x"#, "value": "x"]), .invalidPath),
        (patchBody(["op": "replace", "path": "user name", "value": "x"]), .invalidPath),
        (patchBody(["op": "remove", "path": #"emails[type eq "work"#]), .invalidPath),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedRequest(_ body: JSONValue, _ scimType: SCIMError.ScimType) {
        let error = #expect(throws: SCIMError.self) { try PatchRequest(body: body.testObject) }
        #expect(error?.scimType == scimType, "\(error?.detail ?? "")")
        #expect(error?.status == 400)
    }

    static let badValues: [(JSONValue, SCIMError.ScimType)] = [
        (patchBody(["op": "replace", "path": "active", "value": "yes"]), .invalidValue),
        (patchBody(["op": "replace", "path": "active", "value": 1]), .invalidValue),
        (patchBody(["op": "replace", "path": "active", "value": [false]]), .invalidValue),
        (patchBody(["op": "replace", "path": "userName", "value": true]), .invalidValue),
        (patchBody(["op": "replace", "path": "userName", "value": ["a": "b"]]), .invalidValue),
        (patchBody(["op": "replace", "path": "name", "value": "Babs Jensen"]), .invalidValue),
        (patchBody(["op": "add", "path": "emails", "value": [true]]), .invalidValue),
        (patchBody(["op": "add", "path": #"emails[type eq "work"].primary"#, "value": "sometimes"]), .invalidValue),
        (patchBody(["op": "replace", "value": "Babs"]), .invalidValue),
        (patchBody(["op": "add", "value": ["a", "b"]]), .invalidValue),
        (patchBody(["op": "replace", "path": "meta.created", "value": "2020-01-01T00:00:00Z"]), .mutability),
        (patchBody(["op": "replace", "path": #"emails[type eq "work" or type eq "home"].value"#, "value": ["x"]]), .invalidValue),
        (patchBody(["op": "replace", "path": #"emails[primary gt true].value"#, "value": "x"]), .invalidFilter),
        (patchBody(["op": "replace", "path": #"title[value eq "x"]"#, "value": "x"]), .invalidPath),
        (
            patchBody(["op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": "Sales"]),
            .invalidValue
        ),
        (patchBody(["op": "replace", "value": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "Sales"]]), .invalidValue),
    ]

    @Test(arguments: badValues)
    func rejectsValuesOfTheWrongShape(_ body: JSONValue, _ scimType: SCIMError.ScimType) {
        let error = #expect(throws: SCIMError.self) { try applyPatch(body) }
        #expect(error?.scimType == scimType, "\(error?.detail ?? "")")
    }

    @Test func programmaticRequestsAreCheckedToo() throws {
        let patcher = ResourcePatcher(resourceType: FilterPatchFixtures.user)
        let noValue = #expect(throws: SCIMError.self) {
            try patcher.apply(PatchRequest(operations: [PatchOperation(.add, path: PatchPath(parsing: "title"))]), to: FilterPatchFixtures.userObject)
        }
        #expect(noValue?.scimType == .invalidValue)
        let noPath = #expect(throws: SCIMError.self) {
            try patcher.apply(PatchRequest(operations: [PatchOperation(.remove)]), to: FilterPatchFixtures.userObject)
        }
        #expect(noPath?.scimType == .noTarget)
        let disable = try PatchRequest(operations: [PatchOperation(.replace, path: PatchPath(parsing: "active"), value: "False")])
        let outcome = try patcher.apply(disable, to: FilterPatchFixtures.userObject)
        #expect(outcome.resource["active"] == false)
    }

    @Test func errorDetailsNameTheAttribute() {
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "Replace", "path": "active", "value": "Nope"]))
        }
        #expect(error?.detail == #""active" expects a boolean (true or false), not "Nope"."#)
    }
}
