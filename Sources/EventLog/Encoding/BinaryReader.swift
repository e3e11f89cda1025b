/// Reads values written by ``BinaryWriter`` from a borrowed byte buffer.
///
/// Guarantees: never reads outside `buffer`; a truncated or malformed input throws
/// ``BinaryDecodingError`` instead of trapping, so a corrupt record can be reported, not crash the
/// process. The buffer must outlive the reader (for LMDB: the read transaction).
///
/// The primitive reads are `@inlinable`: every decoder in the other modules (events, binary JSON,
/// rows, index keys) is a loop over them, and a call per byte would cost more than the read.
public struct BinaryReader {
    public let buffer: UnsafeRawBufferPointer
    @usableFromInline var position: Int

    /// The offset of the next byte to read.
    @inlinable public var offset: Int { position }

    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        self.position = 0
    }

    /// `true` when every byte has been read.
    @inlinable public var isAtEnd: Bool { position >= buffer.count }

    /// The bytes not read yet.
    @inlinable public var remaining: Int { buffer.count - position }

    @inlinable
    public mutating func readByte() throws(BinaryDecodingError) -> UInt8 {
        guard offset < buffer.count else { throw .truncated(at: offset) }
        defer { position += 1 }
        return buffer[offset]
    }

    @inlinable
    public mutating func readUInt64() throws(BinaryDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated(at: offset) }
        defer { position += 8 }
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inlinable
    public mutating func readVarint() throws(BinaryDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count else { throw .truncated(at: offset) }
            let byte = buffer[offset]
            position += 1
            if shift == 63, byte > 1 { throw .malformed("varint overflows 64 bits", at: offset - 1) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformed("varint longer than 10 bytes", at: offset - 1) }
        }
    }

    @inlinable
    public mutating func readZigzag() throws(BinaryDecodingError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a varint length and checks that so many bytes remain.
    @inlinable
    public mutating func readLength() throws(BinaryDecodingError) -> Int {
        let start = offset
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw .truncated(at: start) }
        return Int(length)
    }

    /// Reads a length-prefixed UTF-8 string; invalid UTF-8 is an error, never repaired silently.
    public mutating func readString() throws(BinaryDecodingError) -> String {
        let length = try readLength()
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + length)]).assumingMemoryBound(to: UInt8.self)
        let string: String
        if Self.isASCII(bytes) {
            // ASCII is valid UTF-8, and this initialiser is the fast one.
            string = String(decoding: bytes, as: UTF8.self)
        } else {
            guard let validated = String(validating: bytes, as: UTF8.self) else {
                throw .malformed("string is not valid UTF-8", at: offset)
            }
            string = validated
        }
        position += length
        return string
    }

    /// Reads a length-prefixed byte run as a copy.
    public mutating func readBytes() throws(BinaryDecodingError) -> [UInt8] {
        let length = try readLength()
        let start = offset
        position += length
        return [UInt8](unsafeUninitializedCapacity: length) { destination, initialized in
            if length > 0 { destination.baseAddress!.update(from: buffer.baseAddress!.advanced(by: start).assumingMemoryBound(to: UInt8.self), count: length) }
            initialized = length
        }
    }

    @usableFromInline static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        guard let base else { return true }
        while index + 8 <= count {
            if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Reads `count` raw bytes (no prefix) as a view into the buffer.
    @inlinable
    public mutating func readRaw(count: Int) throws(BinaryDecodingError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw .truncated(at: offset) }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }
}

/// A stored record that does not decode: it is shorter than its header says or holds an impossible value.
public enum BinaryDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case truncated(at: Int)
    case malformed(String, at: Int)

    public var description: String {
        switch self {
        case .truncated(let at): "record ends early (byte \(at))"
        case .malformed(let what, let at): "malformed record at byte \(at): \(what)"
        }
    }
}
