import Foundation
import EventLog
import Testing

@Suite struct EnvironmentErrorTests {
    @Test func aMissingDirectoryIsNamedWithARemedy() throws {
        #expect {
            _ = try LMDBEnvironment(path: "/nonexistent/scim-data")
        } throws: { error in
            guard let error = error as? LMDBError else { return false }
            return error.code == .missingDirectory && error.remedy.contains("create it")
        }
    }

    @Test func theSameDirectoryCannotBeOpenedTwiceInOneProcess() throws {
        let directory = try TemporaryDirectory()
        let first = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20))
        #expect {
            _ = try LMDBEnvironment(path: directory.path + "/.", configuration: .init(mapSize: 16 << 20))
        } throws: { ($0 as? LMDBError)?.code == .alreadyOpen }
        _ = first
    }

    @Test func aDirectoryThatIsNotAnLMDBEnvironmentIsReportedAsCorrupted() throws {
        let directory = try TemporaryDirectory()
        let garbage = [UInt8](repeating: 0x5A, count: 8192)
        #expect(FileManagerShim.write(garbage, to: directory.path + "/data.mdb"))
        #expect {
            _ = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20))
        } throws: { ($0 as? LMDBError)?.code == .corrupted }
    }

    @Test func aReadOnlyOpenOfAnEmptyDirectorySaysItIsNotADataDirectory() throws {
        let directory = try TemporaryDirectory()
        #expect {
            _ = try LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20, readOnly: true))
        } throws: { error in
            guard let error = error as? LMDBError else { return false }
            return error.code == .notFound && error.message.contains("not a data directory")
        }
    }

    @Test func aReadOnlyStoreServesReadsAndRefusesWrites() async throws {
        let directory = try TemporaryDirectory()
        do {
            let writer = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20)))
            try await writer.append([proposed("a")], metadata: testMetadata)
            writer.shutdown()
        }
        let reader = try EventStore(environment: LMDBEnvironment(path: directory.path, configuration: .init(mapSize: 16 << 20, readOnly: true)))
        #expect(try reader.event(at: Position(1)) != nil)
        #expect(reader.lastPosition == Position(1))
        await #expect(throws: LogUnavailable.self) { try await reader.append([proposed("b")], metadata: testMetadata) }
    }
}

enum FileManagerShim {
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
}
