import EventLog
import Projections

/// The JSON shapes of tenants, tokens and quarantine reports, shared by the admin API and the
/// `scim-server` CLI's `--json` output.
///
/// Guarantees: never contains a token secret, except ``issued(_:)``, the one answer that shows a
/// new token's secret (under `token`). Times are ISO 8601 UTC with milliseconds; absent optional
/// values are `null`, so every key is always present.
public enum AdminJSON {
    public static func tenant(_ tenant: TenantRecord) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(tenant.id)
        object["name"] = .string(tenant.name)
        object["displayName"] = tenant.displayName.map(JSONValue.string) ?? .null
        object["state"] = .string(tenant.state.description)
        object["createdAt"] = time(tenant.createdAt)
        object["updatedAt"] = time(tenant.updatedAt)
        return .object(object)
    }

    /// A token's metadata and, when known, its last use.
    public static func token(_ token: TokenRecord, lastUsed: Timestamp? = nil, now: Timestamp = .now()) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(token.id)
        object["tenant"] = .string(token.tenant)
        object["name"] = .string(token.name)
        object["scopes"] = .array(token.scopes.map { .string($0.rawValue) })
        object["status"] = .string(token.status(at: now).rawValue)
        object["createdAt"] = time(token.createdAt)
        object["createdBy"] = .string(token.createdBy)
        object["expiresAt"] = token.expiresAt.map(time) ?? .null
        object["lastUsed"] = lastUsed.map(time) ?? .null
        object["revoked"] = .bool(token.revokedAt != nil)
        object["revokedAt"] = token.revokedAt.map(time) ?? .null
        object["revokedBy"] = token.revokedBy.map(JSONValue.string) ?? .null
        return .object(object)
    }

    /// A newly issued token with its secret under `token` (shown once).
    public static func issued(_ issued: IssuedToken, now: Timestamp = .now()) -> JSONValue {
        guard case .object(var object) = token(issued.token, now: now) else { return .null }
        object["token"] = .string(issued.secret.plaintext)
        object["note"] = .string("The token is shown once, now: only its SHA-256 digest is stored. Paste it as Entra's Secret Token.")
        return .object(object)
    }

    public static func tokens(_ listings: [TokenListing], now: Timestamp = .now()) -> JSONValue {
        ["tokens": .array(listings.map { token($0.token, lastUsed: $0.lastUsedAt, now: now) })]
    }

    public static func tenants(_ tenants: [TenantRecord]) -> JSONValue {
        ["tenants": .array(tenants.map(tenant))]
    }

    /// A tenant's standing against Entra's quarantine thresholds.
    public static func quarantine(_ report: QuarantineReport, configuration: QuarantineMonitor.Configuration) -> JSONValue {
        let thresholds = configuration.thresholds
        var object = JSONObject()
        object["tenant"] = .string(report.tenant)
        object["level"] = .string(report.level.description)
        object["windowSeconds"] = .number(JSONNumber(Int(configuration.window.components.seconds)))
        object["requests"] = .number(JSONNumber(report.counts.requests))
        object["failures"] = .number(JSONNumber(report.counts.failures))
        object["referenceFailures"] = .number(JSONNumber(report.counts.referenceFailures))
        object["credentialFailures"] = .number(JSONNumber(report.counts.credentialFailures))
        object["failureRatio"] = .number(JSONNumber((report.counts.failureRatio * 10_000).rounded() / 10_000))
        object["credentialFailureStreak"] = .number(JSONNumber(report.credentialFailureStreak))
        object["thresholds"] = [
            "evaluationFailures": .number(JSONNumber(thresholds.evaluationFailures)),
            "failureRatio": .number(JSONNumber(thresholds.failureRatio)),
            "failureCap": .number(JSONNumber(thresholds.failureCap)),
            "totalFailureCap": .number(JSONNumber(thresholds.totalFailureCap)),
            "warningFraction": .number(JSONNumber(configuration.warningFraction)),
            "credentialFailuresForCritical": .number(JSONNumber(configuration.credentialFailuresForCritical)),
        ]
        object["reasons"] = .array(report.reasons.map(JSONValue.string))
        object["recentFailures"] = .array(report.recentFailures.map { failure -> JSONValue in
            ["at": time(failure.at), "status": .number(JSONNumber(failure.status)), "request": .string(failure.request)]
        })
        return .object(object)
    }

    private static func time(_ time: Timestamp) -> JSONValue { .string(time.iso8601) }
}
