import EventLog
import Projections
import Testing

/// The history records, per attribute, what changed from what to what.
@Suite struct AuditDiffTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    static func parse(_ text: String) -> JSONObject {
        guard case .object(let object) = try? JSONValue(parsing: text) else { preconditionFailure("valid JSON") }
        return object
    }

    static let before = parse("""
        {"userName":"bjensen","active":true,"title":"Tour Guide","name":{"givenName":"Barbara","familyName":"Jensen"},
         "emails":[{"value":"b@x.com","type":"work","primary":true}],"roles":[{"value":"Reader"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tour","manager":{"value":"m1"}}}
        """)

    @Test func simpleAttributes() {
        var after = Self.before
        after["title"] = "Manager"
        after["active"] = false
        #expect(AttributeChange.diff(from: Self.before, to: after) == [
            AttributeChange(path: "active", old: true, new: false),
            AttributeChange(path: "title", old: "Tour Guide", new: "Manager"),
        ])
    }

    @Test func multiValuedAttributesChangeAsAWholeList() {
        var after = Self.before
        after["emails"] = .array([
            .object(Self.parse(#"{"value":"b@x.com","type":"work","primary":true}"#)),
            .object(Self.parse(#"{"value":"babs@y.com","type":"home"}"#)),
        ])
        let changes = AttributeChange.diff(from: Self.before, to: after)
        #expect(changes.count == 1)
        #expect(changes[0].path == "emails")
        #expect(changes[0].old == Self.before["emails"])
        #expect(changes[0].new?.arrayValue?.count == 2)
    }

    @Test func complexAttributesChangeSubAttributeBySubAttribute() {
        var after = Self.before
        after["name"] = .object(Self.parse(#"{"givenName":"Babs","familyName":"Jensen","middleName":"J"}"#))
        #expect(AttributeChange.diff(from: Self.before, to: after) == [
            AttributeChange(path: "name.givenName", old: "Barbara", new: "Babs"),
            AttributeChange(path: "name.middleName", old: nil, new: "J"),
        ])
    }

    @Test func extensionAndManagerAttributesAreQualifiedByTheirSchema() {
        var after = Self.before
        after[Self.enterprise] = .object(Self.parse(#"{"department":"Sales","manager":{"value":"m2"},"costCenter":"42"}"#))
        #expect(AttributeChange.diff(from: Self.before, to: after) == [
            AttributeChange(path: "\(Self.enterprise):department", old: "Tour", new: "Sales"),
            AttributeChange(path: "\(Self.enterprise):manager", old: ["value": "m1"], new: ["value": "m2"]),
            AttributeChange(path: "\(Self.enterprise):costCenter", old: nil, new: "42"),
        ])
    }

    @Test func removedAttributesHaveNoNewValue() {
        var after = Self.before
        after["roles"] = nil
        after[Self.enterprise] = nil
        #expect(AttributeChange.diff(from: Self.before, to: after) == [
            AttributeChange(path: "roles", old: Self.before["roles"], new: nil),
            AttributeChange(path: "\(Self.enterprise):department", old: "Tour", new: nil),
            AttributeChange(path: "\(Self.enterprise):manager", old: ["value": "m1"], new: nil),
        ])
    }

    @Test func anUnchangedResourceHasNoDiff() {
        var reordered = JSONObject()
        for key in Self.before.keys.reversed() { reordered[key] = Self.before[key] }
        #expect(AttributeChange.diff(from: Self.before, to: reordered).isEmpty)
    }

    @Test func applyingADiffGivesTheNewResource() {
        var after = Self.before
        after["title"] = nil
        after["nickName"] = "Babs"
        after["name"] = .object(Self.parse(#"{"givenName":"Babs"}"#))
        after[Self.enterprise] = .object(Self.parse(#"{"manager":{"value":"m9"}}"#))
        #expect(AttributeChange.apply(AttributeChange.diff(from: Self.before, to: after), to: Self.before) == after)
    }

    @Test func theHistoryOfAResourceIsItsStreamWithRequestFacts() async throws {
        let fixture = try DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.record([.userCreated(resource: Self.before)], id: "u1", requestID: "r1")
        var after = Self.before
        after["title"] = "Manager"
        try await fixture.record([.userChanged(changes: AttributeChange.diff(from: Self.before, to: after)), .userDeactivated], id: "u1", requestID: "r2")
        let history = try fixture.store.events(in: StreamID(tenant: "acme", type: "User", id: "u1"))
        #expect(history.map(\.type) == ["user.created", "user.changed", "user.deactivated"])
        #expect(history.map(\.requestID) == ["r1", "r2", "r2"])
        #expect(history.map(\.correlationID) == ["client-r1", "client-r2", "client-r2"])
        #expect(try DirectoryEvent(history[1]) == .userChanged(changes: [AttributeChange(path: "title", old: "Tour Guide", new: "Manager")]))
        // The tenant's timeline finds the same events by time.
        let timeline = try fixture.projection.read { try $0.timeline(tenant: "acme", from: history[0].recordedAt, to: Timestamp.now()) }
        #expect(timeline.map(\.position) == history.map(\.position))
        #expect(timeline.allSatisfy { $0.id == "u1" && $0.kind == .user })
    }
}
