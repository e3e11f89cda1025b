import Projections

extension SchemaDefinition {
    /// The Enterprise User extension, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`
    /// (RFC 7643 §4.3, §8.7.1).
    ///
    /// Guarantees: the RFC's six attributes with its characteristics. `manager` is a single-valued complex
    /// attribute whose `value` is the manager's `id`; `manager.displayName` is readOnly, so a client's
    /// value is ignored on write. Entra sends department, employeeNumber and manager through this schema
    /// (entra-behaviour §3.13).
    public static let enterpriseUser = SchemaDefinition(
        id: URN.enterpriseUser,
        name: "EnterpriseUser",
        description: "Enterprise User",
        attributes: [
            .string("employeeNumber", "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization."),
            .string("costCenter", "Identifies the name of a cost center."),
            .string("organization", "Identifies the name of an organization."),
            .string("division", "Identifies the name of a division."),
            .string("department", "Identifies the name of a department."),
            AttributeDefinition(
                name: "manager",
                type: .complex,
                description: "The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
                subAttributes: [
                    .string("value", "The id of the SCIM resource representing the User's manager.  REQUIRED."),
                    AttributeDefinition(
                        name: "$ref",
                        type: .reference,
                        description: "The URI of the SCIM resource representing the User's manager.  REQUIRED.",
                        referenceTypes: ["User"]
                    ),
                    .string("displayName", "The displayName of the User's manager. OPTIONAL and READ-ONLY.", mutability: .readOnly),
                ]
            ),
        ]
    )
}
