import Projections

/// Removes secrets from request bodies before they are journaled.
///
/// Guarantees: every `password` value is replaced by `"[redacted]"`, wherever it appears: as a
/// member of any object (any case, also URN-qualified `…:User:password`), as the value of a PATCH
/// operation whose path names `password`, and inside bulk operations' `data`. A body that is not
/// JSON is kept only if it does not mention "password" at all; otherwise only a note is kept.
enum JournalRedaction {
    static let marker: JSONValue = "[redacted]"

    /// The body as journaled, from its bytes.
    static func requestBody(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        guard let value = try? JSONValue(parsing: body) else {
            let text = String(decoding: body, as: UTF8.self)
            return text.lowercased().contains("password") ? "[body is not JSON and mentions a password: not recorded]" : text
        }
        return redact(value).serialized()
    }

    static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            let pathNamesPassword = object.value(caseInsensitiveKey: "path")?.stringValue.map(namesPassword) ?? false
            for member in object {
                if namesPassword(member.key) || (pathNamesPassword && member.key.equalsIgnoringASCIICase("value")) {
                    result[member.key] = marker
                } else {
                    result[member.key] = redact(member.value)
                }
            }
            return .object(result)
        case .array(let elements):
            return .array(elements.map(redact))
        default:
            return value
        }
    }

    /// `password`, `urn:…:User:password` or a PATCH path ending in `password`, in any case.
    static func namesPassword(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "password" || lowered.hasSuffix(":password") || lowered.hasSuffix(".password")
    }
}
