/// Realistic SCIM request bodies, shaped like what Microsoft Entra ID provisioning sends.
enum SCIMSampleBodies {
    /// A typical Entra user with the enterprise extension (~600 bytes compact).
    static let entraUser = """
        {
          "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
          ],
          "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
          "userName": "bjensen@contoso.example",
          "active": true,
          "displayName": "Barbara Jensen",
          "title": "Senior Accountant",
          "emails": [
            {"primary": true, "type": "work", "value": "bjensen@contoso.example"}
          ],
          "meta": {"resourceType": "User"},
          "name": {"formatted": "Barbara Jensen", "familyName": "Jensen", "givenName": "Barbara"},
          "phoneNumbers": [
            {"type": "work", "value": "+1 (425) 555-0100"},
            {"type": "mobile", "value": "+1 (425) 555-0199"}
          ],
          "addresses": [
            {
              "type": "work",
              "formatted": "1 Microsoft Way\\nRedmond, WA 98052\\nUS",
              "streetAddress": "1 Microsoft Way",
              "locality": "Redmond",
              "region": "WA",
              "postalCode": "98052",
              "country": "US",
              "primary": true
            }
          ],
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "department": "Finance",
            "costCenter": "4130",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
          }
        }
        """

    /// The ~600-byte user the throughput figures are quoted for (compact form).
    static let typicalUser = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],\
        "userName":"bjensen@contoso.example","active":true,\
        "emails":[{"primary":true,"type":"work","value":"bjensen@contoso.example"}],\
        "name":{"familyName":"Jensen","givenName":"Barbara"},\
        "phoneNumbers":[{"type":"work","value":"+1 425 555 0100"}],\
        "addresses":[{"type":"work","locality":"Redmond","region":"WA","country":"US","primary":true}],\
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Finance",\
        "manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}}}
        """

    /// A user with non-ASCII names, escapes, an emoji (surrogate pair), numbers and nulls.
    static let internationalUser = """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "externalId": "zoë.ångström",
          "userName": "zoe.angstrom@fabrikam.example",
          "active": false,
          "displayName": "Zoë Ångström \\ud83d\\ude80",
          "nickName": "Z\\u00f6\\u00eb",
          "preferredLanguage": "sv-SE",
          "locale": "sv-SE",
          "timezone": "Europe/Stockholm",
          "profileUrl": "https://fabrikam.example/people/zoe",
          "name": {"familyName": "Ångström", "givenName": "Zoë", "honorificPrefix": null,
                   "formatted": "Zoë \\"Z\\" Ångström\\t(she/her)"},
          "emails": [
            {"value": "zoe.angstrom@fabrikam.example", "type": "work", "primary": true},
            {"value": "zoe@home.example", "type": "home", "primary": false}
          ],
          "phoneNumbers": [{"value": "+46 8 123 456 78", "type": "work"},
                           {"value": "+46 70 123 45 67", "type": "mobile"},
                           {"value": "+46 8 999 000", "type": "fax"}],
          "addresses": [{"type": "work", "streetAddress": "Drottninggatan 1", "locality": "Stockholm",
                         "postalCode": "111 51", "country": "SE", "primary": true}],
          "x-loginCount": 1234567890123,
          "x-score": -0.5e-3,
          "x-ratio": 1.0,
          "x-big": 123456789012345678901234567890,
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "S-4711", "organization": "Fabrikam AB", "division": "Nordics",
            "department": "Forskning & Utveckling",
            "manager": {"value": "9f2e1c3a-7b6d-4e5f-8a9b-0c1d2e3f4a5b", "displayName": "李小龙"}
          }
        }
        """

    /// An Entra group with members.
    static let entraGroup = """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
          "displayName": "Finance – EMEA",
          "meta": {"resourceType": "Group"},
          "members": [
            {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "display": "Barbara Jensen"},
            {"value": "9f2e1c3a-7b6d-4e5f-8a9b-0c1d2e3f4a5b", "display": "Zoë Ångström"},
            {"value": "4d3c2b1a-0f9e-8d7c-6b5a-493827160504"}
          ]
        }
        """

    /// A PATCH request as Entra sends it when a user's attributes change.
    static let entraPatch = """
        {
          "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          "Operations": [
            {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "barbara@contoso.example"},
            {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
             "value": "26118915-6090-4610-87e4-49d8ca9f808d"},
            {"op": "Add", "value": {"title": "Controller", "active": true}},
            {"op": "Remove", "path": "phoneNumbers[type eq \\"fax\\"]"}
          ]
        }
        """

    static let all = [typicalUser, entraUser, internationalUser, entraGroup, entraPatch]
}
