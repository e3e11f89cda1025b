import Foundation
import Projections

/// The server's configuration file: one JSON object whose keys are the option names without
/// their dashes (`"port": 8443`, `"tls-cert": "/etc/scim/cert.pem"`).
///
/// Guarantees: the whole file is checked before anything starts: a file that is missing, not
/// JSON, not an object, has an unknown key, or a value that is not a string or number is an
/// ``OptionError`` naming the file and the key. Values keep their JSON text (numbers as
/// written), so every setting is validated by the same code wherever it came from.
struct ConfigurationFile {
    /// The file's settings, by option name.
    var values: [String: String]

    init(path: String, knownKeys: Set<String>) throws(OptionError) {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw OptionError("configuration file \(path) cannot be read: \(error.localizedDescription)")
        }
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: bytes)
        } catch {
            throw OptionError("configuration file \(path) is not valid JSON: \(error)")
        }
        guard let object = parsed.objectValue else {
            throw OptionError("configuration file \(path) must hold one JSON object, not a \(parsed.typeName)")
        }
        var values: [String: String] = [:]
        for member in object {
            guard knownKeys.contains(member.key) else {
                let known = knownKeys.sorted().joined(separator: ", ")
                throw OptionError("configuration file \(path): unknown key \"\(member.key)\" (known keys: \(known))")
            }
            switch member.value {
            case .string(let text): values[member.key] = text
            case .number(let number): values[member.key] = number.literal
            case .null: continue
            default:
                throw OptionError("configuration file \(path): \"\(member.key)\" must be a string or a number, not a \(member.value.typeName)")
            }
        }
        self.values = values
    }
}
