import EventLog
import Foundation
import Projections
import Testing

@Suite struct ErrorTests {
    @Test func aMissingDataDirectorySaysWhatToDo() throws {
        let result = try replay(["history", "x", "--data-dir", "/nonexistent/scim-data"])
        #expect(result.status == 4)
        #expect(result.stderr == """
            replay: no data directory at /nonexistent/scim-data
              what to do: pass --data-dir PATH (or set SCIM_DATA_DIR) to the directory the server was started with

            """)
    }

    @Test func theDataDirectoryComesFromTheEnvironmentWhenNotGiven() throws {
        let result = try replay(["journal"], environment: ["SCIM_DATA_DIR": "/nonexistent/from-env"])
        #expect(result.stderr.contains("no data directory at /nonexistent/from-env"))
    }

    @Test func aDirectoryWithoutDataIsNotADataDirectory() throws {
        let empty = try TestDirectory()
        let result = try replay(["state", "--at", "1", "--data-dir", empty.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("is not a SCIM data directory (it has no data.mdb)"))
    }

    @Test func aFileThatIsNotLMDBIsReportedAsDamaged() throws {
        let directory = try TestDirectory()
        #expect(FileManager.default.createFile(atPath: directory.path + "/data.mdb", contents: Data(repeating: 0x5A, count: 8192)))
        let result = try replay(["journal", "--data-dir", directory.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("the data directory is damaged or is not an LMDB environment"))
        #expect(result.stderr.contains("what to do: stop the server and restore the data directory from a backup"))
    }

    @Test func anLMDBEnvironmentWithoutALogIsNamed() throws {
        let directory = try TestDirectory()
        do {
            let environment = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20))
            try environment.openDatabase("something-else")
        }
        let result = try replay(["history", "x", "--data-dir", directory.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("is an LMDB environment but holds no event log"))
    }

    @Test func aLogWrittenInANewerEnvelopeFormatIsRecognised() throws {
        let directory = try TestDirectory()
        do {
            let environment = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20))
            let store = try EventStore(environment: environment)
            store.shutdown()
            let events = try environment.openDatabase("events")
            let transaction = try environment.beginWrite()
            try transaction.put(events, key: LogTables.positionKey(Position(1)), value: [2, 0, 0, 0])
            try transaction.commit()
        }
        let result = try replay(["export", "events", "--data-dir", directory.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("records in a newer format than this replay understands"))
    }

    @Test func aProjectionWrittenByANewerServerIsRecognised() async throws {
        let newer = try RecordedDirectory(codeVersion: DirectoryProjection.currentVersion + 1)
        try await newer.request(
            "POST", "/scim/v2/Users", status: 201, resource: (.user, "u-1"),
            events: [.userCreated(resource: user("a@contoso.com", externalId: nil, displayName: "A", emails: []))])
        let result = try replay(["history", "u-1", "--data-dir", newer.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("is version \(DirectoryProjection.currentVersion + 1); this replay knows versions up to \(DirectoryProjection.currentVersion)"))
    }

    @Test func anUnknownResourceIsNotFound() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["history", "nobody@contoso.com", "--data-dir", scenario.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no user or group of tenant default has, or ever had, the id, userName, externalId or displayName \"nobody@contoso.com\""))
    }

    @Test(arguments: ["yesterday", "2026-13-01", "12:00", "2026-03-01T09:30:00"])
    func aBadTimeIsAUsageErrorThatShowsTheFormats(value: String) async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["state", "--at", value, "--data-dir", scenario.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("The value '\(value)' is invalid for '--at <instant>': expected an RFC 3339 time such as 2026-03-01T09:30:00Z"))
    }

    @Test func aPositionPastTheEndIsNotFound() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["state", "--at", "99999", "--data-dir", scenario.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("position 99999 is past the end of the log"))
    }

    @Test func aBadStatusFilterIsAUsageError() async throws {
        let scenario = try await SharedScenario.shared.get()
        let result = try replay(["journal", "--status", "4x", "--data-dir", scenario.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("expected a status code (409), a class (4xx)"))
    }

    @Test func aDirectoryWithoutProjectionOrJournalStillAnswersFromTheLog() async throws {
        let directory = try TestDirectory()
        do {
            let environment = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20))
            let store = try EventStore(environment: environment)
            try await store.append(
                [DirectoryEvent.userCreated(resource: user("old@contoso.com", externalId: nil, displayName: "Old", emails: [])).proposed(tenant: "default", id: "u-old")],
                metadata: CommandMetadata(actor: "token:old", requestID: "r-old"))
            store.shutdown()
        }
        let history = try replay(["history", "old@contoso.com", "--data-dir", directory.path])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("found by userName (in the log's history)"))
        let journal = try replay(["journal", "--data-dir", directory.path])
        #expect(journal.status == 4)
        #expect(journal.stderr.contains("has no request journal"))
    }
}

/// An empty temporary directory, removed when the value goes away.
final class TestDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-errors-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
