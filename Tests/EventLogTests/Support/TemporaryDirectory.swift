import EventLog
import Foundation

/// A fresh directory under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eventlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A sub-directory, created.
    func subdirectory(_ name: String) throws -> String {
        let sub = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        return sub
    }
}

/// A store in a temporary directory, kept alive with it.
struct TestLog {
    let directory: TemporaryDirectory
    let store: EventStore

    init(
        configuration: LMDBEnvironment.Configuration = .init(mapSize: 256 << 20),
        storeConfiguration: EventStore.Configuration = .init(),
        projections: [any InlineProjection] = []
    ) throws {
        directory = try TemporaryDirectory()
        let environment = try LMDBEnvironment(path: directory.path, configuration: configuration)
        store = try EventStore(environment: environment, configuration: storeConfiguration, projections: projections)
    }
}

func proposed(_ stream: String, tenant: String = "acme", type: String = "thing.happened", expected: ExpectedRevision = .any, payload: [UInt8] = [1, 2, 3]) -> ProposedEvent {
    ProposedEvent(type: type, stream: StreamID(tenant: tenant, type: "Thing", id: stream), expectedRevision: expected, payload: payload)
}

let testMetadata = CommandMetadata(actor: "token:test", requestID: "req-1", correlationID: "corr-1")

extension AsyncSequence {
    /// Every element, in order.
    func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }
}
