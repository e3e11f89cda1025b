/// Why a JSON text was rejected, and where.
///
/// Guarantees: ``offset`` is the byte offset of the offending byte in the input exactly as passed
/// to the parser (a leading byte-order mark counts); ``line`` and ``column`` are 1-based, a line
/// ends at `\n`, `\r\n` or a lone `\r`, and the column counts Unicode scalars (not bytes) so it
/// matches what an editor shows. ``reason`` says what was wrong without the position, for example
/// `expected ':' after object key "userName"`; ``description`` adds the position:
/// `expected ':' after object key "userName" at line 3, column 14`.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset of the offending byte (equal to the input length at an unexpected end).
    public let offset: Int
    /// The 1-based line of ``offset``.
    public let line: Int
    /// The 1-based column of ``offset``, counted in Unicode scalars.
    public let column: Int
    /// What was wrong, without the position.
    public let reason: String

    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// The reason followed by the position, for a person to read.
    public var description: String { "\(reason) at line \(line), column \(column)" }

    /// Builds an error at `offset` in `bytes`, working out line and column (the cold path only).
    init(reason: String, offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var lineStart = 0
        var index = 0
        let limit = min(offset, bytes.count)
        while index < limit {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        if line == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            lineStart = min(3, limit)
        }
        var column = 1
        index = lineStart
        while index < limit {
            // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        self.init(offset: offset, line: line, column: column, reason: reason)
    }
}

extension JSONParseError {
    /// Describes one input byte for a message: `'x'` for printable ASCII, otherwise its code.
    static func describe(byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: return "space"
        case 0x00..<0x20, 0x7F: return "control character U+\(hex(byte, digits: 4))"
        default: return "byte 0x\(hex(byte, digits: 2))"
        }
    }

    /// A key or string quoted the way JSON writes it, shortened to 64 characters for messages.
    static func quote(_ text: String) -> String {
        let limit = 64
        var shown = text
        var suffix = ""
        if text.unicodeScalars.count > limit {
            shown = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
            suffix = "…"
        }
        var bytes: [UInt8] = []
        JSONTextWriter.writeString(shown, into: &bytes)
        if !suffix.isEmpty {
            bytes.removeLast()
            bytes.append(contentsOf: suffix.utf8)
            bytes.append(UInt8(ascii: "\""))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ value: UInt8, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
