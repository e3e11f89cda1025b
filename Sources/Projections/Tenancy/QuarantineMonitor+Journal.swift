import EventLog

extension QuarantineMonitor {
    /// Counts the journal's requests of each of `tenants` received within the window before `now`,
    /// so a restart does not forget the failures Entra still holds against a tenant.
    ///
    /// Reads the journal's tenant-and-time index one entry at a time (one read transaction per
    /// tenant), so memory stays flat however many requests the window holds.
    public func seed(from journal: RequestJournal, tenants: [String], now: Timestamp) throws {
        let windowMicroseconds = TenancyTime.microseconds(configuration.window) ?? Int64.max / 2
        let start = Timestamp(microsecondsSince1970: now.microseconds &- windowMicroseconds)
        for tenant in tenants {
            try journal.environment.withReadTransaction { reader in
                let prefix = DirectoryKey.tenant(tenant)
                try reader.scan(journal.byTenantTime, prefix: prefix, from: RequestJournal.timeKey(tenant, start)) { key, _ in
                    let sequence = LogTables.readUInt64(UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...]))
                    guard let entry = try journal.entry(sequence, reader) else { return true }
                    guard entry.receivedAt <= now else { return false }
                    observe(entry)
                    return true
                }
            }
        }
    }
}
