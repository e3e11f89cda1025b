import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// Malformed requests get the right status and `scimType`, change nothing (the log does not
/// move), and are journaled.
@Suite struct MalformedRequestTests {
    /// One malformed request against a directory holding user `USER` (userName "alice") and group `GROUP`.
    struct Case: CustomTestStringConvertible, Sendable {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var status: Int
        var scimType: String?

        var testDescription: String { "\(method) \(uri) \(body ?? "") → \(status) \(scimType ?? "")" }
    }

    static let cases: [Case] = [
        Case(method: .post, uri: "/scim/v2/Users", body: #"{"acve": tre, "#, status: 400, scimType: "invalidSyntax"),
        Case(method: .post, uri: "/scim/v2/Users", body: nil, status: 400, scimType: "invalidSyntax"),
        Case(method: .post, uri: "/scim/v2/Users", body: "[1, 2]", status: 400, scimType: "invalidSyntax"),
        Case(method: .post, uri: "/scim/v2/Users", body: #"{"userame": "OMalley"}"#, status: 400, scimType: "invalidValue"),
        Case(method: .post, uri: "/scim/v2/Users", body: #"{"userName": "bob", "active": "maybe"}"#, status: 400, scimType: "invalidValue"),
        Case(method: .post, uri: "/scim/v2/Users", body: #"{"userName": "bob", "emails": [{"value": "a", "primary": true}, {"value": "b", "primary": true}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .post, uri: "/scim/v2/Users", body: #"{"userName": "ALICE"}"#, status: 409, scimType: "uniqueness"),
        Case(method: .post, uri: "/scim/v2/Groups", body: #"{"displayName": "crew", "members": [{"display": "no value"}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .put, uri: "/scim/v2/Users/USER", body: #"{"id": "USER", "userame": "OMalley", "active": false, "addresses": [}"#, status: 400, scimType: "invalidSyntax"),
        Case(method: .put, uri: "/scim/v2/Users/USER", body: #"{"active": false}"#, status: 400, scimType: "invalidValue"),
        Case(method: .put, uri: "/scim/v2/Users/missing", body: #"{"userName": "x"}"#, status: 404, scimType: nil),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": {"op": "add"}}"#, status: 400, scimType: "invalidSyntax"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"schemas": ["urn:wrong"], "Operations": []}"#, status: 400, scimType: "invalidSyntax"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "merge", "path": "title", "value": "x"}]}"#, status: 400, scimType: "invalidSyntax"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "add", "path": "emails[type eq", "value": "x"}]}"#, status: 400, scimType: "invalidPath"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "replace", "path": "title"}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "remove"}]}"#, status: 400, scimType: "noTarget"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "replace", "path": "id", "value": "other"}]}"#, status: 400, scimType: "mutability"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "remove", "path": "userName"}]}"#, status: 400, scimType: "mutability"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "replace", "path": "active", "value": "perhaps"}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .patch, uri: "/scim/v2/Users/USER", body: #"{"Operations": [{"op": "replace", "path": "title", "value": "ok"}, {"op": "replace", "path": "userName", "value": ["a", "b"]}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .patch, uri: "/scim/v2/Groups/GROUP", body: #"{"Operations": [{"op": "remove", "path": "members[display eq \"x\"]"}]}"#, status: 400, scimType: "invalidFilter"),
        Case(method: .patch, uri: "/scim/v2/Groups/GROUP", body: #"{"Operations": [{"op": "add", "path": "members", "value": [{"value": "GROUP"}]}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .get, uri: "/scim/v2/Users?filter=userName%20eq", body: nil, status: 400, scimType: "invalidFilter"),
        Case(method: .get, uri: "/scim/v2/Users?filter=(userName%20eq%20%22a%22", body: nil, status: 400, scimType: "invalidFilter"),
        Case(method: .get, uri: "/scim/v2/Users?filter=active%20gt%20true", body: nil, status: 400, scimType: "invalidFilter"),
        Case(method: .get, uri: "/scim/v2/Users?sortOrder=sideways", body: nil, status: 400, scimType: "invalidValue"),
        Case(method: .get, uri: "/scim/v2/Users?count=ten", body: nil, status: 400, scimType: "invalidValue"),
        Case(method: .get, uri: "/scim/v2/Users?startIndex=1&cursor=", body: nil, status: 400, scimType: "invalidValue"),
        Case(method: .get, uri: "/scim/v2/Users?cursor=bm90LWEtY3Vyc29y", body: nil, status: 400, scimType: "invalidCursor"),
        Case(method: .get, uri: "/scim/v2/Users?attributes=emails%5Btype", body: nil, status: 400, scimType: "invalidValue"),
        Case(method: .post, uri: "/scim/v2/Users/.search", body: #"{"filter": "userName eq"}"#, status: 400, scimType: "invalidFilter"),
        Case(method: .post, uri: "/scim/v2/.search", body: #"{"count": "many"}"#, status: 400, scimType: "invalidValue"),
        Case(method: .post, uri: "/scim/v2/Bulk", body: #"{"Operations": [{"method": "GET", "path": "/Users"}]}"#, status: 400, scimType: "invalidValue"),
        Case(method: .get, uri: "/scim/v2/Widgets", body: nil, status: 404, scimType: nil),
        Case(method: .delete, uri: "/scim/v2/Users", body: nil, status: 405, scimType: nil),
        Case(method: .get, uri: "/scim/v2/Schemas/urn:nope", body: nil, status: 404, scimType: nil),
    ]

    @Test(arguments: cases)
    func malformedRequestChangesNothing(_ malformed: Case) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let user = try await client.createUser("alice")
            let group = try await client.createGroup("team")
            let before = server.eventCount
            let journaled = try await server.journalEntries().count
            func fill(_ text: String) -> String {
                text.replacingOccurrences(of: "USER", with: user).replacingOccurrences(of: "GROUP", with: group)
            }
            let reply = try await client.send(malformed.method, fill(malformed.uri), json: malformed.body.map(fill))
            #expect(reply.status == malformed.status, "\(reply.body)")
            #expect(reply.scimType == malformed.scimType)
            #expect(reply["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(reply["status"]?.stringValue == String(malformed.status))
            #expect(reply["detail"]?.stringValue?.isEmpty == false)
            #expect(reply.header("Content-Type") == "application/scim+json")
            #expect(server.eventCount == before, "nothing was appended")
            let entries = try await server.journalEntries()
            #expect(entries.count == journaled + 1)
            #expect(entries.last?.status == malformed.status)
            #expect(entries.last?.scimType == malformed.scimType)
            #expect(try await client.get("/scim/v2/Users/\(user)")["userName"] == "alice")
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
