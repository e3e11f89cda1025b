import Foundation
import HTTPTypes
import Projections
import SCIMAdapter
import Testing

/// Filters (index and scan), sorting, index and cursor pagination, `.search`, attribute selection.
@Suite struct QueryEndpointTests {
    /// Five users as in Microsoft's Postman collection (#44–#55), one group with two of them.
    struct Directory {
        var users: [String: String] = [:]
        var group = ""
    }

    static func populate(_ client: SCIMTestClient) async throws -> Directory {
        var directory = Directory()
        let people: [(String, String, String)] = [
            ("OMalley", "OMalley", "anna33@example.com"), ("emp1", "Employee", "anna33@gmail.com"), ("emp2", "Employee", "e2@example.com"),
            ("emp3", "Employee", "e3@example.org"), ("enterprise", "Employee", "ent@example.net"),
        ]
        for (userName, family, email) in people {
            directory.users[userName] = try await client.createUser(userName, extra: """
                "externalId": "22fbc523-6032-4c5f-939d-5d4850cf3e52", "name": {"familyName": "\(family)"},
                "emails": [{"type": "work", "value": "\(email)"}], "active": \(userName != "emp2")
                """)
        }
        directory.group = try await client.createGroup("Group 1", extra: """
            "members": [{"value": "\(directory.users["emp1"] ?? "")"}, {"value": "\(directory.users["emp2"] ?? "")"}]
            """)
        return directory
    }

    static func encode(_ filter: String) -> String {
        var allowed = ""
        for scalar in filter.unicodeScalars {
            switch scalar {
            case " ": allowed += "%20"
            case "\"": allowed += "%22"
            case "[": allowed += "%5B"
            case "]": allowed += "%5D"
            case "&": allowed += "%26"
            case "+": allowed += "%2B"
            default: allowed.unicodeScalars.append(scalar)
            }
        }
        return allowed
    }

