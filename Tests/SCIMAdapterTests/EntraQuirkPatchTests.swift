import Projections
import SCIMAdapter
import Testing

/// The PATCH quirks of entra-behaviour.md §7 and failure modes of §5 not covered by the catalogue
/// tests: filtered-path upserts (§3.10), remove carrying the old value, unknown attributes,
/// attribute-name case, and the validator's request shapes (§4.3).
@Suite struct EntraQuirkPatchTests {
    let user = FilterPatchFixtures.userObject

    var userWithoutContacts: JSONObject {
        var bare = user
        bare["emails"] = nil
        bare["phoneNumbers"] = nil
        bare["addresses"] = nil
        return bare
    }

    /// §3.10 / §5 item 7: Add and Replace on a filtered path create the element when none matches.
    @Test(arguments: ["Replace", "Add", "replace", "add"])
    func filteredPathCreatesMissingElement(_ op: String) throws {
        let body = patchBody(
            ["op": .string(op), "path": #"emails[type eq "work"].value"#, "value": "new@contoso.com"],
            ["op": .string(op), "path": #"addresses[type eq "work"].postalCode"#, "value": "98052"],
            ["op": .string(op), "path": #"phoneNumbers[type eq "mobile"].value"#, "value": "+1 425 555 0199"]
        )
        let outcome = try applyPatch(body, to: userWithoutContacts)
        var expected = userWithoutContacts
        expected["emails"] = [["type": "work", "value": "new@contoso.com"]]
        expected["addresses"] = [["type": "work", "postalCode": "98052"]]
        expected["phoneNumbers"] = [["type": "mobile", "value": "+1 425 555 0199"]]
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.isEmpty)
    }

    /// §5 items 7 and 8: creating or editing one element never drops its siblings.
    @Test func filteredPathLeavesSiblingsAlone() throws {
        let body = patchBody(
            ["op": "Replace", "path": #"phoneNumbers[type eq "mobile"].value"#, "value": "+1 425 555 0199"],
            ["op": "Replace", "path": #"emails[type eq "work"].value"#, "value": "changed@contoso.com"],
            ["op": "Add", "path": #"emails[type eq "other"].value"#, "value": "alias@contoso.com"]
        )
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["phoneNumbers"] = [["value": "+1 425 555 0100", "type": "work"], ["type": "mobile", "value": "+1 425 555 0199"]]
        expected["emails"] = [
            ["value": "changed@contoso.com", "type": "work", "primary": true],
            ["value": "test.user@example.org", "type": "home"],
            ["type": "other", "value": "alias@contoso.com"],
        ]
        #expect(outcome.resource == expected)
    }

    /// §3.10: `[primary eq true]` (validator) and `[primary eq "True"]` (Entra roles) upsert too,
    /// storing `primary` as a JSON boolean.
    @Test func primaryFiltersUpsert() throws {
        let body = patchBody(
            ["op": "replace", "path": "emails[primary eq true].value", "value": "mary@dickens.co.uk"],
            ["op": "Add", "path": #"roles[primary eq "True"].value"#, "value": "Admin"],
            ["op": "Add", "path": #"roles[primary eq "True"].display"#, "value": "Administrator"]
        )
        let outcome = try applyPatch(body, to: userWithoutContacts)
        #expect(outcome.resource["emails"] == [["primary": true, "value": "mary@dickens.co.uk"]])
        #expect(outcome.resource["roles"] == [["primary": true, "value": "Admin", "display": "Administrator"]])
    }

    @Test(arguments: [
        #"emails[value co "contoso"].value"#, #"emails[type eq "work" or type eq "home"].value"#, #"emails[not (type eq "work")].value"#,
        #"emails[type pr].value"#, #"emails[type eq "work" and type eq "home"].value"#, #"emails[display eq "x" and colour eq "red"].value"#,
    ])
    func filtersThatCannotCreateAreNoTarget(_ path: String) {
        let error = #expect(throws: SCIMError.self) {
            try applyPatch(patchBody(["op": "replace", "path": .string(path), "value": "x@contoso.com"]), to: userWithoutContacts)
        }
        #expect(error?.scimType == .noTarget)
    }

    /// §3.10 / §5 item 21: Remove carrying the old value removes only when it matches, never writes.
    @Test func removeWithMatchingOldValue() throws {
        let body = patchBody([
            "op": "Remove", "path": #"emails[type eq "work"].value"#,
            "value": "TEST_USER_11BB11BB-CC22-DD33-EE44-55FF55FF55FF@TESTUSER.COM",
        ])
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["emails"] = [["value": "test.user@example.org", "type": "home"]]
        #expect(outcome.resource == expected)
    }

    @Test func removeWithStaleOldValueChangesNothing() throws {
        let body = patchBody(["op": "Remove", "path": #"emails[type eq "work"].value"#, "value": "updated@example.org"])
        let outcome = try applyPatch(body, to: user)
        #expect(outcome.resource == user)
        #expect(outcome.warnings.count == 1)
    }

    @Test func removeOnFilterMatchingNothingIsANoOp() throws {
        let outcome = try applyPatch(patchBody(["op": "remove", "path": #"emails[type eq "other"]"#]), to: user)
        #expect(outcome.resource == user)
        #expect(outcome.warnings.count == 1)
    }

    /// §5 item 9 / §7 item 17: unknown attributes are skipped with a warning and never block
    /// `active=false` in the same request.
    @Test func unknownAttributesDoNotFailThePatch() throws {
        let body = patchBody(
            ["op": "Replace", "path": "favouriteColour", "value": "blue"],
            ["op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:role", "value": "Admin"],
            ["op": "add", "path": "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute", "value": "x"],
            ["op": "Replace", "path": "name.nickname", "value": "x"],
            ["op": "Replace", "path": #"ims[type eq "xmpp"].value"#, "value": "x"],
            ["op": "replace", "value": ["unknownKey": 1, "name.middleName": "Q", "bad key!": 2]],
            ["op": "Remove", "path": "x509Certificates"],
            ["op": "Replace", "path": "active", "value": "False"]
        )
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["active"] = false
        #expect(outcome.resource == expected)
        #expect(outcome.warnings.map(\.operationIndex) == [0, 1, 2, 3, 4, 5, 5, 5, 6])
        #expect(outcome.warnings[0].path == "favouriteColour")
        #expect(outcome.warnings[0].message.contains("not an attribute of User"))
        #expect(outcome.warnings[3].message.contains(#""nickname" is not a sub-attribute of "name""#))
    }

    /// §3.13 / §5 item 23: attribute and sub-attribute names are case-insensitive, stored with the
    /// schema's spelling (no duplicate case variants).
    @Test func attributeNameCaseIsNormalised() throws {
        var stored = user
        stored["emails"] = nil
        stored["Emails"] = [["Value": "a@b.c", "Type": "work", "Primary": true]]
        let body = patchBody(
            ["op": "Replace", "path": #"emails[type eq "work"].Value"#, "value": "new@b.c"],
            ["op": "Add", "path": #"emails[type eq "other"].Value"#, "value": "alias@b.c"],
            ["op": "Replace", "path": #"addresses[type eq "other"].Formatted"#, "value": "Building 7"],
            ["op": "replace", "path": "NAME.GIVENNAME", "value": "Joy"]
        )
        let outcome = try applyPatch(body, to: stored)
        #expect(outcome.resource["Emails"] == nil)
        #expect(outcome.resource["emails"] == [["value": "new@b.c", "type": "work", "primary": true], ["type": "other", "value": "alias@b.c"]])
        #expect(outcome.resource.element("addresses", type: "other") == ["type": "other", "formatted": "Building 7"])
        #expect(outcome.resource.at("name", "givenName") == "Joy")
    }

    /// The validator's "Patch User - Replace Attributes" (entra-behaviour.md §4.3).
    @Test func validatorReplaceAttributes() throws {
        var stored = user
        stored["addresses"] = [["type": "work", "primary": true, "formatted": "old", "streetAddress": "old street"]]
        stored["phoneNumbers"] = [["type": "work", "primary": true, "value": "1"], ["type": "mobile", "value": "2"]]
        let body = patchBody(
            ["op": "replace", "path": "emails[primary eq true].value", "value": "mary@dickens.co.uk"],
            ["op": "replace", "path": "phoneNumbers[primary eq true].value", "value": "39-949-9451"],
            ["op": "replace", "path": "addresses[primary eq true].formatted", "value": "EMZNFSDRVIIF"],
            ["op": "replace", "path": "addresses[primary eq true].streetAddress", "value": "2645 Renner Burg"],
            [
                "op": "replace",
                "value": ["externalId": "16bf3b76-243b-49e1-a939-5176753d02c8", "name.givenName": "Oswaldo", "name.familyName": "Rylan"],
            ]
        )
        let outcome = try applyPatch(body, to: stored)
        var expected = stored
        expected["emails"] = [
            ["value": "mary@dickens.co.uk", "type": "work", "primary": true], ["value": "test.user@example.org", "type": "home"],
        ]
        expected["phoneNumbers"] = [["type": "work", "primary": true, "value": "39-949-9451"], ["type": "mobile", "value": "2"]]
        expected["addresses"] = [["type": "work", "primary": true, "formatted": "EMZNFSDRVIIF", "streetAddress": "2645 Renner Burg"]]
        expected["externalId"] = "16bf3b76-243b-49e1-a939-5176753d02c8"
        expected["name"] = ["formatted": "givenName familyName", "familyName": "Rylan", "givenName": "Oswaldo"]
        #expect(outcome.resource == expected)
    }

    /// The validator sequence quoted in `sourcegraph/sourcegraph-public-snapshot` PR #49119: moving
    /// `primary` to another email clears it on the old one.
    @Test func validatorEmailSequenceKeepsOnePrimary() throws {
        let body = patchBody(
            ["op": "replace", "path": #"emails[type eq "work"].value"#, "value": "work@contoso.com"],
            ["op": "add", "path": #"emails[type eq "home"].value"#, "value": "home@contoso.com"],
            ["op": "add", "path": #"emails[type eq "other"].value"#, "value": "other@contoso.com"],
            ["op": "replace", "path": #"emails[type eq "work"].display"#, "value": "Work"],
            ["op": "add", "path": #"emails[type eq "work"].primary"#, "value": false],
            ["op": "replace", "path": #"emails[type eq "home"].primary"#, "value": true]
        )
        let outcome = try applyPatch(body, to: user)
        #expect(
            outcome.resource["emails"] == [
                ["value": "work@contoso.com", "type": "work", "primary": false, "display": "Work"],
                ["value": "home@contoso.com", "type": "home", "primary": true],
                ["type": "other", "value": "other@contoso.com"],
            ])
        let moved = try applyPatch(patchBody(["op": "replace", "path": #"emails[type eq "other"].primary"#, "value": "True"]), to: outcome.resource)
        #expect(moved.resource.elements("emails").map { $0["primary"] } == [.bool(false), .bool(false), .bool(true)])
    }

    /// The SCIM Validation Logic App's null-update test (§4.4): `""` and `null` clear attributes.
    @Test(arguments: ["", nil] as [JSONValue])
    func emptyValuesClearOptionalAttributes(_ empty: JSONValue) throws {
        let body = patchBody(
            ["op": "replace", "path": "title", "value": empty],
            ["op": "replace", "path": "active", "value": empty],
            ["op": "replace", "path": #"phoneNumbers[type eq "work"].value"#, "value": empty],
            ["op": "replace", "value": ["displayName": empty, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": empty]]
        )
        let outcome = try applyPatch(body, to: user)
        var expected = user
        expected["title"] = nil
        expected["active"] = nil
        expected["displayName"] = nil
        expected["phoneNumbers"] = nil
        expected[FilterPatchFixtures.enterpriseURN] = ["employeeNumber": "701984"]
        #expect(outcome.resource == expected)
    }

    /// §3.8: Entra periodically re-sends `active=true` to active users; it must succeed unchanged.
    @Test func redundantPatchSucceedsUnchanged() throws {
        let body = patchBody(
            ["op": "Replace", "path": "active", "value": "True"],
            ["op": "Replace", "path": "userName", "value": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"],
            ["op": "Add", "path": "emails", "value": [["value": "test.user@example.org", "type": "home"]]],
            ["op": "replace", "path": "id", "value": "2441309d85324e7793ae"]
        )
        let outcome = try applyPatch(body, to: user)
        #expect(outcome.resource == user)
        #expect(outcome.warnings.isEmpty)
    }

    /// §3.12 / §7 item 16: values are stored exactly as sent.
    @Test func valuesAreStoredAsSent() throws {
        let outcome = try applyPatch(
            patchBody(
                ["op": "Replace", "path": #"phoneNumbers[type eq "work"].value"#, "value": "55555555555"],
                ["op": "Replace", "path": "displayName", "value": "  Joy  YOUNG "]
            ), to: user)
        #expect(outcome.resource.element("phoneNumbers", type: "work")?.objectValue?["value"] == "55555555555")
        #expect(outcome.resource["displayName"] == "  Joy  YOUNG ")
    }
}
