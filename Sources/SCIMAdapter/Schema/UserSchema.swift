import Projections

extension SchemaDefinition {
    /// The core User schema, `urn:ietf:params:scim:schemas:core:2.0:User` (RFC 7643 §4.1, §8.7.1).
    ///
    /// Guarantees: every attribute of RFC 7643 §8.7.1 with the RFC's names, types, multi-valuedness,
    /// `required`, `caseExact`, `mutability`, `returned`, `uniqueness`, canonical values, reference types
    /// and sub-attributes. Two deliberate additions, both from RFC 7643 prose rather than the §8.7.1 listing:
    /// `addresses` has a `primary` sub-attribute (§2.4, §4.1.2; Entra sends it), and `groups` is
    /// `readOnly` throughout (§4.1.2). The common attributes (`id`, `externalId`, `meta`) are in
    /// ``commonAttributes``, not here.
    public static let user = SchemaDefinition(
        id: URN.user,
        name: "User",
        description: "User Account",
        attributes: [
            AttributeDefinition(
                name: "userName",
                type: .string,
                description: "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
                required: true,
                uniqueness: .server
            ),
            AttributeDefinition(
                name: "name",
                type: .complex,
                description: "The components of the user's real name. Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both.  If both variants are returned, they SHOULD be describing the same name, with the formatted name indicating how the component attributes should be combined.",
                subAttributes: [
                    .string("formatted", "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III')."),
                    .string("familyName", "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."),
                    .string("givenName", "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."),
                    .string("middleName", "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
                    .string("honorificPrefix", "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."),
                    .string("honorificSuffix", "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III')."),
                ]
            ),
            .string("displayName", "The name of the User, suitable for display to end-users.  The name SHOULD be the full name of the User being described, if known."),
            .string("nickName", "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'.  This attribute SHOULD NOT be used to represent a User's username (e.g., 'bjensen' or 'mpepperidge')."),
            AttributeDefinition(
                name: "profileUrl",
                type: .reference,
                description: "A fully qualified URL pointing to a page representing the User's online profile.",
                referenceTypes: ["external"]
            ),
            .string("title", "The user's title, such as \"Vice President.\""),
            .string("userType", "Used to identify the relationship between the organization and the user.  Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used."),
            .string("preferredLanguage", "Indicates the User's preferred written or spoken language.  Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US."),
            .string("locale", "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations."),
            .string("timezone", "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
            AttributeDefinition(name: "active", type: .boolean, description: "A Boolean value indicating the User's administrative status."),
            AttributeDefinition(
                name: "password",
                type: .string,
                description: "The User's cleartext password.  This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.",
                mutability: .writeOnly,
                returned: .never
            ),
            .multiValuedComplex(
                "emails",
                "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.",
                value: .string("value", "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'."),
                typeDescription: "A label indicating the attribute's function, e.g., 'work' or 'home'.",
                typeCanonicalValues: ["work", "home", "other"],
                primaryDescription: "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred mailing address or primary email address.  The primary attribute value 'true' MUST appear no more than once."
            ),
            .multiValuedComplex(
                "phoneNumbers",
                "Phone numbers for the User.  The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
                value: .string("value", "Phone number of the User."),
                typeDescription: "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.",
                typeCanonicalValues: ["work", "home", "mobile", "fax", "pager", "other"],
                primaryDescription: "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred phone number or primary phone number.  The primary attribute value 'true' MUST appear no more than once."
            ),
            .multiValuedComplex(
                "ims",
                "Instant messaging addresses for the User.",
                value: .string("value", "Instant messaging address for the User."),
                typeDescription: "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.",
                typeCanonicalValues: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
                primaryDescription: "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred messenger or primary messenger.  The primary attribute value 'true' MUST appear no more than once."
            ),
            .multiValuedComplex(
                "photos",
                "URLs of photos of the User.",
                value: AttributeDefinition(
                    name: "value",
                    type: .reference,
                    description: "URL of a photo of the User.",
                    referenceTypes: ["external"]
                ),
                typeDescription: "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.",
                typeCanonicalValues: ["photo", "thumbnail"],
                primaryDescription: "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred photo or thumbnail.  The primary attribute value 'true' MUST appear no more than once."
            ),
            AttributeDefinition(
                name: "addresses",
                type: .complex,
                multiValued: true,
                description: "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'.  This attribute is a complex type with the following sub-attributes.",
                subAttributes: [
                    .string("formatted", "The full mailing address, formatted for display or use with a mailing label.  This attribute MAY contain newlines."),
                    .string("streetAddress", "The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.  This attribute MAY contain newlines."),
                    .string("locality", "The city or locality component."),
                    .string("region", "The state or region component."),
                    .string("postalCode", "The zip code or postal code component."),
                    .string("country", "The country name component."),
                    .string("type", "A label indicating the attribute's function, e.g., 'work' or 'home'.", canonicalValues: ["work", "home", "other"]),
                    .primary("A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred mailing address or primary email address.  The primary attribute value 'true' MUST appear no more than once."),
                ]
            ),
            AttributeDefinition(
                name: "groups",
                type: .complex,
                multiValued: true,
                description: "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.",
                mutability: .readOnly,
                subAttributes: [
                    .string("value", "The identifier of the User's group.", mutability: .readOnly),
                    AttributeDefinition(
                        name: "$ref",
                        type: .reference,
                        description: "The URI of the corresponding 'Group' resource to which the user belongs.",
                        mutability: .readOnly,
                        referenceTypes: ["User", "Group"]
                    ),
                    .display(mutability: .readOnly),
                    .string(
                        "type",
                        "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.",
                        mutability: .readOnly,
                        canonicalValues: ["direct", "indirect"]
                    ),
                ]
            ),
            .multiValuedComplex(
                "entitlements",
                "A list of entitlements for the User that represent a thing the User has.",
                value: .string("value", "The value of an entitlement."),
                typeDescription: "A label indicating the attribute's function.",
                typeCanonicalValues: [],
                primaryDescription: AttributeDefinition.genericPrimaryDescription
            ),
            .multiValuedComplex(
                "roles",
                "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
                value: .string("value", "The value of a role."),
                typeDescription: "A label indicating the attribute's function.",
                typeCanonicalValues: [],
                primaryDescription: AttributeDefinition.genericPrimaryDescription
            ),
            .multiValuedComplex(
                "x509Certificates",
                "A list of certificates issued to the User.",
                value: AttributeDefinition(name: "value", type: .binary, description: "The value of an X.509 certificate."),
                typeDescription: "A label indicating the attribute's function.",
                typeCanonicalValues: [],
                primaryDescription: AttributeDefinition.genericPrimaryDescription
            ),
        ]
    )
}