    @Test(arguments: [
        ("name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)", ["emp2", "emp3"]),
        ("name.familyName eq \"Employee\"", ["emp1", "emp2", "emp3", "enterprise"]),
        ("userName sw \"O\"", ["OMalley"]),
        ("userName ew \"2\"", ["emp2"]),
        ("meta.Created gt 2015-10-10T14:38:21.8617979-07:00", ["OMalley", "emp1", "emp2", "emp3", "enterprise"]),
        ("meta.created lt \"2015-10-10T00:00:00Z\"", []),
        ("active eq false", ["emp2"]),
        ("not (active eq true)", ["emp2"]),
        ("emails[type eq \"work\" and value co \"@example\"]", ["OMalley", "emp2", "emp3", "enterprise"]),
        ("externalId eq \"22fbc523-6032-4c5f-939d-5d4850cf3e52\"", ["OMalley", "emp1", "emp2", "emp3", "enterprise"]),
        ("emails.value eq \"ANNA33@GMAIL.COM\"", ["emp1"]),
        ("title pr", []),
        ("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"emp3\"", ["emp3"]),
    ])
    func filters(filter: String, expected: [String]) async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let directory = try await Self.populate(client)
            let reply = try await client.get("/scim/v2/Users?filter=\(Self.encode(filter))")
            #expect(reply.status == 200, "\(reply.body)")
            #expect(Set(reply.resourceIDs) == Set(expected.compactMap { directory.users[$0] }))
            #expect(reply.totalResults == expected.count)
        }
    }

    @Test func indexAnswersEqualScanAnswers() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let directory = try await Self.populate(client)
            for (indexed, scanned) in [
                ("userName eq \"EMP1\"", "userName eq \"EMP1\" or userName eq \"EMP1\""),
                ("externalId eq \"22fbc523-6032-4c5f-939d-5d4850cf3e52\"", "externalId eq \"22fbc523-6032-4c5f-939d-5d4850cf3e52\" or title pr"),
                ("emails[type eq \"work\"].value eq \"e3@example.org\"", "emails[type eq \"work\"].value eq \"e3@example.org\" or title pr"),
                ("id eq \"\(directory.users["emp2"] ?? "")\" and active eq false", "id eq \"\(directory.users["emp2"] ?? "")\" and active eq false or title pr"),
                ("externalId eq \"22FBC523-6032-4c5f-939d-5d4850cf3e52\"", "externalId eq \"22FBC523-6032-4c5f-939d-5d4850cf3e52\" or title pr"),
            ] {
                let a = try await client.get("/scim/v2/Users?filter=\(Self.encode(indexed))")
                let b = try await client.get("/scim/v2/Users?filter=\(Self.encode(scanned))")
                #expect(a.resourceIDs == b.resourceIDs, "\(indexed)")
                #expect(a.totalResults == b.totalResults)
            }
        }
    }

    @Test func groupFiltersOnMembersAndTheLegacyReferenceProbe() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let directory = try await Self.populate(client)
            let emp1 = directory.users["emp1"] ?? ""
            let omalley = directory.users["OMalley"] ?? ""
            for (filter, expected) in [
                ("members eq \"\(emp1)\"", [directory.group]),
                ("members.value eq \"\(emp1)\"", [directory.group]),
                ("members[value eq \"\(emp1)\"]", [directory.group]),
                ("members eq \"\(omalley)\"", []),
                ("id eq \"\(directory.group)\" and members eq \"\(emp1)\"", [directory.group]),
                ("id eq \"\(directory.group)\" and members eq \"\(omalley)\"", []),
                ("members pr", [directory.group]),
                ("not (members eq \"\(omalley)\")", [directory.group]),
                ("displayName eq \"group 1\"", [directory.group]),
            ] {
                let reply = try await client.get("/scim/v2/Groups?excludedAttributes=members&filter=\(Self.encode(filter))")
                #expect(reply.status == 200, "\(filter): \(reply.body)")
                #expect(reply.resourceIDs == expected, "\(filter)")
            }
        }
    }

    @Test func sortingAndIndexPaging() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let directory = try await Self.populate(client)
            let ascending = try await client.get("/scim/v2/Users?sortBy=userName&attributes=userName")
            #expect(ascending.resources.compactMap { lookUp($0, "userName")?.stringValue } == ["emp1", "emp2", "emp3", "enterprise", "OMalley"])
            let descending = try await client.get("/scim/v2/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=2")
            #expect(descending.resourceIDs == ["enterprise", "emp3"].compactMap { directory.users[$0] })
            #expect(descending["startIndex"] == 2 && descending["itemsPerPage"] == 2 && descending.totalResults == 5)
            let page = try await client.get("/scim/v2/Users?startIndex=1&count=2")
            #expect(page.totalResults == 5 && page["itemsPerPage"] == 2)
            let zero = try await client.get("/scim/v2/Users?count=0")
            #expect(zero.totalResults == 5 && zero.resources.isEmpty)
            let past = try await client.get("/scim/v2/Users?startIndex=99")
            #expect(past.totalResults == 5 && past.resources.isEmpty && past["startIndex"] == 99)
            let lenient = try await client.get("/scim/v2/Users?startIndex=-4&count=-1")
            #expect(lenient["startIndex"] == 1 && lenient.resources.isEmpty)
            let capped = try await client.get("/scim/v2/Users?count=100000")
            #expect(capped.resources.count == 5)
        }
    }

    @Test func unsortedCursorsWalkInCreationOrderAndNeverRepeatWhileUsersAreAdded() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            var ids: [String] = []
            for index in 0..<23 { ids.append(try await client.createUser("user\(22 - index)")) }
            var seen: [String] = []
            var cursor = ""
            var added: [String] = []
            while true {
                let reply = try await client.get("/scim/v2/Users?count=5&cursor=\(cursor)&attributes=userName")
                #expect(reply.status == 200, "\(reply.body)")
                #expect(reply["startIndex"] == nil)
                seen += reply.resourceIDs
                guard let next = reply["nextCursor"]?.stringValue else { break }
                cursor = next
                if added.count < 2 { added.append(try await client.createUser("late\(added.count)")) }
            }
            #expect(seen == ids + added, "every user once, in creation order, including those added while paging")
        }
    }

    @Test func sortedCursorsFollowTheSortOrder() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            var names: [String] = []
            for index in 0..<12 {
                let name = "user\(String(index * 7 % 12).count == 1 ? "0" : "")\(index * 7 % 12)"
                names.append(name)
                try await client.createUser(name)
            }
            var seen: [String] = []
            var cursor = ""
            var pages = 0
            while true {
                let reply = try await client.get("/scim/v2/Users?count=5&cursor=\(cursor)&sortBy=userName&sortOrder=descending")
                seen += reply.resources.compactMap { lookUp($0, "userName")?.stringValue }
                pages += 1
                #expect(reply.totalResults == 12)
                guard let next = reply["nextCursor"]?.stringValue else { break }
                cursor = next
            }
            #expect(pages == 3)
            #expect(seen == names.sorted(by: >))
        }
    }

    @Test func aCursorIsBoundToItsQuery() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            for index in 0..<4 { try await client.createUser("u\(index)") }
            let first = try await client.get("/scim/v2/Users?count=2&cursor=&filter=userName%20sw%20%22u%22")
            let cursor = try #require(first["nextCursor"]?.stringValue)
            #expect(first["totalResults"] == nil, "filtered cursor pages do not count everything")
            let same = try await client.get("/scim/v2/Users?count=2&cursor=\(cursor)&filter=userName%20sw%20%22u%22")
            #expect(same.status == 200 && same.resources.count == 2 && same["nextCursor"] == nil)
            let other = try await client.get("/scim/v2/Users?count=2&cursor=\(cursor)&filter=userName%20sw%20%22x%22")
            #expect(other.status == 400 && other.scimType == "invalidCursor")
            let unfiltered = try await client.get("/scim/v2/Users?count=3&cursor=")
            #expect(unfiltered.totalResults == 4)
        }
    }

    @Test func searchEndpoints() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let directory = try await Self.populate(client)
            let users = try await client.post("/scim/v2/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "name.familyName eq \\"Employee\\"",
                 "attributes": ["userName"], "sortBy": "userName", "startIndex": 1, "count": 2}
                """)
            #expect(users.status == 200)
            #expect(users.resourceIDs == ["emp1", "emp2"].compactMap { directory.users[$0] })
            #expect(users.resources.first?.objectValue?.keys == ["schemas", "id", "userName"])
            let groups = try await client.post("/scim/v2/Groups/.search", #"{"filter": "displayName eq \"GROUP 1\"", "excludedAttributes": ["members"]}"#)
            #expect(groups.resourceIDs == [directory.group] && lookUp(groups.resources.first, "members") == nil)
            let everything = try await client.post("/scim/v2/.search", #"{"filter": "externalId pr or displayName pr"}"#)
            #expect(everything.totalResults == 6)
            #expect(everything.resourceIDs.last == directory.group)
            let onlyGroups = try await client.post("/scim/v2/.search", #"{"filter": "displayName eq \"Group 1\""}"#)
            #expect(onlyGroups.resourceIDs == [directory.group])
            let empty = try await client.post("/scim/v2/.search", "{}")
            #expect(empty.totalResults == 6)
        }
    }

    @Test func attributeSelectionOnEveryRead() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let directory = try await Self.populate(client)
            let id = directory.users["emp1"] ?? ""
            let only = try await client.get("/scim/v2/Users/\(id)?attributes=userName,emails.value")
            #expect(only.json?.objectValue?.keys == ["schemas", "id", "userName", "emails"])
            #expect(only["emails"] == [["value": "anna33@gmail.com"]])
            let without = try await client.get("/scim/v2/Users/\(id)?excludedAttributes=emails,meta,groups")
            #expect(without["emails"] == nil && without["meta"] == nil && without["groups"] == nil && without["userName"] == "emp1")
            let withGroups = try await client.get("/scim/v2/Users/\(id)")
            #expect(lookUp(withGroups.json, "groups", 0, "value")?.stringValue == directory.group)
            let list = try await client.get("/scim/v2/Users?attributes=userName")
            #expect(list.resources.allSatisfy { $0.objectValue?.keys == ["schemas", "id", "userName"] })
            let group = try await client.get("/scim/v2/Groups/\(directory.group)?attributes=displayName")
            #expect(group.json?.objectValue?.keys == ["schemas", "id", "displayName"])
            let members = try await client.get("/scim/v2/Groups/\(directory.group)?attributes=members.value")
            #expect(members["members"]?.arrayValue?.count == 2)
            #expect(lookUp(members.json, "members", 0)?.objectValue?.keys == ["value"])
            let patched = try await client.patch("/scim/v2/Groups/\(directory.group)?excludedAttributes=members",
                                                 #"{"Operations": [{"op": "replace", "path": "displayName", "value": "Renamed"}]}"#)
            #expect(patched.status == 200 && patched["members"] == nil && patched["displayName"] == "Renamed")
        }
    }
}

/// The default rendering (no selection) equals the schema-driven renderer's output.
@Suite struct DefaultRenderingTests {
    @Test func defaultRenderingEqualsTheSelectionRenderer() async throws {
        let server = try SCIMTestServer()
        try await server.run { client in
            let boss = try await client.createUser("boss")
            let id = try await client.createUser("alice", extra: """
                "name": {"givenName": "A", "familyName": "B"}, "emails": [{"value": "a@x.example", "primary": true}],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "\(boss)", "department": "R&D"},
                "urn:example:custom:2.0:User": {"badge": "7"}, "password": "secret-password", "active": true
                """)
            _ = try await client.patch("/scim/v2/Users/\(id)", #"{"Operations": [{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}]}"#)
            let group = try await client.createGroup("g", extra: #""members": [{"value": "\#(id)"}, {"value": "unknown"}]"#)
            for uri in ["/scim/v2/Users/\(id)", "/scim/v2/Users/\(boss)", "/scim/v2/Groups/\(group)"] {
                let fast = try await client.get(uri)
                let slow = try await client.get(uri + "?excludedAttributes=notAnAttribute")
                #expect(fast.json == slow.json, "\(uri)")
                #expect(fast.body == slow.body, "same key order too")
            }
        }
    }
}
