import EventLog
import Foundation
import Projections
import Synchronization

/// A log with the directory and tenancy projections, the journal and a ``TenancyService`` whose
/// clock the test sets, in a temporary directory.
final class TenancyFixture: Sendable {
    let path: String
    let environment: LMDBEnvironment
    let directory: DirectoryProjection
    let tenancy: TenancyProjection
    let journal: RequestJournal
    let store: EventStore
    let service: TenancyService
    private let clock: ManualClock

    /// 2026-03-01T09:00:00Z, where every fixture's clock starts.
    static let start = Timestamp(iso8601: "2026-03-01T09:00:00Z")!

    init(path: String? = nil, codeVersion: Int = TenancyProjection.currentVersion) throws {
        let path = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
        environment = try LMDBEnvironment(path: path, configuration: .init(mapSize: 256 << 20))
        directory = try DirectoryProjection(environment: environment)
        tenancy = try TenancyProjection(environment: environment, codeVersion: codeVersion)
        journal = try RequestJournal(environment: environment)
        store = try EventStore(environment: environment, projections: [directory, tenancy])
        let clock = ManualClock(Self.start)
        self.clock = clock
        service = TenancyService(store: store, projection: tenancy, clock: { clock.now })
    }

    /// The fixture clock's time.
    var now: Timestamp { clock.now }

    /// Moves the fixture clock forward.
    func advance(seconds: Int64) {
        clock.advance(microseconds: seconds * 1_000_000)
    }

    /// Waits until every command queued before this call (``EventStore/enqueue(_:)``) has committed:
    /// the writer runs commands in arrival order.
    func drainWriter() async throws {
        try await store.append([], metadata: CommandMetadata(actor: "test", requestID: "drain"))
    }

    func close() {
        store.shutdown()
    }

    func remove() {
        store.shutdown()
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Timestamp>

    init(_ start: Timestamp) { time = Mutex(start) }

    var now: Timestamp { time.withLock { $0 } }

    func advance(microseconds: Int64) {
        time.withLock { $0 = Timestamp(microsecondsSince1970: $0.microseconds + microseconds) }
    }
}

/// Who did it, in the tests.
let operatorMetadata = CommandMetadata(actor: "cli:operator", requestID: "req-op")

/// The 32 raw secret bytes of a bearer token `scim_<id>_<base64url>`.
func secretBytes(of plaintext: String) -> [UInt8] {
    var base64 = String(plaintext.split(separator: "_", maxSplits: 2)[2]).replacingOccurrences(of: "-", with: "+")
        .replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Array(Data(base64Encoded: base64) ?? Data())
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in the array.
    func containsRun(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        let first = needle[0]
        var index = 0
        while index <= count - needle.count {
            if self[index] == first, self[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
