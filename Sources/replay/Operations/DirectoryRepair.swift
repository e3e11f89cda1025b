import EventLog
import Foundation
import Projections

/// `rebuild --force` for the directory projection: a same-version repair.
///
/// A rebuild normally builds a *new* version beside the active one and switches to it; when the
/// versions already match there is nothing to build beside. The repair instead folds the whole log
/// into scratch tables (``ScratchFold``: the projection's own code, with its indexes), then replaces
/// every row of the active version's tables with the folded rows, through the store's single
/// writer, in batches of 10,000 rows. Guarantees: run only with the server stopped (the caller
/// checks the lock), the tables afterwards equal the fold of the log, so `verify` is clean; an
/// interrupted repair leaves tables half copied, which running it again repairs.
enum DirectoryRepair {
    static func run(_ directory: DataDirectory, projection: DirectoryProjection) async throws -> RebuildOutcome {
        guard let version = projection.activeVersion else {
            throw ReplayError("the directory projection has no active version to repair", remedy: "run `replay rebuild` without --force")
        }
        let started = Date()
        let store = directory.store
        let last = store.lastPosition
        let fold = try ScratchFold(tenant: nil)
        let folding = Progress("folding the log", total: last.rawValue)
        try fold.advance(to: last, from: store, progress: folding)
        folding.finish()
        let prefix = "directory.v\(DirectoryProjection.currentVersion)."
        let names = try fold.scratch.environment.databaseNames().filter { $0.hasPrefix(prefix) }.sorted()
        let copying = Progress("replacing the live tables", total: UInt64(names.count), unit: "tables")
        for (index, name) in names.enumerated() {
            let source = try fold.scratch.environment.openDatabase(name, create: false)
            let target = try directory.environment.openDatabase("directory.v\(version)." + name.dropFirst(prefix.count), create: true)
            var after: [UInt8]?
            var first = true
            while true {
                let rows = try fold.scratch.environment.withReadTransaction { reader in
                    var rows: [([UInt8], [UInt8])] = []
                    try reader.scan(source, from: after) { key, value in
                        let key = Array(key)
                        if let after, key == after { return true }
                        rows.append((key, Array(value)))
                        return rows.count < 10_000
                    }
                    return rows
                }
                try await store.execute(ReplaceRows(table: target, clearFirst: first, rows: rows))
                first = false
                guard rows.count == 10_000, let lastKey = rows.last?.0 else { break }
                after = lastKey
            }
            copying.update(UInt64(index + 1))
        }
        copying.finish()
        return RebuildOutcome(projection: "directory", version: version, events: Int(last.rawValue), seconds: Date().timeIntervalSince(started))
    }
}

/// Writes rows into a live table in the writer's transaction (after clearing it, for the first batch).
private struct ReplaceRows: WriteCommand {
    let table: Database
    let clearFirst: Bool
    let rows: [([UInt8], [UInt8])]

    var metadata: CommandMetadata { CommandMetadata(actor: "replay", requestID: "rebuild-force") }

    func decide(_ state: borrowing TransactionReader) throws -> [ProposedEvent] { [] }

    func finish(_ outcome: CommandOutcome, _ transaction: borrowing WriteTransaction) throws {
        if clearFirst { try transaction.clear(table) }
        for (key, value) in rows { try transaction.put(table, key: key, value: value) }
    }
}
