/// Why migrations are refused or failed. Nothing is applied while the
/// database's record disagrees with the binary's list.
public enum MigrationError: Error, Equatable, Sendable {
    /// The list is not 1, 2, 3, …: `found` came where `expected` should.
    case invalidSequence(expected: Int, found: Int)
    /// The list names a version twice.
    case duplicateVersion(Int)
    /// A name is not `[a-z0-9_]+`.
    case invalidName(version: Int, name: String)
    /// An applied migration's SQL has changed since it was applied.
    case checksumMismatch(version: Int, name: String)
    /// An applied migration has been renamed since.
    case nameMismatch(version: Int, applied: String, expected: String)
    /// An applied version is no longer in the list (and not beyond it).
    case missing(version: Int)
    /// A version in the list is not applied although a later one is.
    case outOfOrder(version: Int)
    /// The database has a version beyond the binary's last one: it was
    /// migrated by a newer binary.
    case newerThanBinary(version: Int)
    /// The migration's SQL failed; it was rolled back and not recorded.
    /// BEGIN/COMMIT, ATTACH or setting a pragma other than
    /// `defer_foreign_keys` in the script fails here with `SQLITE_AUTH`.
    case failed(version: Int, SQLiteError)
    /// `PRAGMA foreign_key_check` found rows violating a foreign key after
    /// the migration; it was rolled back and not recorded.
    case foreignKeyViolation(version: Int, table: String)
}
