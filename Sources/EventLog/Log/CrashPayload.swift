/// A deterministic ~600-byte payload derived from an event id, so a reader can tell that an event
/// survived intact without keeping a copy. Used by the crash test and the benchmarks.
public enum CrashPayload {
    /// 600 bytes: the id's 16 bytes repeated, each byte mixed with its offset.
    public static func bytes(for id: EventID, count: Int = 600) -> [UInt8] {
        let seed = id.bytes
        return (0..<count).map { seed[$0 % 16] &+ UInt8(truncatingIfNeeded: $0 &* 31) }
    }
}
