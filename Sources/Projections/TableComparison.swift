import EventLog

/// Compares two tables row by row (a merge of two sorted cursors): the core of every projection's `verify`.
enum TableComparison {
    static func compare(
        _ liveTable: Database, _ liveTxn: borrowing TransactionReader, _ foldTable: Database, _ foldTxn: borrowing TransactionReader,
        into report: inout VerificationReport, limit: Int
    ) throws {
        var liveCursor = try liveTxn.cursor(liveTable)
        var foldCursor = try foldTxn.cursor(foldTable)
        var liveRow = try liveCursor.next().map { (Array($0.key), Array($0.value)) }
        var foldRow = try foldCursor.next().map { (Array($0.key), Array($0.value)) }
        func note(_ kind: ProjectionDifference.Kind, _ key: [UInt8], _ expected: [UInt8]?, _ actual: [UInt8]?) {
            guard report.differences.count < limit else {
                report.truncated = true
                return
            }
            report.differences.append(ProjectionDifference(table: liveTable.name, kind: kind, key: key, expected: expected, actual: actual))
        }
        while liveRow != nil || foldRow != nil {
            report.rowsCompared += 1
            switch (liveRow, foldRow) {
            case let ((liveKey, liveValue)?, (foldKey, foldValue)?) where liveKey == foldKey:
                if liveValue != foldValue { note(.different, liveKey, foldValue, liveValue) }
                liveRow = try liveCursor.next().map { (Array($0.key), Array($0.value)) }
                foldRow = try foldCursor.next().map { (Array($0.key), Array($0.value)) }
            case let ((liveKey, liveValue)?, (foldKey, _)?) where liveKey.lexicographicallyPrecedes(foldKey):
                note(.unexpected, liveKey, nil, liveValue)
                liveRow = try liveCursor.next().map { (Array($0.key), Array($0.value)) }
            case let (_, (foldKey, foldValue)?):
                note(.missing, foldKey, foldValue, nil)
                foldRow = try foldCursor.next().map { (Array($0.key), Array($0.value)) }
            case let ((liveKey, liveValue)?, nil):
                note(.unexpected, liveKey, nil, liveValue)
                liveRow = try liveCursor.next().map { (Array($0.key), Array($0.value)) }
            case (nil, nil):
                break
            }
        }
    }
}
