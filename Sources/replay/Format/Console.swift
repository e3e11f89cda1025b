#if canImport(Glibc)
import Glibc
#endif

/// Buffered writing to standard output and standard error with `write(2)`.
///
/// Standard output carries the answer (tables, JSON, JSON Lines) and nothing else; standard error
/// carries progress and errors. Output is buffered and flushed in large writes, so exporting
/// millions of lines costs a few system calls per megabyte. Not thread-safe: commands write from
/// one task.
struct Console: ~Copyable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    static func standardOutput() -> Console { Console(descriptor: 1) }
    static func standardError() -> Console { Console(descriptor: 2) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    deinit { Self.writeAll(buffer, to: descriptor) }

    /// Appends `text` (no newline added).
    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Appends `text` and a newline.
    mutating func line(_ text: String = "") {
        write(text)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends raw UTF-8 bytes and a newline.
    mutating func line(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes out everything buffered.
    mutating func flush() {
        Self.writeAll(buffer, to: descriptor)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ buffer: [UInt8], to descriptor: Int32) {
        var offset = 0
        buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // A closed pipe (`replay … | head`): nothing more can be written.
                }
                offset += written
            }
        }
    }

    /// Whether standard error is a terminal (progress is drawn only then).
    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}
