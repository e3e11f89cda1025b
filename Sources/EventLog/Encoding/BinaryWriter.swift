/// Appends primitive values to a byte array in the log's binary formats.
///
/// Guarantees: fixed-width integers are big-endian; variable-length integers are unsigned LEB128
/// (7 bits a byte, low bits first); strings and byte runs are length-prefixed with a varint.
/// What ``BinaryReader`` reads back is exactly what was written.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    @inlinable public var bytes: [UInt8] { storage }
    @usableFromInline var storage: [UInt8]

    @inlinable
    public init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func write(_ byte: UInt8) { storage.append(byte) }

    @inlinable
    public mutating func write(bigEndian value: UInt64) {
        var v = value.bigEndian
        withUnsafeBytes(of: &v) { storage.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func write(varint value: UInt64) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        storage.append(UInt8(v))
    }

    /// Writes a signed integer zig-zag encoded as a varint.
    @inlinable
    public mutating func write(zigzag value: Int64) {
        write(varint: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inlinable
    public mutating func write(string: String) {
        var s = string
        s.withUTF8 { utf8 in
            write(varint: UInt64(utf8.count))
            storage.append(contentsOf: utf8)
        }
    }

    @inlinable
    public mutating func write(lengthPrefixed run: some Collection<UInt8>) {
        write(varint: UInt64(run.count))
        storage.append(contentsOf: run)
    }

    /// Appends raw bytes with no length prefix.
    @inlinable
    public mutating func write(raw run: some Sequence<UInt8>) {
        storage.append(contentsOf: run)
    }
}
