import CSQLite

/// Keeping code that runs inside someone else's transaction from ending it.
///
/// The writer runs each job inside its batch transaction and the migration
/// runner runs each script inside its own; a stray `COMMIT` or `ROLLBACK` (or
/// `RELEASE` of the writer's savepoint) there would commit or drop other
/// work. While `withTransactionControlLocked` runs, an authorizer
/// (https://sqlite.org/c3ref/set_authorizer.html) refuses to prepare such
/// statements: they fail with `SQLITE_AUTH`. Authorizers are consulted when
/// a statement is prepared (or re-prepared), so the statements that control
/// the transaction from outside are prepared while unlocked.
final class TransactionGuard {
    /// True while locked.
    var locked = false
    /// Savepoints with this prefix belong to the caller that locked.
    static let reservedPrefix = "trustforum_"
}

extension Connection {
    /// Runs `body` with BEGIN, COMMIT, ROLLBACK, END and any savepoint
    /// named `trustforum_…` refused by SQLite.
    func withTransactionControlLocked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let guardState: TransactionGuard
        if let existing = transactionGuard {
            guardState = existing
        } else {
            guardState = TransactionGuard()
            transactionGuard = guardState
            // Installing an authorizer expires prepared statements once; they
            // are re-prepared on their next step.
            sqlite3_set_authorizer(db, { context, action, _, detail, _, _ in
                let guardState = Unmanaged<TransactionGuard>.fromOpaque(context!).takeUnretainedValue()
                guard guardState.locked else { return SQLITE_OK }
                if action == SQLITE_TRANSACTION { return SQLITE_DENY }
                if action == SQLITE_SAVEPOINT, let detail,
                   String(cString: detail).lowercased().hasPrefix(TransactionGuard.reservedPrefix) {
                    return SQLITE_DENY
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(guardState).toOpaque())
        }
        let wasLocked = guardState.locked
        guardState.locked = true
        defer { guardState.locked = wasLocked }
        return try body()
    }

    /// True while deferred foreign-key violations are unresolved
    /// (`SQLITE_DBSTATUS_DEFERRED_FKS`); such a transaction cannot commit.
    var hasUnresolvedForeignKeys: Bool {
        var current: Int32 = 0
        var highest: Int32 = 0
        sqlite3_db_status(db, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0)
        return current > 0
    }

    /// Fault injection for tests: while on, every COMMIT is turned into a
    /// ROLLBACK and fails with `SQLITE_CONSTRAINT_COMMITHOOK`.
    func setCommitVeto(_ on: Bool) {
        if on {
            sqlite3_commit_hook(db, { _ in 1 }, nil)
        } else {
            sqlite3_commit_hook(db, nil, nil)
        }
    }
}
