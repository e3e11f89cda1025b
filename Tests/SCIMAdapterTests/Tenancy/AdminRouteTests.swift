import SCIMAdapter
import Testing

/// Pure pieces of the admin API: its paths and token lifetimes.
@Suite struct AdminRouteTests {
    @Test(arguments: [
        ("/provisioning/token", AdminRoute.mintToken), ("/provisioning/token/", .mintToken), ("/admin/tenants", .tenants),
        ("/admin/tenants/acme", .tenant("acme")), ("/admin/tenants/acme/disable", .tenantState("acme", enable: false)),
        ("/admin/tenants/acme/enable", .tenantState("acme", enable: true)), ("/admin/tenants/acme/tokens", .tenantTokens("acme")),
        ("/admin/tenants/acme/quarantine", .tenantQuarantine("acme")), ("/admin/tokens/0123456789abcdef", .token("0123456789abcdef")),
        ("/admin/tenants/a%2Db", .tenant("a-b")), ("/admin", .unknown), ("/admin/tenants/acme/explode", .unknown),
    ] as [(String, AdminRoute)])
    func adminPaths(path: String, route: AdminRoute) {
        #expect(AdminRoute(path: path) == route)
    }

    @Test(arguments: ["/scim/v2/Users", "/tenants/acme/scim/v2/Users", "/provisioning", "/administrator", "/"])
    func otherPathsAreNotAdminRoutes(path: String) {
        #expect(AdminRoute(path: path) == nil)
    }

    @Test(arguments: [
        ("10h", 36_000), ("30m", 1_800), ("90s", 90), ("7d", 604_800), ("2w", 1_209_600), ("1h30m", 5_400), ("3600", 3_600),
    ] as [(String, Int64)])
    func lifetimes(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "0", "0h", "h", "10x", "1.5h", "-1h", "10H", "99999999999999999999h", "1h 30m", "h10"])
    func badLifetimes(text: String) {
        #expect(DurationText.parse(text) == nil, "\(text)")
    }
}
