import CSQLite

/// Keeping code that runs inside someone else's transaction from ending it
/// or changing the connection under it.
///
/// The writer runs each job inside its batch transaction and the migration
/// runner runs each script inside its own. A stray `COMMIT` or `ROLLBACK`
/// (or `RELEASE` of the writer's savepoint) there would commit or drop other
/// work; `PRAGMA synchronous = OFF` would quietly end durability for every
/// later batch; `ATTACH` would create files with the process umask. While
/// `withControlLocked` runs, an authorizer
/// (https://sqlite.org/c3ref/set_authorizer.html) refuses to prepare such
/// statements: they fail with `SQLITE_AUTH`. Reading a pragma, setting
/// `defer_foreign_keys`, and savepoints of one's own stay allowed.
///
/// Authorizers are consulted when a statement is prepared (or re-prepared),
/// not when it runs; so the statements that control the transaction from
/// outside are prepared by their owner while unlocked and kept apart from
/// the statement cache the guest code uses.
final class ControlGuard {
    /// True while locked.
    var locked = false
    /// Savepoints with this prefix belong to the code that locked.
    static let reservedPrefix = "trustforum_"
    /// Pragmas a guest may set.
    static let settablePragmas: Set<String> = ["defer_foreign_keys"]
    /// Pragmas whose argument names a table, not a value to set: they only
    /// read. (`ALTER TABLE … ADD COLUMN … CHECK` runs `quick_check(table)`.)
    static let checkingPragmas: Set<String> = ["quick_check", "integrity_check", "foreign_key_check", "table_info", "table_xinfo",
                                               "index_list", "index_info"]

    /// The authorizer's decision for one action while locked.
    static func allows(_ action: Int32, _ first: UnsafePointer<CChar>?, _ second: UnsafePointer<CChar>?) -> Bool {
        switch action {
        case SQLITE_TRANSACTION, SQLITE_ATTACH, SQLITE_DETACH:
            return false
        case SQLITE_SAVEPOINT:
            guard let second else { return true }
            return !String(cString: second).lowercased().hasPrefix(reservedPrefix)
        case SQLITE_PRAGMA:
            // `second` is the value being set; nil for a read.
            guard second != nil, let first else { return true }
            let name = String(cString: first).lowercased()
            return settablePragmas.contains(name) || checkingPragmas.contains(name)
        default:
            return true
        }
    }
}

extension Connection {
    /// Runs `body` with BEGIN, COMMIT, ROLLBACK, END, ATTACH, DETACH,
    /// setting a pragma, and any savepoint named `trustforum_…` refused.
    func withControlLocked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let guardState: ControlGuard
        if let existing = controlGuard {
            guardState = existing
        } else {
            guardState = ControlGuard()
            controlGuard = guardState
            // Installing an authorizer expires prepared statements once; they
            // are re-prepared on their next step.
            sqlite3_set_authorizer(db, { context, action, first, second, _, _ in
                let guardState = Unmanaged<ControlGuard>.fromOpaque(context!).takeUnretainedValue()
                guard guardState.locked else { return SQLITE_OK }
                return ControlGuard.allows(action, first, second) ? SQLITE_OK : SQLITE_DENY
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
