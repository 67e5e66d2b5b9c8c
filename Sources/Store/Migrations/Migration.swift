import Crypto

/// One numbered schema change, from `Migrations/NNNN_name.sql`.
///
///     let migrations = [
///         Migration(version: 1, name: "initial", sql: initialSQL),
///         Migration(version: 2, name: "audit_log", sql: auditSQL),
///     ]
///     let applied = try MigrationRunner.apply(migrations, to: Database.openForMaintenance(path: path))
public struct Migration: Sendable, Hashable {
    /// 1, 2, 3, … without gaps.
    public let version: Int
    /// Lower-case letters, digits and underscores.
    public let name: String
    /// The SQL script, without BEGIN/COMMIT (the runner adds the transaction).
    public let sql: String

    /// A migration; `MigrationRunner.validate` checks the list.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// BLAKE2b-256 of the SQL's UTF-8 bytes, recorded when applied.
    public var checksum: [UInt8] { GenericHash.hash(Array(sql.utf8)) }
}

/// A row of `schema_migrations`: a migration as it was applied.
public struct AppliedMigration: Sendable, Hashable {
    /// The migration's version.
    public let version: Int
    /// Its name when it was applied.
    public let name: String
    /// The checksum of the SQL that ran.
    public let checksum: [UInt8]
    /// When it was applied, in seconds since the Unix epoch.
    public let appliedAt: Int64
}

/// Where a database stands against the binary's migrations.
public struct MigrationStatus: Sendable {
    /// What the database records, by version.
    public let applied: [AppliedMigration]
    /// What `apply` would run, in order; empty when there are problems.
    public let pending: [Migration]
    /// Inconsistencies between the two, by version; `apply` refuses while any.
    public let problems: [MigrationError]

    /// True when `apply` may run.
    public var isConsistent: Bool { problems.isEmpty }
}
