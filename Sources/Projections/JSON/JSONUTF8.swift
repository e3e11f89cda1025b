/// Byte-level UTF-8 helpers shared by the text parser and the binary decoder.
///
/// Guarantees: ``isValid(_:count:)`` accepts exactly RFC 3629 UTF-8 (no overlong forms, no encoded
/// surrogates, nothing above U+10FFFF); ``makeString(_:count:)`` copies bytes the caller has
/// validated, so the standard library never has to repair (and so silently change) them. All read
/// only `start[0..<count]`.
enum JSONUTF8 {
    /// A string from bytes already checked to be valid UTF-8 (so nothing gets repaired).
    @inline(__always)
    static func makeString(_ start: UnsafePointer<UInt8>, count: Int) -> String {
        // Measured: `String(decoding:)` is quicker for small (inline) strings, the
        // uninitialized-capacity initializer for longer ones.
        if count <= 15 { return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            guard let destination = buffer.baseAddress else { return 0 }
            destination.initialize(from: start, count: count)
            return count
        }
    }

    /// RFC 3629 validation: no overlong forms, no surrogates, nothing above U+10FFFF.
    static func isValid(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        while i < count {
            let lead = start[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var continuationCount = 0
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: continuationCount = 1
            case 0xE0: continuationCount = 2; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
            case 0xED: continuationCount = 2; secondHigh = 0x9F
            case 0xF0: continuationCount = 3; secondLow = 0x90
            case 0xF1...0xF3: continuationCount = 3
            case 0xF4: continuationCount = 3; secondHigh = 0x8F
            default: return false
            }
            guard i + continuationCount < count else { return false }
            let second = start[i + 1]
            guard second >= secondLow, second <= secondHigh else { return false }
            var k = 2
            while k <= continuationCount {
                guard start[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += continuationCount + 1
        }
        return true
    }

    /// `true` when no byte has its high bit set, checked eight bytes at a time.
    @inline(__always)
    static func isASCII(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        var accumulated: UInt64 = 0
        let raw = UnsafeRawPointer(start)
        while i + 8 <= count {
            accumulated |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < count {
            tail |= start[i]
            i += 1
        }
        return accumulated & 0x8080_8080_8080_8080 == 0 && tail & 0x80 == 0
    }
}
