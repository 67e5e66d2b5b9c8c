import Platform

/// Applies numbered migrations and records them in `schema_migrations`
/// with a checksum. Each one runs in its own IMMEDIATE transaction that also
/// records it and runs `PRAGMA foreign_key_check` before COMMIT; the record
/// is re-read and checked in that same transaction, so two processes
/// migrating at once cannot both apply a version.
///
///     let conn = try Database.openForMaintenance(path: path)
///     let status = try MigrationRunner.status(migrations, in: conn)
///     if status.isConsistent { print(try MigrationRunner.apply(migrations, to: conn)) }
public enum MigrationRunner {
    /// The table the runner keeps.
    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            checksum BLOB NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """

    /// Checks the list: versions 1, 2, 3, … in order, names `[a-z0-9_]+`.
    public static func validate(_ migrations: [Migration]) throws(MigrationError) {
        var seen = Set<Int>()
        for (offset, migration) in migrations.enumerated() {
            if !seen.insert(migration.version).inserted { throw .duplicateVersion(migration.version) }
            if migration.version != offset + 1 {
                throw .invalidSequence(expected: offset + 1, found: migration.version)
            }
            let allowed = migration.name.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
            }
            if migration.name.isEmpty || !allowed {
                throw .invalidName(version: migration.version, name: migration.name)
            }
        }
    }

    /// The applied migrations, what is pending and any inconsistency. Works
    /// on a read-only connection and on a database never migrated.
    public static func status(_ migrations: [Migration], in connection: Connection) throws -> MigrationStatus {
        try validate(migrations)
        let applied = try appliedMigrations(connection)
        let problems = problems(migrations, applied)
        let done = Set(applied.map(\.version))
        return MigrationStatus(
            applied: applied,
            pending: problems.isEmpty ? migrations.filter { !done.contains($0.version) } : [],
            problems: problems)
    }

    /// The migrations `apply` would run; throws the first inconsistency.
    public static func pending(_ migrations: [Migration], in connection: Connection) throws -> [Migration] {
        let status = try status(migrations, in: connection)
        if let problem = status.problems.first { throw problem }
        return status.pending
    }

    /// Applies the pending migrations in order and returns their versions.
    /// Throws `MigrationError` (nothing applied when the record is
    /// inconsistent; the failing migration rolled back, earlier ones kept)
    /// or `SQLiteError` for the bookkeeping itself.
    @discardableResult
    public static func apply(_ migrations: [Migration], to connection: Connection) throws -> [Int] {
        try validate(migrations)
        var applied: [Int] = []
        while let version = try applyNext(migrations, connection) {
            applied.append(version)
        }
        return applied
    }

    /// Applies the next pending migration in one IMMEDIATE transaction;
    /// nil when none is pending.
    private static func applyNext(_ migrations: [Migration], _ connection: Connection) throws -> Int? {
        try connection.transaction(.immediate) { () throws -> Int? in
            try connection.execute(createTable)
            let recorded = try appliedMigrations(connection)
            if let problem = problems(migrations, recorded).first { throw problem }
            guard let next = migrations.dropFirst(recorded.count).first else { return nil }
            do throws(SQLiteError) {
                // The script may not end or replace the runner's transaction.
                try connection.withControlLocked { () throws(SQLiteError) in
                    try connection.execute(next.sql)
                }
            } catch {
                throw MigrationError.failed(version: next.version, error)
            }
            try connection.run(
                "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                [.integer(Int64(next.version)), .text(next.name), .blob(next.checksum),
                 .integer(Int64(WallClock.seconds))])
            if let violation = try connection.queryOne("PRAGMA foreign_key_check") {
                throw MigrationError.foreignKeyViolation(version: next.version, table: try violation.string(at: 0))
            }
            return next.version
        }
    }

    /// The rows of `schema_migrations` by version; none when it does not exist.
    private static func appliedMigrations(_ connection: Connection) throws -> [AppliedMigration] {
        let table = try connection.queryOne(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
        guard table != nil else { return [] }
        return try connection.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"
        ).map { row in
            AppliedMigration(version: Int(try row.int64(at: 0)), name: try row.string(at: 1),
                             checksum: try row.blob(at: 2), appliedAt: try row.int64(at: 3))
        }
    }

    /// Every disagreement between the (valid) list and the record, by version.
    static func problems(_ migrations: [Migration], _ applied: [AppliedMigration]) -> [MigrationError] {
        var problems: [MigrationError] = []
        let last = migrations.last?.version ?? 0
        for record in applied {
            guard record.version >= 1 && record.version <= last else {
                problems.append(record.version > last ? .newerThanBinary(version: record.version)
                                                      : .missing(version: record.version))
                continue
            }
            let migration = migrations[record.version - 1]
            if migration.name != record.name {
                problems.append(.nameMismatch(version: record.version, applied: record.name, expected: migration.name))
            } else if migration.checksum != record.checksum {
                problems.append(.checksumMismatch(version: record.version, name: record.name))
            }
        }
        let done = Set(applied.map(\.version))
        let highest = applied.map(\.version).filter { $0 <= last }.max() ?? 0
        for migration in migrations where migration.version < highest && !done.contains(migration.version) {
            problems.append(.outOfOrder(version: migration.version))
        }
        return problems.sorted { version(of: $0) < version(of: $1) }
    }

    private static func version(of problem: MigrationError) -> Int {
        switch problem {
        case .invalidSequence(_, let v), .duplicateVersion(let v), .invalidName(let v, _),
             .checksumMismatch(let v, _), .nameMismatch(let v, _, _), .missing(let v), .outOfOrder(let v),
             .newerThanBinary(let v), .failed(let v, _), .foreignKeyViolation(let v, _):
            return v
        }
    }
}
