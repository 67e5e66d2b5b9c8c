import CSQLite

/// One SQLite connection, used by one thread at a time (it is not `Sendable`).
///
/// Opening it applies the settings every TrustForum connection needs:
/// extended result codes, `foreign_keys=ON`, double-quoted string literals
/// off, defensive mode, untrusted schema, a busy timeout; a read-write
/// connection also switches to WAL (and checks that it did), `synchronous=FULL`
/// and `secure_delete=ON`. A read-only connection checks the file is in WAL.
///
/// Open flags: `SQLITE_OPEN_NOMUTEX` (SQLite's "multi-thread" mode: no
/// per-connection mutex, because the store never lets two threads use one
/// connection at once — the writer's lives on its thread, a reader is lent to
/// one caller at a time), `SQLITE_OPEN_PRIVATECACHE` (never shared-cache,
/// where `read_uncommitted` could show uncommitted rows), `SQLITE_OPEN_NOFOLLOW`
/// (no symbolic links) and `SQLITE_OPEN_EXRESCODE`. The store creates the file
/// itself, 0600, so `SQLITE_OPEN_CREATE` is never needed.
///
///     let conn = try Connection(path: "/var/lib/trustforum/forum.sqlite3")
///     try conn.transaction {
///         try conn.run("INSERT INTO org(id, name) VALUES (?, ?)", [.text(id), .text(name)])
///     }
public final class Connection {
    /// What a connection may do.
    public enum Mode: Sendable {
        /// Reads and writes; creates the file (0600) when missing.
        case readWrite
        /// Reads only (`SQLITE_OPEN_READONLY`); the file must exist.
        case readOnly
    }

    /// Settings for opening a connection.
    public struct Configuration: Sendable {
        /// Read-write or read-only.
        public var mode: Mode
        /// How long a statement waits for a lock held by another connection.
        public var busyTimeoutMilliseconds: Int32
        /// How many prepared statements `query`/`run` keep (by SQL text).
        public var statementCacheCapacity: Int

        /// The defaults: read-write, 5 s busy timeout, 128 cached statements.
        public init(mode: Mode = .readWrite, busyTimeoutMilliseconds: Int32 = 5_000, statementCacheCapacity: Int = 128) {
            self.mode = mode
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.statementCacheCapacity = statementCacheCapacity
        }
    }

    private var handle: OpaquePointer?
    /// The database file.
    public let path: String
    /// The settings it was opened with.
    public let configuration: Configuration
    /// Prepared statements of `query`, `queryOne` and `run`, by SQL text.
    var statementCache: StatementCache
    /// The authorizer's state once `withControlLocked` was first used.
    var controlGuard: ControlGuard?
    /// Depth of `savepoint` calls, for unique savepoint names.
    var savepointDepth = 0

