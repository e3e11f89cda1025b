import Projections
import Testing

@Suite struct JSONValueEqualityTests {
    @Test func objectsWithTheSameMembersInAnotherOrderAreEqualAndHashAlike() {
        let a: JSONValue = ["userName": "bjensen", "active": true, "name": ["givenName": "Barbara"]]
        let b: JSONValue = ["active": true, "name": ["givenName": "Barbara"], "userName": "bjensen"]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func arraysKeepTheirOrder() {
        let a: JSONValue = [1, 2]
        let b: JSONValue = [2, 1]
        #expect(a != b)
    }

    @Test func numbersCompareByLiteral() {
        #expect(JSONValue.number(JSONNumber(literal: "1.0")!) != JSONValue.number(JSONNumber(literal: "1")!))
        #expect(JSONNumber(literal: "01") == nil)
        #expect(JSONNumber(literal: "-0.5e+3") != nil)
        #expect(JSONNumber(literal: "1.") == nil)
    }

    @Test func caseInsensitiveLookupKeepsTheStoredSpelling() {
        var object = JSONObject([.init(key: "userName", value: "bjensen")])
        #expect(object.value(caseInsensitiveKey: "USERNAME") == "bjensen")
        object.setValue("barbara", caseInsensitiveKey: "username")
        #expect(object.keys == ["userName"])
        #expect(object["userName"] == "barbara")
        object.setValue(nil, caseInsensitiveKey: "UserName")
        #expect(object.isEmpty)
    }
}

@Suite struct JSONObjectRenameTests {
    @Test func renamingKeepsThePositionAndNeverDuplicatesAKey() {
        var object = JSONObject([.init(key: "a", value: 1), .init(key: "UserName", value: "x"), .init(key: "userName", value: "y")])
        object.renameMember(at: 1, to: "userName")
        #expect(object.keys == ["a", "userName"])
        #expect(object["userName"] == "x")
    }
}
