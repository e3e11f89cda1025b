#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a ``DirectoryOverlay``'s keys and values, copied into large blocks.
///
/// A bulk fold stores millions of keys and rows; one allocation each made the fold spend its time
/// in `malloc`, reference counting and freeing. Bytes here are never moved or freed one by one: a
/// replaced value is simply stored again, and every block goes at once, when the arena does.
///
/// Guarantees: an ``OverlayBytes`` handed out stays valid, unchanged, for the arena's life.
/// `@unchecked Sendable` because the only mutation is ``store(_:)``, which the fold calls from its
/// one thread before the arena is shared; once an ``OverlayFlush`` carries it to the writer,
/// nothing stores into it again, and the blocks are freed only in `deinit`.
final class OverlayArena: @unchecked Sendable {
    private static let blockSize = 8 << 20
    private var blocks: [UnsafeMutableRawPointer] = []
    private var next: UnsafeMutableRawPointer?
    private var room = 0
    /// The bytes allocated for blocks.
    private(set) var allocated = 0

    init() {}

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// A copy of `bytes` that lives as long as the arena.
    func store(_ bytes: UnsafeRawBufferPointer) -> OverlayBytes {
        let count = bytes.count
        if count > room {
            let size = max(Self.blockSize, count)
            let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            blocks.append(block)
            allocated += size
            next = block
            room = size
        }
        let start = next!
        if count > 0 { start.copyMemory(from: bytes.baseAddress!, byteCount: count) }
        next = start + count
        room -= count
        return OverlayBytes(start: UnsafeRawPointer(start), count: count)
    }

    func store(_ bytes: [UInt8]) -> OverlayBytes {
        bytes.withUnsafeBytes { store($0) }
    }
}

/// Bytes inside an ``OverlayArena``: valid while the arena lives.
struct OverlayBytes {
    let start: UnsafeRawPointer
    let count: Int

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
    var array: [UInt8] { Array(buffer) }

    func equals(_ bytes: UnsafeRawBufferPointer) -> Bool {
        count == bytes.count && (count == 0 || memcmp(start, bytes.baseAddress!, count) == 0)
    }

    /// Byte-wise order, as LMDB's default comparison.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common))
        return order != 0 ? order : a.count - b.count
    }
}
