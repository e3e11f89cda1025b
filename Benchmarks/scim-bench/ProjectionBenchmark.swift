import EventLog
import Logging
import Projections

/// Rebuild throughput, userName lookup in a large tenant, and membership cost by group size.
enum ProjectionBenchmark {
    static func run(_ arguments: [String]) async throws {
        if arguments.contains("--help") {
            print("scim-bench projections [--users N] [--changes N] [--members N]")
            return
        }
        let userCount = option("users", in: arguments, default: 1_000_000)
        let changeCount = option("changes", in: arguments, default: 200_000)
        let memberCount = option("members", in: arguments, default: 1_000_000)
        let scratch = ScratchDirectory("projections")
        defer { scratch.remove() }
        print("machine: \(machineDescription()); \(grouped(Double(userCount))) users, \(grouped(Double(changeCount))) changes, a group of \(grouped(Double(memberCount))) members")
        print("")

        // Phase 1: write the data with the projection inline, then measure reads and membership.
        let total = try await firstPhase(path: scratch.path, users: userCount, changes: changeCount, members: memberCount)

        // Phase 2: reopen under a new projection version, as after an upgrade, and rebuild everything.
        let (_, projection, store) = try open(scratch.path, version: 2)
        let rebuildCPU = processCPUSeconds()
        let report = try await projection.rebuild(store: store, logger: Logger(label: "bench"), batchSize: 20_000)
        let rebuildCPUSeconds = processCPUSeconds() - rebuildCPU
        print("")
        print("| rebuild and check | events | seconds | events/s | CPU seconds | events per CPU second |")
        print("|---|---:|---:|---:|---:|---:|")
        if let report {
            print("| rebuild after a version bump (folded in memory, written in key order) | \(grouped(Double(report.events))) | \(String(format2: report.seconds)) | \(grouped(report.eventsPerSecond)) | \(String(format2: rebuildCPUSeconds)) | \(grouped(Double(report.events) / rebuildCPUSeconds)) |")
        }
        let verifyScratch = ScratchDirectory("verify")
        defer { verifyScratch.remove() }
        let start = monotonicSeconds()
        let verifyCPU = processCPUSeconds()
        let verified = try projection.verify(scratchDirectory: verifyScratch.path)
        let seconds = monotonicSeconds() - start
        let verifyCPUSeconds = processCPUSeconds() - verifyCPU
        print("| verify (fold into a scratch environment, then compare every row) | \(grouped(Double(total.rawValue))) | \(String(format2: seconds)) | \(grouped(Double(total.rawValue) / seconds)) | \(String(format2: verifyCPUSeconds)) | \(grouped(Double(total.rawValue) / verifyCPUSeconds)) |")
        try foldBreakdown(environment: projection.tablesEnvironment, total: total)
        print("")
        print("verify: \(verified.isConsistent ? "consistent" : "\(verified.differences.count) differences"), \(grouped(Double(verified.rowsCompared))) rows compared")
        store.shutdown()
    }

    /// Writes the data set and measures lookups and membership; everything it opened is closed on return.
    private static func firstPhase(path: String, users: Int, changes: Int, members: Int) async throws -> Position {
        let (environment, projection, store) = try open(path, version: 1)
        let ids = try await fill(store: store, users: users, changes: changes)
        let (bigGroup, smallGroup) = try await makeGroups(store: store, memberIDs: ids, big: members)
        try lookups(projection: projection, users: users)
        try await membership(store: store, environment: environment, projection: projection, big: bigGroup, small: smallGroup, ids: ids)
        store.shutdown()
        return store.lastPosition
    }

    /// Times the two halves of a bulk fold on their own: rows from the log, then the index build.
    private static func foldBreakdown(environment: LMDBEnvironment, total: Position) throws {
        let scratch = ScratchDirectory("fold")
        defer { scratch.remove() }
        let target = try LMDBEnvironment(path: scratch.path, configuration: .init(mapSize: 1 << 40, maxMapSize: nil, durability: .deferred))
        let tables = try DirectoryTables(environment: target, version: 1)
        let events = try environment.openDatabase("events", create: false)
        var rowsSeconds = 0.0
        var rowsCPU = 0.0
        var indexSeconds = 0.0
        var indexCPU = 0.0
        var entries = 0
        try environment.withReadTransaction { live in
            var position = Position.start
            while true {
                let wall = monotonicSeconds()
                let cpu = processCPUSeconds()
                let txn = try target.beginWrite()
                let (last, reachedEnd) = try DirectoryFold.apply(
                    from: live, events: events, after: position, limit: 100_000, upcasters: UpcasterChain(), into: tables,
                    maintainsIndexes: false, txn)
                try txn.commit()
                rowsSeconds += monotonicSeconds() - wall
                rowsCPU += processCPUSeconds() - cpu
                position = last
                if reachedEnd { break }
            }
            let wall = monotonicSeconds()
            let cpu = processCPUSeconds()
            let txn = try target.beginWrite()
            entries = try DirectoryIndexBuild.build(tables, in: txn)
            try txn.commit()
            indexSeconds = monotonicSeconds() - wall
            indexCPU = processCPUSeconds() - cpu
        }
        let count = Double(total.rawValue)
        print("| fold rows only, scratch environment, 100,000 events per transaction | \(grouped(count)) | \(String(format2: rowsSeconds)) | \(grouped(count / rowsSeconds)) | \(String(format2: rowsCPU)) | \(grouped(count / rowsCPU)) |")
        print("| build \(grouped(Double(entries))) index entries in key order | \(grouped(count)) | \(String(format2: indexSeconds)) | | \(String(format2: indexCPU)) | |")
    }

