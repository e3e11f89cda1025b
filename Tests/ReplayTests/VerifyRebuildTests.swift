import EventLog
import Foundation
import Projections
import Testing

@Suite struct VerifyRebuildTests {
    @Test func theLiveProjectionOfTheScenarioVerifies() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["verify", "--data-dir", scenario.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        try expectGolden("verify.txt", result.stdout)
    }

    @Test func verifyListsEveryDifferenceAndExitsWithOne() async throws {
        // A copy of a directory, then an event appended without the projection: the live tables miss it.
        let source = try RecordedDirectory()
        try await source.request(
            "POST", "/scim/v2/Users", status: 201, resource: (.user, "u-1"),
            events: [.userCreated(resource: user("a@contoso.com", externalId: "a", displayName: "A", emails: []))])
        source.close()
        do {
            let environment = try LMDBEnvironment(path: source.path, configuration: .init(mapSize: 256 << 20))
            let store = try EventStore(environment: environment)
            try await store.append(
                [DirectoryEvent.userCreated(resource: user("b@contoso.com", externalId: "b", displayName: "B", emails: [])).proposed(tenant: "default", id: "u-2")],
                metadata: CommandMetadata(actor: "token:test", requestID: "bypass"))
            store.shutdown()
        }
        let result = try replay(["verify", "--data-dir", source.path])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("Found 5 differences between the directory projection (version 1) and a fresh fold of the log at position 2"))
        let usersRow = result.stdout.split(separator: "\n").first { $0.hasPrefix("directory.v1.users ") }
        #expect(usersRow?.contains("missing") == true && usersRow?.hasSuffix("default / User u-2") == true)
        let namesRow = result.stdout.split(separator: "\n").first { $0.hasPrefix("directory.v1.user_names ") }
        #expect(namesRow?.hasSuffix(#"default / userName "b@contoso.com" -> u-2"#) == true)
        let json = try replay(["verify", "--json", "--data-dir", source.path])
        #expect(json.status == 1)
        let report = try JSONValue(parsing: json.stdout).arrayValue?.first?.objectValue
        #expect(report?["consistent"] == false)
        let differences = (report?["differences"]?.arrayValue ?? []).compactMap(\.objectValue).map { "\($0["table"]?.stringValue ?? "") \($0["kind"]?.stringValue ?? "")" }
        #expect(differences == [
            "directory.v1.users missing", "directory.v1.user_names missing", "directory.v1.user_external_ids missing",
            "directory.v1.counts different", "directory.v1.timeline missing",
        ])
    }

    @Test func rebuildRefusesWhileAnotherProcessHasTheDirectoryOpen() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["rebuild", "--data-dir", scenario.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("is in use by process \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(result.stderr.contains("what to do: stop the server"))
    }

    @Test func aDirectoryOfAnOlderProjectionVersionIsRebuiltThenVerifies() async throws {
        let old = try RecordedDirectory(codeVersion: 0)
        try await old.request(
            "POST", "/scim/v2/Users", status: 201, resource: (.user, "u-1"),
            events: [.userCreated(resource: user("a@contoso.com", externalId: "a", displayName: "A", emails: []))])
        try await old.request(
            "POST", "/scim/v2/Groups", status: 201, resource: (.group, "g-1"), events: [.groupCreated(resource: group("G", externalId: nil))])
        try await old.request("PATCH", "/scim/v2/Groups/g-1", status: 204, resource: (.group, "g-1"), events: [.membersAdded([MemberReference(value: "u-1")])])
        old.close()

        let refused = try replay(["verify", "--data-dir", old.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the directory projection is at version 0, this replay folds version 1"))

        let rebuilt = try replay(["rebuild", "--drop-old-versions", "--data-dir", old.path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.hasPrefix("Rebuilt the directory projection from version 0 to version 1: 3 events folded"))
        #expect(rebuilt.stdout.contains("dropped 12 old tables"))

        let verified = try replay(["verify", "--data-dir", old.path])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let again = try replay(["rebuild", "--data-dir", old.path])
        #expect(again.stdout == "The directory projection is at version 1, this build's version: nothing to rebuild.\n")
        let state = try replay(["state", "--at", "3", "G", "--data-dir", old.path])
        #expect(state.stdout.contains("\"value\": \"u-1\""))
    }

    @Test func rebuildForceRepairsDamagedTablesOfTheCurrentVersion() async throws {
        let source = try RecordedDirectory()
        try await source.request(
            "POST", "/scim/v2/Users", status: 201, resource: (.user, "u-1"),
            events: [.userCreated(resource: user("a@contoso.com", externalId: "a", displayName: "A", emails: []))])
        try await source.request(
            "POST", "/scim/v2/Groups", status: 201, resource: (.group, "g-1"), events: [.groupCreated(resource: group("G", externalId: nil))])
        try await source.request("PATCH", "/scim/v2/Groups/g-1", status: 200, resource: (.group, "g-1"), events: [.membersAdded([MemberReference(value: "u-1")])])
        source.close()
        // Damage: the user's row and the membership row disappear from the live tables.
        try Self.deleteRows(in: source.path, [("directory.v1.users", ["default", "u-1"]), ("directory.v1.members", ["default", "g-1", "u-1"])])
        let damaged = try replay(["verify", "--data-dir", source.path])
        #expect(damaged.status == 1)
        #expect(damaged.stdout.contains("default / User u-1"))
        #expect(damaged.stdout.contains("default / Group g-1 has member u-1"))

        let plain = try replay(["rebuild", "--data-dir", source.path])
        #expect(plain.stdout == "The directory projection is at version 1, this build's version: nothing to rebuild.\n")
        let forced = try replay(["rebuild", "--force", "--data-dir", source.path])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout == "Repaired the directory projection at version 1: its tables were replaced by a fresh fold of 3 events.\n")
        let verified = try replay(["verify", "--data-dir", source.path])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let state = try replay(["state", "--at", "3", "G", "--data-dir", source.path])
        #expect(state.stdout.contains("\"value\": \"u-1\""))
    }

    /// Deletes rows (keys given as their string parts) from tables of a closed data directory.
    static func deleteRows(in path: String, _ rows: [(table: String, key: [String])]) throws {
        let environment = try LMDBEnvironment(path: path, configuration: .init(mapSize: 256 << 20))
        // Tables are opened before the write transaction (opening one takes a transaction of its own).
        let tables = try rows.map { try environment.openDatabase($0.table, create: false) }
        let transaction = try environment.beginWrite()
        for (row, table) in zip(rows, tables) {
            var key = BinaryWriter()
            for part in row.key { key.write(string: part) }
            _ = try transaction.delete(table, key: key.bytes)
        }
        try transaction.commit()
    }
}
