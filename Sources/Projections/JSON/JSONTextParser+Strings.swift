/// String literals for ``JSONTextParser``: validation, then unescaping.
///
/// Guarantees: a string is accepted only when every byte up to the closing quote is valid UTF-8
/// (RFC 3629: no overlong forms, no encoded surrogates, nothing above U+10FFFF), no byte is a raw
/// control character (U+0000–U+001F), and every escape is one of RFC 8259's, with `\uXXXX` high
/// surrogates immediately followed by an escaped low surrogate (a lone surrogate of either kind is
/// an error). The first pass validates; the second copies (plain ASCII strings are copied in one
/// go) or unescapes into a string buffer of the raw length, which is always large enough because
/// no escape decodes to more bytes than it takes to write.
extension JSONTextParser {
    /// Parses the string whose opening quote is at `index`; leaves `index` after the closing quote.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = index + 1
        var i = start
        // Fast path: printable ASCII without escapes.
        while i < end {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") {
                index = i + 1
                lastStringIsASCII = true
                return makeString(from: start, count: i - start)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            i += 1
        }
        lastStringIsASCII = false
        return try parseStringSlowPath(start: start, resumingAt: i)
    }

    private mutating func parseStringSlowPath(start: Int, resumingAt resume: Int) throws(JSONParseError) -> String {
        var i = resume
        var hasEscapes = false
        while true {
            guard i < end else { throw fail("unterminated string starting", at: start - 1) }
            let byte = base[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                i = try endOfEscape(at: i)
            } else if byte < 0x20 {
                throw fail("control character U+\(JSONParseError.hex(byte, digits: 4)) must be escaped in a string", at: i)
            } else if byte < 0x80 {
                i += 1
            } else {
                i = try endOfUTF8Sequence(at: i)
            }
        }
        index = i + 1
        if !hasEscapes { return makeString(from: start, count: i - start) }
        return unescape(from: start, to: i)
    }

    /// Validates the escape at `i` (a backslash) and returns the offset after it.
    private func endOfEscape(at i: Int) throws(JSONParseError) -> Int {
        guard i + 1 < end else { throw fail("unterminated string: input ends inside an escape", at: i) }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: i + 2, escapeAt: i)
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 7 < end, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u") else {
                    throw fail("lone high surrogate \\u\(hex16(unit)): it must be followed by a \\u escape of a low surrogate", at: i)
                }
                let low = try hexQuad(at: i + 8, escapeAt: i + 6)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw fail("lone high surrogate \\u\(hex16(unit)): \\u\(hex16(low)) is not a low surrogate", at: i)
                }
                return i + 12
            case 0xDC00...0xDFFF:
                throw fail("lone low surrogate \\u\(hex16(unit)) without a preceding high surrogate", at: i)
            default:
                return i + 6
            }
        default:
            let next = base[i + 1]
            let shown = (0x21...0x7E).contains(next)
                ? "'\\\(Character(Unicode.Scalar(next)))'"
                : "'\\' followed by \(JSONParseError.describe(byte: next))"
            throw fail("invalid escape \(shown) in string (valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: i)
        }
    }

    /// The four hex digits at `at`, part of the `\u` escape at `escapeAt`.
    private func hexQuad(at: Int, escapeAt: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            guard at + k < end else {
                throw fail("unterminated string: input ends inside a \\u escape", at: escapeAt)
            }
            guard let digit = Self.hexValue(base[at + k]) else {
                throw fail("\\u escape needs four hex digits", at: escapeAt)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private func hex16(_ unit: UInt32) -> String {
        JSONParseError.hex(UInt8(truncatingIfNeeded: unit >> 8), digits: 2)
            + JSONParseError.hex(UInt8(truncatingIfNeeded: unit), digits: 2)
    }

    /// Validates the multi-byte UTF-8 sequence whose lead byte is at `i`; returns the offset after it.
    private func endOfUTF8Sequence(at i: Int) throws(JSONParseError) -> Int {
        let lead = base[i]
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
        default:
            throw fail("invalid UTF-8: byte 0x\(JSONParseError.hex(lead, digits: 2)) cannot start a character", at: i)
        }
        guard i + continuationCount < end else {
            throw fail("invalid UTF-8: character cut off by the end of input", at: i)
        }
        let second = base[i + 1]
        guard second >= secondLow, second <= secondHigh else {
            throw fail("invalid UTF-8 sequence starting with byte 0x\(JSONParseError.hex(lead, digits: 2))", at: i)
        }
        var k = 2
        while k <= continuationCount {
            guard base[i + k] & 0xC0 == 0x80 else {
                throw fail("invalid UTF-8 sequence starting with byte 0x\(JSONParseError.hex(lead, digits: 2))", at: i)
            }
            k += 1
        }
        return i + continuationCount + 1
    }

    /// Decodes the validated string body `start..<stop`, which contains at least one escape.
    private func unescape(from start: Int, to stop: Int) -> String {
        String(unsafeUninitializedCapacity: stop - start) { buffer in
            guard let out = buffer.baseAddress else { return 0 }
            var o = 0
            var i = start
            while i < stop {
                // Copy the run up to the next backslash in one go.
                var runEnd = i
                while runEnd < stop, base[runEnd] != UInt8(ascii: "\\") { runEnd += 1 }
                if runEnd > i {
                    (out + o).initialize(from: base + i, count: runEnd - i)
                    o += runEnd - i
                    i = runEnd
                    continue
                }
                let escaped = base[i + 1]
                i += 2
                let simple: UInt8
                switch escaped {
                case UInt8(ascii: "b"): simple = 0x08
                case UInt8(ascii: "f"): simple = 0x0C
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "u"):
                    var scalar = quad(at: i)
                    i += 4
                    if scalar >= 0xD800, scalar <= 0xDBFF {
                        let low = quad(at: i + 2)
                        i += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    o += Self.writeUTF8(scalar, to: out + o)
                    continue
                default: simple = escaped  // '"', '\\', '/'
                }
                out[o] = simple
                o += 1
            }
            return o
        }
    }

    /// Four hex digits already validated by ``endOfEscape(at:)``.
    private func quad(at i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | UInt32(Self.hexValue(base[i + k]) ?? 0) }
        return value
    }

    /// Writes `scalar` (not a surrogate, at most U+10FFFF) as UTF-8; returns the byte count.
    private static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | scalar >> 6)
            out[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | scalar >> 12)
            out[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | scalar >> 18)
            out[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