    static func open(_ path: String, version: Int) throws -> (LMDBEnvironment, DirectoryProjection, EventStore) {
        let environment = try LMDBEnvironment(path: path)
        let projection = try DirectoryProjection(environment: environment, codeVersion: version)
        let store = try EventStore(environment: environment, projections: [projection])
        return (environment, projection, store)
    }

    static func userResource(_ index: Int) -> JSONObject {
        let text = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],\
            "userName":"user\(index)@contoso.com","externalId":"ext-\(index)","active":true,"displayName":"User Number \(index)",\
            "name":{"givenName":"User","familyName":"Number \(index)","formatted":"User Number \(index)"},\
            "emails":[{"value":"user\(index)@contoso.com","type":"work","primary":true}],\
            "phoneNumbers":[{"value":"+1 555 01\(index % 100)","type":"work"}],"title":"Engineer","locale":"en-US",\
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"\(index)","department":"Dept \(index % 50)",\
            "costCenter":"CC\(index % 20)","organization":"Contoso","manager":{"value":"manager-\(index % 1000)"}}}
            """
        guard case .object(let object) = try? JSONValue(parsing: text) else { preconditionFailure("fixture JSON is valid") }
        return object
    }

    static func fill(store: EventStore, users: Int, changes: Int) async throws -> [String] {
        let start = monotonicSeconds()
        var ids: [String] = []
        ids.reserveCapacity(users)
        let batch = 1_000
        var index = 0
        while index < users {
            let events = (index..<min(users, index + batch)).map { i -> ProposedEvent in
                let id = EventID.random().description
                ids.append(id)
                return DirectoryEvent.userCreated(resource: userResource(i)).proposed(tenant: "bench", id: id, expectedRevision: .noStream)
            }
            try await store.append(events, metadata: CommandMetadata(actor: "bench", requestID: "fill"))
            index += batch
        }
        var generator = SystemRandomNumberGenerator()
        index = 0
        while index < changes {
            let events = (index..<min(changes, index + batch)).map { i -> ProposedEvent in
                let id = ids[Int.random(in: 0..<ids.count, using: &generator)]
                let event: DirectoryEvent = switch i % 4 {
                case 0: .userDeactivated
                case 1: .userReactivated
                default: .userChanged(changes: [AttributeChange(path: "title", old: "Engineer", new: .string("Title \(i)"))])
                }
                return event.proposed(tenant: "bench", id: id)
            }
            try await store.append(events, metadata: CommandMetadata(actor: "bench", requestID: "changes"))
            index += batch
        }
        let seconds = monotonicSeconds() - start
        let total = Double(users + changes)
        print("wrote \(grouped(total)) events with the projection applied inline, 1,000 events per commit: \(String(format2: seconds)) s, \(grouped(total / seconds)) events/s")
        return ids
    }

    static func makeGroups(store: EventStore, memberIDs: [String], big: Int) async throws -> (String, String) {
        let bigGroup = EventID.random().description
        let smallGroup = EventID.random().description
        let metadata = CommandMetadata(actor: "bench", requestID: "groups")
        try await store.append([
            DirectoryEvent.groupCreated(resource: JSONObject([.init(key: "displayName", value: "Everyone")])).proposed(tenant: "bench", id: bigGroup),
            DirectoryEvent.groupCreated(resource: JSONObject([.init(key: "displayName", value: "Ten")])).proposed(tenant: "bench", id: smallGroup),
        ], metadata: metadata)
        let members = memberIDs.prefix(big)
        var start = members.startIndex
        while start < members.endIndex {
            let chunk = members[start..<min(members.endIndex, start + 10_000)].map { MemberReference(value: $0, type: "User") }
            try await store.append([DirectoryEvent.membersAdded(chunk).proposed(tenant: "bench", id: bigGroup)], metadata: metadata)
            start += 10_000
        }
        try await store.append(
            [DirectoryEvent.membersAdded(memberIDs.suffix(10).map { MemberReference(value: $0, type: "User") }).proposed(tenant: "bench", id: smallGroup)],
            metadata: metadata)
        return (bigGroup, smallGroup)
    }

    private static func lookups(projection: DirectoryProjection, users: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let names = (0..<100_000).map { _ in "USER\(Int.random(in: 0..<users, using: &generator))@Contoso.com" }
        // One read transaction per lookup, as a request does.
        var found = 0
        var start = monotonicSeconds()
        for name in names {
            found += try projection.read { try $0.userIDs(userName: name, tenant: "bench").count }
        }
        var seconds = monotonicSeconds() - start
        print("")
        print("| lookup in a \(grouped(Double(users)))-user tenant | lookups | µs per lookup | lookups/s |")
        print("|---|---:|---:|---:|")
        print("| userName (case-insensitive index), one read transaction each | \(grouped(Double(names.count))) | \(String(format2: seconds / Double(names.count) * 1e6)) | \(grouped(Double(names.count) / seconds)) |")
        start = monotonicSeconds()
        for name in names {
            found += try projection.read { reader in
                try reader.userIDs(userName: name, tenant: "bench").compactMap { try reader.resource(.user, tenant: "bench", id: $0) }.count
            }
        }
        seconds = monotonicSeconds() - start
        print("| userName + load the user, one read transaction each | \(grouped(Double(names.count))) | \(String(format2: seconds / Double(names.count) * 1e6)) | \(grouped(Double(names.count) / seconds)) |")
        precondition(found == 2 * names.count, "every looked-up user exists")
    }

    private static func membership(
        store: EventStore, environment: LMDBEnvironment, projection: DirectoryProjection, big: String, small: String, ids: [String]
    ) async throws {
        let tables = try projectionTables(projection)
        let counts = try projection.read { reader in
            (try reader.resource(.group, tenant: "bench", id: big)?.memberCount ?? 0, try reader.resource(.group, tenant: "bench", id: small)?.memberCount ?? 0)
        }
        print("")
        print("| membership operation | group of \(grouped(Double(counts.1))) | group of \(grouped(Double(counts.0))) |")
        print("|---|---:|---:|")
        // The projection's cost of adding one member: apply inside a write transaction that is then aborted.
        let candidates = Array(ids.dropLast(10).suffix(2_000))
        func applyCost(_ group: String) throws -> Double {
            let start = monotonicSeconds()
            for (index, member) in candidates.enumerated() {
                let txn = try environment.beginWrite()
                try DirectoryProjector(tables: tables).apply(
                    .membersAdded([MemberReference(value: member, type: "User")]),
                    EventFacts(tenant: "bench", resourceID: group, revision: UInt64(index), recordedAt: .now(), position: Position(UInt64(index))),
                    in: txn)
                txn.abort()
            }
            return (monotonicSeconds() - start) / Double(candidates.count) * 1e6
        }
        let smallApply = try applyCost(small)
        let bigApply = try applyCost(big)
        print("| add one member: projection cost in the transaction (µs) | \(String(format2: smallApply)) | \(String(format2: bigApply)) |")
        // End to end: a durable append of one member-added event (fsync-bound).
        func durable(_ group: String, _ members: ArraySlice<String>) async throws -> Double {
            let start = monotonicSeconds()
            for member in members {
                try await store.append(
                    [DirectoryEvent.membersAdded([MemberReference(value: member, type: "User")]).proposed(tenant: "bench", id: group)],
                    metadata: CommandMetadata(actor: "bench", requestID: "add"))
            }
            return (monotonicSeconds() - start) / Double(members.count) * 1e3
        }
        let smallDurable = try await durable(small, candidates[0..<200])
        let bigDurable = try await durable(big, candidates[200..<400])
        print("| add one member: durable append, one at a time (ms) | \(String(format2: smallDurable)) | \(String(format2: bigDurable)) |")
        func membershipTest(_ group: String) throws -> Double {
            let start = monotonicSeconds()
            var hits = 0
            for member in candidates { hits += try projection.read { try $0.isMember(member, of: group, tenant: "bench") ? 1 : 0 } }
            _ = hits
            return (monotonicSeconds() - start) / Double(candidates.count) * 1e6
        }
        print("| is X a member (µs, one read transaction each) | \(String(format2: try membershipTest(small))) | \(String(format2: try membershipTest(big))) |")
        func page(_ group: String) throws -> Double {
            let start = monotonicSeconds()
            for _ in 0..<200 { _ = try projection.read { try $0.members(of: group, tenant: "bench", after: candidates[700], limit: 100) } }
            return (monotonicSeconds() - start) / 200 * 1e6
        }
        print("| a page of 100 members after a given member (µs) | \(String(format2: try page(small))) | \(String(format2: try page(big))) |")
    }

    private static func projectionTables(_ projection: DirectoryProjection) throws -> DirectoryTables {
        guard let tables = projection.activeTables else { throw ProjectionUnavailable(name: "directory") }
        return tables
    }
}
