import Platform

/// Failures of the store that are not SQLite's own (those are `SQLiteError`)
/// nor a migration's (`MigrationError`). Paths are named; values never are.
public enum StoreError: Error, Equatable, Sendable {
    /// The database file (or its -wal/-shm) can be read or written by group
    /// or others; the store refuses to use it rather than widen a leak.
    case insecureFileMode(path: String, mode: UInt32)
    /// The path is empty, `:memory:` or a `file:` URI; the store takes plain file paths.
    case invalidPath(String)
    /// The path is a symbolic link, directory or device, not a regular file.
    case notARegularFile(path: String)
    /// Creating or inspecting the database file failed.
    case file(path: String, SystemError)
    /// The SQLite library was built single-threaded (`SQLITE_THREADSAFE=0`).
    case sqliteNotThreadSafe
    /// A setting read back after setting it has another value (for example
    /// `journal_mode` is not `wal`).
    case settingNotApplied(setting: String, expected: String, found: String)
    /// The writer or reader pool has been closed.
    case closed
    /// The writer's queue is full; `submit` refuses rather than queue more.
    case overloaded(queueDepth: Int)
    /// `write` was called from inside a write job, which would wait for itself.
    case writeFromWriterThread
    /// SQLite rolled back the writer's whole transaction because of another
    /// job in the same batch (for example `SQLITE_FULL`, or a trigger's
    /// `RAISE(ROLLBACK)`); nothing of this job was committed and it may be retried.
    case batchRolledBack
    /// A stored value outside what its column allows (a CHECK the code
    /// knows but SQLite does not enforce on old rows, e.g. an unknown kind).
    case unexpectedValue(table: String, column: String)
}
