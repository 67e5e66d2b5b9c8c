import CSQLite

/// How a transaction takes its locks (https://sqlite.org/lang_transaction.html).
public enum TransactionKind: String, Sendable {
    /// Takes locks when first needed; for reads.
    case deferred = "DEFERRED"
    /// Takes the write lock at BEGIN, so a write never fails half-way for
    /// want of it (`SQLITE_BUSY_SNAPSHOT`); for writes.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode the same.
    case exclusive = "EXCLUSIVE"
}

extension Connection {
    /// Runs `body` in a transaction (IMMEDIATE unless told otherwise): COMMIT
    /// when it returns, ROLLBACK when it throws (the error is rethrown).
    ///
    ///     let id = try conn.transaction {
    ///         try conn.run("INSERT INTO post(thread_id) VALUES (?)", [.text(threadID)])
    ///         return conn.lastInsertRowID
    ///     }
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try run("BEGIN \(kind.rawValue)")
        let value: T
        do {
            value = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        do {
            try run("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return value
    }

    /// Runs `body` inside a savepoint: RELEASE when it returns, ROLLBACK TO
    /// (undoing only `body`'s changes) when it throws. Outside a transaction
    /// a savepoint starts a DEFERRED one; writers should be in `transaction`.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        // Names come from a counter, never from the caller.
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "sp_\(savepointDepth)"
        try run("SAVEPOINT \(name)")
        let value: T
        do {
            value = try body()
        } catch {
            if isInTransaction {
                do {
                    try run("ROLLBACK TO \(name)")
                    try run("RELEASE \(name)")
                } catch {
                    rollbackQuietly()
                }
            }
            throw error
        }
        try run("RELEASE \(name)")
        return value
    }

    /// Rolls back the open transaction, if any. SQLite may already have
    /// rolled it back itself (after `SQLITE_FULL`, `SQLITE_IOERR`, …).
    func rollbackQuietly() {
        guard !isClosed, isInTransaction else { return }
        try? run("ROLLBACK")
    }

    /// Runs a WAL checkpoint (`sqlite3_wal_checkpoint_v2`, the same as
    /// `PRAGMA wal_checkpoint(mode)`). With `.truncate` the -wal file is left
    /// empty, so pages of deleted content do not linger in it.
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode = .truncate) throws(SQLiteError) -> CheckpointResult {
        var walFrames: Int32 = 0
        var checkpointed: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(db, nil, mode.rawValue, &walFrames, &checkpointed)
        switch rc {
        case SQLITE_OK:
            return CheckpointResult(isComplete: true, walFrames: Int(walFrames), checkpointedFrames: Int(checkpointed))
        case SQLITE_BUSY:
            // Readers or another writer kept part of the WAL in use.
            return CheckpointResult(isComplete: false, walFrames: Int(walFrames), checkpointedFrames: Int(checkpointed))
        default:
            throw SQLiteError(rc: rc, db: db, operation: "wal_checkpoint")
        }
    }
}

/// `sqlite3_wal_checkpoint_v2` modes (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
public enum CheckpointMode: Int32, Sendable {
    case passive = 0, full = 1, restart = 2, truncate = 3
}

/// What a checkpoint did.
public struct CheckpointResult: Sendable, Equatable {
    /// False when busy readers or writers stopped it before the end.
    public let isComplete: Bool
    /// Frames in the WAL (0 after a complete TRUNCATE).
    public let walFrames: Int
    /// Frames copied into the database.
    public let checkpointedFrames: Int
}
