import Projections

extension ResourceWrite {
    /// POST: the tenant's policy, then uniqueness (userName, or a group's displayName, ignoring
    /// case), then the created event, the password hash and the initial members.
    func decideCreate(
        _ validated: ValidatedResource, passwordHash: String?, _ reader: borrowing DirectoryReader, _ sequence: inout EventSequence
    ) throws {
        let resource = validated.resource
        switch kind {
        case .user:
            try environment.policy.checkNewUser(resource)
            try requireUniqueUserName(resource, reader)
            sequence.append(.userCreated(resource: resource), id: id, readRevision: 0)
            if let passwordHash { sequence.append(.userPasswordChanged(hash: passwordHash), id: id, readRevision: 0) }
        case .group:
            try requireUniqueDisplayName(resource, reader)
            sequence.append(.groupCreated(resource: resource), id: id, readRevision: 0)
            if let members = validated.members, !members.isEmpty {
                var membership = MembershipDecision(tenant: tenant, groupID: id, requireExisting: environment.policy.requireExistingMembers)
                try membership.add(members, reader)
                for event in membership.events { sequence.append(event, id: id, readRevision: 0) }
            }
        }
    }

    /// 409 `uniqueness` when another user of the tenant has this userName, ignoring case.
    func requireUniqueUserName(_ resource: JSONObject, _ reader: borrowing DirectoryReader) throws {
        guard let name = resource.value(caseInsensitiveKey: "userName")?.stringValue else { return }
        if let other = try reader.userIDs(userName: name, tenant: tenant).first(where: { $0 != id }) {
            throw SCIMError.uniqueness(
                "userName \"\(name)\" is already used by user \(other) (userNames are unique in a tenant, ignoring case).")
        }
    }

    /// 409 `uniqueness` when another group of the tenant has this displayName, ignoring case
    /// (Entra matches groups by displayName, so it must identify one group).
    func requireUniqueDisplayName(_ resource: JSONObject, _ reader: borrowing DirectoryReader) throws {
        guard let name = resource.value(caseInsensitiveKey: "displayName")?.stringValue else { return }
        if let other = try reader.groupIDs(displayName: name, tenant: tenant).first(where: { $0 != id }) {
            throw SCIMError.uniqueness(
                "displayName \"\(name)\" is already used by group \(other) (group displayNames are unique in a tenant, ignoring case).")
        }
    }
}
