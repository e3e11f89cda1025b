import Projections
import SCIMAdapter
import Testing

@Suite struct ResourceSorterTests {
    static let users: [JSONObject] = ([
        [
            "id": "a", "userName": "bob", "externalId": "B", "meta": ["created": "2020-01-02T00:00:00Z"],
            "emails": [["value": "z@x.org"], ["value": "b@x.org", "primary": true]], "name": ["familyName": "Young"],
        ],
        [
            "id": "b", "userName": "Alice", "externalId": "a", "meta": ["created": "2020-01-01T23:00:00-05:00"],
            "emails": [["value": "c@x.org"], ["value": "a@x.org"]],
        ],
        ["id": "c", "userName": "carol", "externalId": "C", "meta": ["created": "2019-12-31T00:00:00Z"], "active": true],
        ["id": "d", "userName": "Dave", "meta": ["created": "2020-01-01T12:00:00Z"], "active": false, "emails": []],
    ] as [JSONValue]).map(\.testObject)

    private func ids(_ sorted: [JSONObject]) -> [String] {
        sorted.compactMap { $0["id"]?.stringValue }
    }

    @Test(arguments: [
        ("userName", nil, ["b", "a", "c", "d"]),
        ("userName", "ascending", ["b", "a", "c", "d"]),
        ("USERNAME", "Descending", ["d", "c", "a", "b"]),
        ("externalId", nil, ["a", "c", "b", "d"]),
        ("externalId", "descending", ["d", "b", "c", "a"]),
        ("meta.created", nil, ["c", "d", "a", "b"]),
        ("emails", nil, ["a", "b", "c", "d"]),
        ("emails.value", "descending", ["c", "d", "b", "a"]),
        ("name.familyName", nil, ["a", "b", "c", "d"]),
        ("active", nil, ["d", "c", "a", "b"]),
        ("nickName", nil, ["a", "b", "c", "d"]),
        ("favouriteColour", "descending", ["a", "b", "c", "d"]),
    ] as [(String, String?, [String])])
    func sorts(_ sortBy: String, _ sortOrder: String?, _ expected: [String]) throws {
        let sorter = try ResourceSorter(sortBy: sortBy, sortOrder: sortOrder, resourceType: FilterPatchFixtures.user)
        #expect(ids(sorter.sorted(Self.users)) == expected)
    }

    @Test func comparatorAgreesWithSorted() throws {
        let sorter = try ResourceSorter(sortBy: "userName", resourceType: FilterPatchFixtures.user)
        #expect(ids(Self.users.sorted(by: sorter.areInIncreasingOrder)) == ["b", "a", "c", "d"])
        #expect(!sorter.areInIncreasingOrder(Self.users[0], Self.users[0]))
    }

    @Test func rejectsBadParameters() {
        let complex = #expect(throws: SCIMError.self) {
            try ResourceSorter(sortBy: "name", resourceType: FilterPatchFixtures.user)
        }
        #expect(complex?.scimType == .invalidValue)
        let order = #expect(throws: SCIMError.self) {
            try ResourceSorter(sortBy: "userName", sortOrder: "up", resourceType: FilterPatchFixtures.user)
        }
        #expect(order?.scimType == .invalidValue)
        let path = #expect(throws: SCIMError.self) {
            try ResourceSorter(sortBy: "user name", resourceType: FilterPatchFixtures.user)
        }
        #expect(path?.scimType == .invalidPath)
    }
}
