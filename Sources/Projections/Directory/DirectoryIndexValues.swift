import EventLog

/// The values of a stored resource that the directory indexes, read from its binary form.
///
/// Guarantees: the same values, folded the same way, as reading the decoded resource would give:
/// userName, email values and group displayName are case-folded (`String.lowercased()`, with an
/// ASCII fast path that gives identical bytes); externalId is kept exactly.
struct DirectoryIndexValues: Hashable {
    struct Entry: Hashable {
        let table: Database
        let value: [UInt8]
    }

    var entries: [Entry] = []

    static let userNameKey = Array("userName".utf8)
    static let externalIDKey = Array("externalId".utf8)
    static let emailsKey = Array("emails".utf8)
    static let valueKey = Array("value".utf8)
    static let displayNameKey = Array("displayName".utf8)

    /// Top-level attributes whose change can move index entries.
    static let indexedAttributes: [[UInt8]] = [userNameKey, externalIDKey, emailsKey, displayNameKey]

    init(kind: ResourceKind, resource: BinaryJSONObject, tables: DirectoryTables) throws {
        if let externalID = resource.value(caseInsensitiveKey: Self.externalIDKey).flatMap(BinaryJSONObject.stringBytes) {
            entries.append(Entry(table: kind == .user ? tables.userExternalIDs : tables.groupExternalIDs, value: Array(externalID)))
        }
        switch kind {
        case .user:
            if let userName = resource.value(caseInsensitiveKey: Self.userNameKey).flatMap(BinaryJSONObject.stringBytes) {
                entries.append(Entry(table: tables.userNames, value: Self.folded(userName)))
            }
            if let emails = resource.value(caseInsensitiveKey: Self.emailsKey), let elements = try BinaryJSONObject.arrayElements(emails) {
                var seen: Set<[UInt8]> = []
                for element in elements where BinaryJSONObject.isObject(element) {
                    let email = try BinaryJSONObject(element)
                    if let value = email.value(caseInsensitiveKey: Self.valueKey).flatMap(BinaryJSONObject.stringBytes) {
                        let folded = Self.folded(value)
                        if seen.insert(folded).inserted { entries.append(Entry(table: tables.userEmails, value: folded)) }
                    }
                }
            }
        case .group:
            if let name = resource.value(caseInsensitiveKey: Self.displayNameKey).flatMap(BinaryJSONObject.stringBytes) {
                entries.append(Entry(table: tables.groupNames, value: Self.folded(name)))
            }
        }
    }

    /// Lower-cases like `String.lowercased()`: bytes for ASCII, the standard library otherwise.
    static func folded(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        }
        return Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
    }

    /// The index key of `entry` for resource `id` of `tenant`.
    static func key(_ tenant: String, _ value: [UInt8], id: String) -> [UInt8] {
        var writer = BinaryWriter(capacity: 24 + min(value.count, DirectoryKey.maximumIndexedBytes) + id.utf8.count)
        writer.write(string: tenant)
        writer.write(lengthPrefixed: value.prefix(DirectoryKey.maximumIndexedBytes))
        writer.write(string: id)
        return writer.bytes
    }
}
