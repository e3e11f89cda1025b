import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Builds every index table of a directory from its rows, in key order, with `MDB_APPEND`.
///
/// Indexes are a pure function of the current rows, so a bulk fold (a rebuild, `verify`,
/// `replay state --at`) skips them event by event and builds them once at the end: each index
/// page is then written once, instead of a random page being rewritten for nearly every event.
/// Guarantees: the result equals what maintaining the indexes event by event gives (`verify`
/// compares a bulk-built fold with the live, incrementally maintained tables).
public enum DirectoryIndexBuild {
    /// Clears the index tables of `tables` and fills them from the users and groups rows.
    /// Returns the number of index entries written.
    @discardableResult
    public static func build(_ tables: DirectoryTables, in txn: borrowing WriteTransaction) throws -> Int {
        let indexTables = [tables.userNames, tables.userExternalIDs, tables.userEmails, tables.groupNames, tables.groupExternalIDs]
        var buffers = [KeyBuffer](repeating: KeyBuffer(), count: indexTables.count)
        for kind in ResourceKind.allCases {
            try txn.reader.scan(tables.resources(kind)) { key, row in
                // The row key is tenant ‖ id, each length-prefixed: the index keys reuse both as bytes.
                var keyReader = BinaryReader(key)
                let tenant = try keyReader.readRaw(count: try keyReader.readLength())
                let id = try keyReader.readRaw(count: try keyReader.readLength())
                let (_, resource) = try StoredRowHeader.parse(row)
                try IndexValueScanner.visit(kind: kind, resource: resource) { slot, value in
                    buffers[slot].append(tenant: tenant, value: value, id: id)
                }
                return true
            }
        }
        var written = 0
        for (table, buffer) in zip(indexTables, buffers) {
            try txn.clear(table)
            try buffer.bytes.withUnsafeBytes { base in
                var previous: UnsafeRawBufferPointer?
                for range in buffer.sortedRanges() {
                    let key = UnsafeRawBufferPointer(rebasing: base[range])
                    if let previous, previous.elementsEqual(key) { continue }  // the same value twice on one resource
                    try txn.put(table, key: key, value: UnsafeRawBufferPointer(start: base.baseAddress, count: 0), options: .append)
                    previous = key
                    written += 1
                }
            }
        }
        return written
    }

    /// Keys in one flat buffer, sorted as LMDB orders them (byte-wise).
    struct KeyBuffer {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []

        /// Appends the key tenant ‖ value (cut as index keys are) ‖ id, laid out as ``DirectoryIndexValues/key(_:_:id:)``.
        mutating func append(tenant: UnsafeRawBufferPointer, value: some Collection<UInt8>, id: UnsafeRawBufferPointer) {
            let start = bytes.count
            appendVarint(UInt64(tenant.count))
            bytes.append(contentsOf: tenant)
            let cut = value.prefix(DirectoryKey.maximumIndexedBytes)
            appendVarint(UInt64(cut.count))
            bytes.append(contentsOf: cut)
            appendVarint(UInt64(id.count))
            bytes.append(contentsOf: id)
            ranges.append(start..<bytes.count)
        }

        private mutating func appendVarint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        func sortedRanges() -> [Range<Int>] {
            bytes.withUnsafeBytes { base in
                ranges.sorted { a, b in
                    let left = UnsafeRawBufferPointer(rebasing: base[a])
                    let right = UnsafeRawBufferPointer(rebasing: base[b])
                    let common = min(left.count, right.count)
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    return order != 0 ? order < 0 : left.count < right.count
                }
            }
        }
    }
}

/// Finds a resource's indexed values in its binary form without building member lists.
///
/// Slots: 0 userName, 1 user externalId, 2 email value, 3 group displayName, 4 group externalId —
/// the order of the index tables in ``DirectoryIndexBuild``. Values are folded exactly as
/// ``DirectoryIndexValues`` folds them (emails deduplicated per resource).
enum IndexValueScanner {
    static func visit(kind: ResourceKind, resource: UnsafeRawBufferPointer, _ body: (Int, [UInt8]) -> Void) throws {
        var reader = BinaryReader(resource)
        guard try reader.readByte() == JSONBinaryTag.object else { throw BinaryDecodingError.malformed("resource is not an object", at: 0) }
        let count = try reader.readVarint()
        var seenUserName = false, seenExternalID = false, seenEmails = false, seenDisplayName = false
        for _ in 0..<count {
            let key = try reader.readRaw(count: try reader.readLength())
            let start = reader.offset
            try BinaryJSONObject.skipValue(&reader, depth: 0)
            let value = UnsafeRawBufferPointer(rebasing: resource[start..<reader.offset])
            // The first member matching each name wins, as a case-insensitive lookup finds it.
            if !seenExternalID, equal(key, DirectoryIndexValues.externalIDKey) {
                seenExternalID = true
                if let string = BinaryJSONObject.stringBytes(value) { body(kind == .user ? 1 : 4, Array(string)) }
            } else if kind == .user, !seenUserName, equal(key, DirectoryIndexValues.userNameKey) {
                seenUserName = true
                if let string = BinaryJSONObject.stringBytes(value) { body(0, DirectoryIndexValues.folded(string)) }
            } else if kind == .user, !seenEmails, equal(key, DirectoryIndexValues.emailsKey) {
                seenEmails = true
                var folded: [[UInt8]] = []
                for element in try BinaryJSONObject.arrayElements(value) ?? [] where BinaryJSONObject.isObject(element) {
                    if let email = try BinaryJSONObject(element).value(caseInsensitiveKey: DirectoryIndexValues.valueKey).flatMap(BinaryJSONObject.stringBytes) {
                        let value = DirectoryIndexValues.folded(email)
                        if !folded.contains(value) {
                            folded.append(value)
                            body(2, value)
                        }
                    }
                }
            } else if kind == .group, !seenDisplayName, equal(key, DirectoryIndexValues.displayNameKey) {
                seenDisplayName = true
                if let string = BinaryJSONObject.stringBytes(value) { body(3, DirectoryIndexValues.folded(string)) }
            }
        }
    }

    private static func equal(_ key: UnsafeRawBufferPointer, _ name: [UInt8]) -> Bool {
        guard key.count == name.count else { return false }
        for (a, b) in zip(key, name) where a != b {
            let la = a | 0x20
            guard la == b | 0x20, la >= UInt8(ascii: "a"), la <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}
