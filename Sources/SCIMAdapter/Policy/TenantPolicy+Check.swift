import Projections

extension TenantPolicy {
    /// Checks a user about to be created against every rule.
    /// - Throws: `SCIMError` 400 `invalidValue` naming the first rule violated.
    func checkNewUser(_ resource: JSONObject) throws(SCIMError) {
        if !createInactiveUsers, resource.value(caseInsensitiveKey: "active")?.boolValue == false {
            throw Self.violation("createInactiveUsers", "this tenant does not create users that are provisioned as inactive (active is false)")
        }
        try checkUserName(resource)
        for path in requiredUserAttributes where !Self.has(path, resource) {
            throw Self.violation("requiredAttributes", "\"\(path)\" is required for users of this tenant")
        }
        if requirePrimaryEmail, !Self.hasPrimaryEmail(resource) {
            throw Self.violation("requirePrimaryEmail", "users of this tenant need a primary email (an email marked primary, or a single email)")
        }
    }

    /// Checks a user about to be replaced or patched: userName rules when the userName changes;
    /// required attributes and the primary email only when `old` satisfied them (a request may not
    /// break a rule, but a user who predates a rule can still be changed, and deactivated).
    func checkChangedUser(from old: JSONObject, to new: JSONObject) throws(SCIMError) {
        if old.value(caseInsensitiveKey: "userName") != new.value(caseInsensitiveKey: "userName") {
            try checkUserName(new)
        }
        for path in requiredUserAttributes where Self.has(path, old) && !Self.has(path, new) {
            throw Self.violation("requiredAttributes", "\"\(path)\" is required for users of this tenant and cannot be removed")
        }
        if requirePrimaryEmail, Self.hasPrimaryEmail(old), !Self.hasPrimaryEmail(new) {
            throw Self.violation("requirePrimaryEmail", "users of this tenant need a primary email, which this request would remove")
        }
    }

    private func checkUserName(_ resource: JSONObject) throws(SCIMError) {
        guard let name = resource.value(caseInsensitiveKey: "userName")?.stringValue else { return }
        let rules = self.userName
        if let maximum = rules.maximumLength, name.count > maximum {
            throw Self.violation("userName.maximumLength", "userName has \(name.count) characters; at most \(maximum) are allowed")
        }
        if let allowed = rules.allowedCharacters, let bad = allowed.firstDisallowed(in: name) {
            throw Self.violation(
                "userName.allowedCharacters", "userName contains \"\(bad)\"; only the characters [\(allowed.spec)] are allowed")
        }
        if rules.forbidEmailAddress, Self.looksLikeEmailAddress(name) {
            throw Self.violation("userName.forbidEmailAddress", "an email address may not be used as a userName in this tenant")
        }
    }

    private static func violation(_ rule: String, _ detail: String) -> SCIMError {
        .invalidValue("Refused by tenant policy \(rule): \(detail).")
    }

    /// Whether `resource` has a non-empty value at `path` (as the filter `path pr` decides).
    static func has(_ path: String, _ resource: JSONObject) -> Bool {
        guard let attribute = try? AttributePath(parsing: path),
            let evaluator = try? FilterEvaluator(.present(attribute), resourceType: .user)
        else { return false }
        return evaluator.matches(resource)
    }

    static func hasPrimaryEmail(_ resource: JSONObject) -> Bool {
        let emails = (resource.value(caseInsensitiveKey: "emails")?.arrayValue ?? []).compactMap(\.objectValue).filter { email in
            guard let value = email.value(caseInsensitiveKey: "value")?.stringValue else { return false }
            return !value.isEmpty
        }
        if emails.count == 1 { return true }
        return emails.contains { $0.value(caseInsensitiveKey: "primary")?.boolValue == true }
    }

    /// `local@domain.tld` with no spaces: what "an email address" means for the userName rule.
    static func looksLikeEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" ") else { return false }
        let domain = parts[1]
        guard let dot = domain.lastIndex(of: "."), dot != domain.startIndex, domain.index(after: dot) != domain.endIndex else { return false }
        return true
    }
}
