import CSQLite

/// A prepared statement (`sqlite3_prepare_v3`), finalized in `deinit`.
///
/// Values are only ever bound as parameters (`?` or `?NNN`); text and blobs
/// are bound `SQLITE_TRANSIENT`, so SQLite keeps its own copy. There is no
/// way to put a value into the SQL text through this type. Like its
/// `Connection`, a statement is used by one thread at a time.
///
///     let statement = try conn.prepare("SELECT id, name FROM org WHERE region = ?")
///     try statement.bind([.text(region)])
///     while try statement.step() {
///         let id = try statement.string(at: 0)
///     }
public final class Statement {
    /// The statement handle; valid until `deinit` (connections close with
    /// `sqlite3_close_v2`, which waits for the last statement).
    let handle: OpaquePointer
    /// The SQL text as prepared (parameters, no values).
    public let sql: String
    /// Column names, read once at preparation.
    public let columnNames: [String]

    /// Prepares exactly one statement from `sql`; trailing text other than
    /// whitespace and comments is refused (one call, one statement).
    init(database db: OpaquePointer, sql: String, persistent: Bool) throws(SQLiteError) {
        var statement: OpaquePointer?
        var trailing = false
        let flags = UInt32(persistent ? SQLITE_PREPARE_PERSISTENT : 0)
        let rc = sql.withCString { start -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, start, -1, flags, &statement, &tail)
            if rc == SQLITE_OK, let tail, tail.pointee != 0 {
                trailing = Statement.hasStatement(db, tail)
            }
            return rc
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw SQLiteError(rc: rc, db: db, operation: "prepare", sql: sql)
        }
        guard let statement else {
            throw .misuse("no statement in the SQL text", operation: "prepare", sql: sql)
        }
        if trailing {
            sqlite3_finalize(statement)
            throw .misuse("more than one statement; use execute(_:) for scripts", operation: "prepare", sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.columnNames = (0..<sqlite3_column_count(statement)).map {
            String(cString: sqlite3_column_name(statement, $0))
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// True when `text` holds another statement (not just blanks and comments).
    private static func hasStatement(_ db: OpaquePointer, _ text: UnsafePointer<CChar>) -> Bool {
        var next: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, text, -1, 0, &next, nil)
        sqlite3_finalize(next)
        return rc != SQLITE_OK || next != nil
    }

    private var db: OpaquePointer { sqlite3_db_handle(handle) }

    private func check(_ rc: Int32, _ operation: String) throws(SQLiteError) {
        if rc != SQLITE_OK { throw SQLiteError(rc: rc, db: db, operation: operation, sql: sql) }
    }

    // MARK: binding

    /// The number of parameters (the largest `?NNN` index).
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Resets the statement and binds `values` to parameters 1...n; the count
    /// must match the statement's parameters.
    public func bind(_ values: [DatabaseValue]) throws(SQLiteError) {
        guard values.count == parameterCount else {
            throw .misuse("\(values.count) values for \(parameterCount) parameters", operation: "bind", sql: sql)
        }
        reset()
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds one value to parameter `index` (1-based).
    public func bind(_ value: DatabaseValue, at index: Int) throws(SQLiteError) {
        let i = Int32(index)
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(handle, i)
        case .integer(let v):
            rc = sqlite3_bind_int64(handle, i, v)
        case .real(let v):
            rc = sqlite3_bind_double(handle, i, v)
        case .text(let v):
            var text = v
            rc = text.withUTF8 { bytes in
                // A null pointer would bind NULL; "" must bind ''.
                guard let base = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite3_bind_text64(handle, i, "", 0, trustforum_sqlite_transient(), UInt8(SQLITE_UTF8))
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text64(handle, i, $0, sqlite3_uint64(bytes.count), trustforum_sqlite_transient(),
                                        UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let v):
            if v.isEmpty {
                // sqlite3_bind_blob with a null pointer would bind NULL.
                rc = sqlite3_bind_zeroblob(handle, i, 0)
            } else {
                rc = v.withUnsafeBytes {
                    sqlite3_bind_blob64(handle, i, $0.baseAddress, sqlite3_uint64($0.count),
                                        trustforum_sqlite_transient())
                }
            }
        }
        try check(rc, "bind")
    }

    /// Sets every parameter back to NULL, dropping SQLite's copies of the
    /// values bound before.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    // MARK: stepping

    /// Runs the statement to its next row: true when a row is available,
    /// false when it has finished.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            throw SQLiteError(rc: rc, db: db, operation: "step", sql: sql)
        }
    }

    /// Steps to the end, ignoring any rows.
    public func run() throws(SQLiteError) {
        while try step() {}
    }

    /// Makes the statement ready to run again (bindings are kept). Also ends
    /// the implicit read transaction a stepped statement holds.
    public func reset() {
        // The step error, if any, was already reported by `step`.
        sqlite3_reset(handle)
    }

    /// True when the statement leaves the database unchanged (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }
}

@available(*, unavailable, message: "a Statement is used by one thread at a time")
extension Statement: Sendable {}

extension Statement: ColumnReadable {
    public var columnCount: Int { columnNames.count }

    public func columnName(at index: Int) -> String {
        columnNames.indices.contains(index) ? columnNames[index] : "#\(index)"
    }

    public func columnIndex(named name: String) throws(ColumnReadError) -> Int {
        guard let index = columnNames.firstIndex(of: name) else { throw .noSuchColumn(name) }
        return index
    }

    /// The value of column `index` in the current row.
    public func value(at index: Int) throws(ColumnReadError) -> DatabaseValue {
        guard columnNames.indices.contains(index) else { throw .indexOutOfRange(index) }
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, i) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The current row, copied out.
    public func row() -> Row {
        Row(columnNames: columnNames, values: (0..<columnCount).map { (try? value(at: $0)) ?? .null })
    }
}
