import EventLog
import Projections

/// A directory projection key as a person reads it: tenant, then what the row is about.
///
/// `default / User 2819c223-…`, `default / userName "bjensen@contoso.com" -> 2819c223-…`,
/// `default / Group e9e3… has member 2819…`, `default / count of User`,
/// `default / timeline 2026-03-01T09:30:00.000Z position 12`. Follows the layout documented on
/// ``DirectoryTables`` (every part a varint-length-prefixed string, times and positions 8 bytes
/// big-endian); a key that does not parse as its table's layout is shown byte by byte (printable
/// ASCII kept, other bytes as `\xNN`), so a damaged key is still listed.
enum VerifyKey {
    static func describe(_ difference: ProjectionDifference) -> String {
        let name = difference.table.split(separator: ".").last.map(String.init) ?? difference.table
        return (try? readable(name, difference.key)) ?? difference.printableKey
    }

    private static func readable(_ table: String, _ key: [UInt8]) throws -> String? {
        try key.withUnsafeBytes { buffer -> String? in
            var reader = BinaryReader(buffer)
            let tenant = try text(&reader)
            let described: String
            switch table {
            case "users", "groups":
                described = "\(table == "users" ? "User" : "Group") \(try text(&reader))"
            case "credentials":
                described = "password of User \(try text(&reader))"
            case "user_names", "user_external_ids", "user_emails", "group_names", "group_external_ids":
                let index = [
                    "user_names": "userName", "user_external_ids": "User externalId", "user_emails": "email",
                    "group_names": "displayName", "group_external_ids": "Group externalId",
                ][table] ?? table
                let value = try text(&reader)
                described = "\(index) \"\(value)\" -> \(try text(&reader))"
            case "members":
                let group = try text(&reader)
                described = "Group \(group) has member \(try text(&reader))"
            case "member_of":
                let member = try text(&reader)
                described = "\(member) is a member of Group \(try text(&reader))"
            case "counts":
                described = "count of \(try text(&reader))"
            case "timeline":
                let time = Timestamp(microsecondsSince1970: Int64(bitPattern: try reader.readUInt64() ^ (1 << 63)))
                described = "timeline \(time.iso8601) position \(try reader.readUInt64())"
            default:
                return nil
            }
            guard reader.isAtEnd else { return nil }
            return "\(tenant) / \(described)"
        }
    }

    private static func text(_ reader: inout BinaryReader) throws -> String {
        String(decoding: try reader.readBytes(), as: UTF8.self)
    }
}
