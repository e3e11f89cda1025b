/// A table of text aligned in columns, with optional detail lines under each row.
///
/// Columns are as wide as their widest cell (counted in characters); the last column is never
/// padded, so long values (paths, diffs) do not push trailing spaces into the output. Detail lines
/// are indented to where the last column starts when that is narrow enough, else by four spaces,
/// and do not widen any column.
struct TextTable {
    /// How a column's cells line up.
    enum Alignment { case left, right }

    private let titles: [String]
    private let alignments: [Alignment]
    private var rows: [(cells: [String], details: [String])] = []

    init(_ columns: (String, Alignment)...) {
        titles = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    init(_ titles: String...) {
        self.titles = titles
        alignments = titles.map { _ in .left }
    }

    var isEmpty: Bool { rows.isEmpty }

    /// Adds a row; missing cells are empty, extra cells are dropped.
    mutating func add(_ cells: [String], details: [String] = []) {
        var padded = Array(cells.prefix(titles.count))
        while padded.count < titles.count { padded.append("") }
        rows.append((padded, details))
    }

    /// The table as lines of text (no trailing newline on the last line).
    func lines() -> [String] {
        var widths = titles.map(\.count)
        for row in rows {
            for (index, cell) in row.cells.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let gap = "  "
        func render(_ cells: [String]) -> String {
            var line = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                switch (alignments[index], isLast) {
                case (.left, true): line += cell
                case (.left, false): line += cell + padding + gap
                case (.right, _): line += padding + cell + (isLast ? "" : gap)
                }
            }
            return trimmingTrailingSpaces(line)
        }
        let lastColumnStart = widths.dropLast().reduce(0) { $0 + $1 + gap.count }
        let detailIndent = String(repeating: " ", count: lastColumnStart <= 60 ? lastColumnStart + 2 : 4)
        var lines = [render(titles)]
        for row in rows {
            lines.append(render(row.cells))
            lines.append(contentsOf: row.details.map { detailIndent + $0 })
        }
        return lines
    }

    private func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}

extension Console {
    /// Writes every line of `table`.
    mutating func table(_ table: TextTable) {
        for line in table.lines() { self.line(line) }
    }
}
