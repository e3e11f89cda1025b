import Projections

extension ResourceWrite {
    /// PUT: the stored resource is replaced by the validated body; a group's members become exactly
    /// the listed ones (none when the body has no `members`, RFC 7644 §3.5.1).
    func decideReplace(
        _ validated: ValidatedResource, passwordHash: String?, _ reader: borrowing DirectoryReader, _ sequence: inout EventSequence
    ) throws {
        let stored = try current(reader)
        try appendChanges(from: stored, to: validated.resource, replacing: true, passwordHash: passwordHash, reader, &sequence)
        if kind == .group {
            var membership = MembershipDecision(tenant: tenant, groupID: id, requireExisting: environment.policy.requireExistingMembers)
            if let members = validated.members {
                try membership.replaceAll(with: members, reader)
            } else {
                try membership.removeAll(reader)
            }
            for event in membership.events { sequence.append(event, id: id, readRevision: stored.revision) }
        }
    }

    /// PATCH: the operations apply to the stored resource; attribute changes, an `active` flip, a
    /// new password and member changes each become their event; nothing changed → no event.
    func decidePatch(
        _ request: PatchRequest, passwordHashes: [String: String], _ reader: borrowing DirectoryReader, _ sequence: inout EventSequence
    ) throws {
        let stored = try current(reader)
        let outcome = try ResourcePatcher(resourceType: kind.definition).apply(request, to: stored.resource)
        var patched = outcome.resource
        var passwordHash: String?
        if let index = patched.firstIndex(caseInsensitiveKey: "password") {
            let value = patched[index].value
            patched.remove(at: index)
            if case .string(let clear) = value {
                guard let hash = passwordHashes[clear] else {
                    throw SCIMError.invalidValue("The password could not be read from this PATCH; send it as {\"op\":\"replace\",\"path\":\"password\",\"value\":\"…\"}.")
                }
                passwordHash = hash
            }
        }
        try appendChanges(from: stored, to: patched, replacing: false, passwordHash: passwordHash, reader, &sequence)
        if kind == .group, !outcome.memberChanges.isEmpty {
            var membership = MembershipDecision(tenant: tenant, groupID: id, requireExisting: environment.policy.requireExistingMembers)
            for change in outcome.memberChanges { try membership.apply(change, reader) }
            for event in membership.events { sequence.append(event, id: id, readRevision: stored.revision) }
        }
    }

    /// The attribute-level events from `stored` to `new`: policy and uniqueness first; an `active`
    /// boolean that flips is its own event (`user.deactivated`/`user.reactivated`), the rest one
    /// change event (`*.replaced` for PUT, `*.changed` for PATCH) listing each attribute's old and
    /// new value, or nothing when equal.
    private func appendChanges(
        from stored: StoredResource, to new: JSONObject, replacing: Bool, passwordHash: String?,
        _ reader: borrowing DirectoryReader, _ sequence: inout EventSequence
    ) throws {
        let old = stored.resource
        switch kind {
        case .user:
            try environment.policy.checkChangedUser(from: old, to: new)
            if old.value(caseInsensitiveKey: "userName") != new.value(caseInsensitiveKey: "userName") {
                try requireUniqueUserName(new, reader)
            }
            var comparable = new
            var flip: DirectoryEvent?
            if case .bool(let before)? = old.value(caseInsensitiveKey: "active"), case .bool(let after)? = new.value(caseInsensitiveKey: "active"),
                before != after
            {
                flip = after ? .userReactivated : .userDeactivated
                comparable.setValue(.bool(before), caseInsensitiveKey: "active")
            }
            let changes = try ResourceDiff.changes(from: old, to: comparable)
            if !changes.isEmpty {
                sequence.append(replacing ? .userReplaced(changes: changes) : .userChanged(changes: changes), id: id, readRevision: stored.revision)
            }
            if let flip { sequence.append(flip, id: id, readRevision: stored.revision) }
            if let passwordHash { sequence.append(.userPasswordChanged(hash: passwordHash), id: id, readRevision: stored.revision) }
        case .group:
            if old.value(caseInsensitiveKey: "displayName") != new.value(caseInsensitiveKey: "displayName") {
                try requireUniqueDisplayName(new, reader)
            }
            let changes = try ResourceDiff.changes(from: old, to: new)
            if !changes.isEmpty {
                sequence.append(replacing ? .groupReplaced(changes: changes) : .groupChanged(changes: changes), id: id, readRevision: stored.revision)
            }
        }
    }

    /// DELETE: a user or group first leaves every group it belongs to (a `group.members.removed`
    /// event on each, so those groups' histories show it), then is deleted.
    func decideDelete(_ reader: borrowing DirectoryReader, _ sequence: inout EventSequence) throws {
        let stored = try current(reader)
        for groupID in try reader.groups(of: id, tenant: tenant) {
            guard let group = try reader.resource(.group, tenant: tenant, id: groupID) else { continue }
            sequence.append(.membersRemoved(ids: [id]), id: groupID, readRevision: group.revision)
        }
        sequence.append(kind == .user ? .userDeleted : .groupDeleted, id: id, readRevision: stored.revision)
    }
}
