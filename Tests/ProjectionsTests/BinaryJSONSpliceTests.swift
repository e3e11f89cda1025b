@testable import Projections
import EventLog
import Testing

/// The fold edits stored resources as bytes; the result must be exactly what decoding, editing the
/// ``JSONObject`` and encoding it again gives.
@Suite struct BinaryJSONSpliceTests {
    static let base: JSONObject = {
        guard case .object(let object) = try? JSONValue(parsing: """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen","active":true,
             "name":{"givenName":"Barbara","familyName":"Jensen"},"emails":[{"value":"b@x.com","type":"work"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tour","manager":{"value":"m1"}},
             "count":42,"ratio":1.50}
            """) else { preconditionFailure() }
        return object
    }()

    static let changes: [[AttributeChange]] = [
        [AttributeChange(path: "userName", old: "bjensen", new: "babs")],
        [AttributeChange(path: "title", old: nil, new: "Boss")],
        [AttributeChange(path: "active", old: true, new: nil)],
        [AttributeChange(path: "name.givenName", old: "Barbara", new: "Babs"), AttributeChange(path: "name.familyName", old: "Jensen", new: nil)],
        [AttributeChange(path: "name.givenName", old: "Barbara", new: nil), AttributeChange(path: "name.familyName", old: "Jensen", new: nil)],
        [AttributeChange(path: "nickName.first", old: nil, new: "B")],
        [AttributeChange(path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", old: ["value": "m1"], new: ["value": "m2"])],
        [AttributeChange(path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", old: "Tour", new: nil),
         AttributeChange(path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", old: ["value": "m1"], new: nil)],
        [AttributeChange(path: "emails", old: nil, new: [["value": "c@x.com", "primary": true]]), AttributeChange(path: "count", old: 42, new: 43)],
        [AttributeChange(path: "userName", old: "bjensen", new: nil), AttributeChange(path: "userName", old: nil, new: "again")],
    ]

    @Test(arguments: 0..<changes.count)
    func splicingEqualsEditingTheDecodedObject(index: Int) throws {
        let changes = Self.changes[index]
        let expected = JSONValue.object(AttributeChange.apply(changes, to: Self.base)).binaryEncoded()
        let encoded = JSONValue.object(Self.base).binaryEncoded()
        let actual = try encoded.withUnsafeBytes { bytes in
            var object = try BinaryJSONObject(bytes)
            for change in changes { try DirectoryProjector.splice(change, into: &object) }
            return object.encoded()
        }
        #expect(actual == expected)
    }

    @Test func unchangedObjectsEncodeToTheirOwnBytes() throws {
        let encoded = JSONValue.object(Self.base).binaryEncoded()
        let again = try encoded.withUnsafeBytes { try BinaryJSONObject($0).encoded() }
        #expect(again == encoded)
    }

    @Test func corruptObjectsThrow() throws {
        let encoded = JSONValue.object(Self.base).binaryEncoded()
        for length in 0..<encoded.count {
            #expect(throws: BinaryDecodingError.self) {
                try Array(encoded.prefix(length)).withUnsafeBytes { _ = try BinaryJSONObject($0) }
            }
        }
    }

    @Test func indexValuesFoldLikeTheStandardLibrary() throws {
        for text in ["ASCII.Name@Example.COM", "Ünïcödé.NAME", "straße", "ΣΊΣΥΦΟΣ"] {
            let folded = Array(text.utf8).withUnsafeBytes { DirectoryIndexValues.folded($0) }
            #expect(folded == Array(text.lowercased().utf8))
        }
    }
}
