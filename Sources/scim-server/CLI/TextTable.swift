/// Left-aligned text columns for the CLI's listings.
enum TextTable {
    /// `header` and `rows`, each column as wide as its widest cell, two spaces apart; `(none)` for no rows.
    static func render(header: [String], rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
