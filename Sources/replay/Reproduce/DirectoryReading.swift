import Projections

/// Directory tables that can be read: a scratch fold or a scratch server.
protocol DirectoryReading {
    func read<R>(_ body: (borrowing DirectoryReader) throws -> R) throws -> R
}

extension ScratchFold: DirectoryReading {}
extension ScratchServer: DirectoryReading {}