    /// Opens `path` with `configuration` and applies the settings above.
    /// Throws `SQLiteError` or `StoreError`; the handle is closed on any failure.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        guard sqlite3_threadsafe() != 0 else { throw StoreError.sqliteNotThreadSafe }
        // Only plain file paths: "" and ":memory:" are not files, and a URI
        // could carry its own open flags.
        guard !path.isEmpty, !path.hasPrefix(":"), !path.hasPrefix("file:") else {
            throw StoreError.invalidPath(path)
        }
        let readOnly = configuration.mode == .readOnly
        try DatabaseFile.prepare(path, create: !readOnly)
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            // sqlite3_open_v2 allocates a handle even when it fails; it must be closed.
            let error = SQLiteError(rc: rc, db: db, operation: "open")
            sqlite3_close_v2(db)
            throw error
        }
        do {
            try Connection.configure(db, configuration)
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
        self.configuration = configuration
        self.statementCache = StatementCache(capacity: configuration.statementCacheCapacity)
    }

    deinit {
        close()
    }

    /// The open handle; using a closed connection is a programmer error.
    var db: OpaquePointer {
        guard let handle else { preconditionFailure("Connection used after close()") }
        return handle
    }

    /// Finalizes the cached statements and closes the connection
    /// (`sqlite3_close_v2`: statements still held elsewhere keep the handle
    /// alive until they are finalized). Calling it again does nothing.
    public func close() {
        guard let handle else { return }
        statementCache.removeAll()
        if controlGuard != nil { sqlite3_set_authorizer(handle, nil, nil) }
        sqlite3_close_v2(handle)
        self.handle = nil
        controlGuard = nil
    }

    /// True once `close()` has run.
    public var isClosed: Bool { handle == nil }

    // MARK: settings

    private static func configure(_ db: OpaquePointer, _ configuration: Configuration) throws {
        sqlite3_extended_result_codes(db, 1)
        // https://sqlite.org/quirks.html#dblquote: "x" is an identifier, never a string.
        try setFlag(db, SQLITE_DBCONFIG_DQS_DML, false, "SQLITE_DBCONFIG_DQS_DML")
        try setFlag(db, SQLITE_DBCONFIG_DQS_DDL, false, "SQLITE_DBCONFIG_DQS_DDL")
        // No writable_schema or other ways to corrupt the file from SQL.
        try setFlag(db, SQLITE_DBCONFIG_DEFENSIVE, true, "SQLITE_DBCONFIG_DEFENSIVE")
        // Schema-defined functions and views cannot run risky functions.
        try setFlag(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, false, "SQLITE_DBCONFIG_TRUSTED_SCHEMA")
        try setFlag(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, false, "SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION")
        let rc = sqlite3_busy_timeout(db, configuration.busyTimeoutMilliseconds)
        if rc != SQLITE_OK { throw SQLiteError(rc: rc, db: db, operation: "busy_timeout") }

        try pragma(db, "PRAGMA foreign_keys = ON", read: "PRAGMA foreign_keys", expect: .integer(1), "foreign_keys")
        switch configuration.mode {
        case .readWrite:
            // journal_mode answers with the mode now in force: check it really is WAL.
            try pragma(db, "PRAGMA journal_mode = WAL", read: nil, expect: .text("wal"), "journal_mode")
            try pragma(db, "PRAGMA synchronous = FULL", read: "PRAGMA synchronous", expect: .integer(2), "synchronous")
            try pragma(db, "PRAGMA secure_delete = ON", read: nil, expect: .integer(1), "secure_delete")
            // Checkpoint every 10,000 WAL pages (about 40 MB) instead of 1,000: a page
            // rewritten by many commits (an index's last leaf, a thread's counters) is
            // copied into the database once per checkpoint, so larger intervals copy
            // and fsync less (posts ingest at 64 connections about 15 % more, A/B).
            try pragma(db, "PRAGMA wal_autocheckpoint = 10000", read: "PRAGMA wal_autocheckpoint", expect: .integer(10000), "wal_autocheckpoint")
        case .readOnly:
            try pragma(db, "PRAGMA journal_mode", read: nil, expect: .text("wal"), "journal_mode")
            // Readers map the file (up to 256 MiB) instead of copying every
            // page through read(2): large indexes (full-text search) are read
            // in place. Writes stay on the writer's connection, unmapped.
            try pragma(db, "PRAGMA mmap_size = 268435456", read: nil, expect: .integer(268_435_456), "mmap_size")
        }
    }

    private static func setFlag(_ db: OpaquePointer, _ op: Int32, _ on: Bool, _ name: String) throws {
        var now: Int32 = -1
        let rc = trustforum_sqlite_db_config_int(db, op, on ? 1 : 0, &now)
        if rc != SQLITE_OK { throw SQLiteError(rc: rc, db: db, operation: "db_config(\(name))") }
        if now != (on ? 1 : 0) {
            throw StoreError.settingNotApplied(setting: name, expected: on ? "1" : "0", found: String(now))
        }
    }

    /// Runs `set`, then reads the setting (from `read`, or from `set`'s own
    /// answer) and checks it against `expected`.
    private static func pragma(_ db: OpaquePointer, _ set: String, read: String?, expect expected: DatabaseValue, _ name: String) throws {
        var answer = try firstValue(db, set)
        if let read { answer = try firstValue(db, read) }
        if case .text(let text) = answer, case .text(let want) = expected, text.lowercased() == want { return }
        if answer == expected { return }
        func show(_ value: DatabaseValue) -> String {
            switch value {
            case .integer(let v): String(v)
            case .text(let v): v
            default: value.storageClass.rawValue
            }
        }
        throw StoreError.settingNotApplied(setting: name, expected: show(expected), found: show(answer))
    }

    private static func firstValue(_ db: OpaquePointer, _ sql: String) throws(SQLiteError) -> DatabaseValue {
        let statement = try Statement(database: db, sql: sql, persistent: false)
        guard try statement.step() else { return .null }
        return (try? statement.value(at: 0)) ?? .null
    }

    // MARK: state

    /// True inside a transaction (`sqlite3_get_autocommit` is 0).
    public var isInTransaction: Bool { sqlite3_get_autocommit(db) == 0 }

    /// Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    public var changes: Int { Int(sqlite3_changes64(db)) }

    /// Rows changed since the connection opened (`sqlite3_total_changes64`).
    public var totalChanges: Int { Int(sqlite3_total_changes64(db)) }

    /// The rowid of the last successful INSERT (`sqlite3_last_insert_rowid`).
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// True for a connection opened read-only.
    public var isReadOnly: Bool { configuration.mode == .readOnly }
}

@available(*, unavailable, message: "a Connection is used by one thread at a time")
extension Connection: Sendable {}
