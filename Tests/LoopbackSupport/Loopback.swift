#if canImport(Glibc)
import Glibc
#endif

/// Loopback sockets for the tests that run a real server process: a free port to give it, and a
/// raw TCP connection to it (for requests a URL client would not send as they are: no `Accept`
/// header, a body that stops halfway).
public enum Loopback {
    /// A TCP port on 127.0.0.1 nothing listens on right now (the kernel's choice for port 0).
    public static func freePort() throws(LoopbackError) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoopbackError("socket() failed") }
        defer { close(descriptor) }
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw LoopbackError("bind() to a free port failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A connected TCP socket to 127.0.0.1:`port`, or `nil` when nothing listens there. The caller closes it.
    public static func connect(port: Int) throws(LoopbackError) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoopbackError("socket() failed") }
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}

/// A loopback socket call that failed.
public struct LoopbackError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
