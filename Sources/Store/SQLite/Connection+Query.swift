import CSQLite

/// Running SQL. Values go in as bound parameters only: there is no call that
/// puts a value into SQL text.
extension Connection {
    /// Prepares a statement the caller owns (not cached).
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: db, sql: sql, persistent: false)
    }

    /// Runs a script of statements without parameters (migrations, schema).
    /// A statement with a parameter is refused, since nothing could be bound.
    public func execute(_ script: String) throws(SQLiteError) {
        let db = self.db
        var failure: SQLiteError?
        script.withCString { start in
            var next: UnsafePointer<CChar>? = start
            while let sql = next, sql.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v3(db, sql, -1, 0, &statement, &tail)
                defer { sqlite3_finalize(statement) }
                guard rc == SQLITE_OK else {
                    failure = SQLiteError(rc: rc, db: db, operation: "prepare", sql: Connection.text(sql, tail))
                    return
                }
                next = tail
                guard let statement else { continue } // blanks or a comment
                if sqlite3_bind_parameter_count(statement) > 0 {
                    failure = .misuse("a script statement has parameters", operation: "execute",
                                      sql: Connection.text(sql, tail))
                    return
                }
                var step = sqlite3_step(statement)
                while step == SQLITE_ROW { step = sqlite3_step(statement) }
                if step != SQLITE_DONE {
                    failure = SQLiteError(rc: step, db: db, operation: "execute", sql: Connection.text(sql, tail))
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// The SQL text between `start` and `end` (or the end of the string).
    private static func text(_ start: UnsafePointer<CChar>, _ end: UnsafePointer<CChar>?) -> String {
        guard let end, end > start else { return String(cString: start) }
        let bytes = UnsafeRawBufferPointer(start: start, count: end - start)
        return String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
    }

    /// Runs one statement with `values` bound, ignoring any rows.
    public func run(_ sql: String, _ values: [DatabaseValue] = []) throws(SQLiteError) {
        try withCachedStatement(sql, values) { statement throws(SQLiteError) in
            try statement.run()
        }
    }

    /// Runs one statement with `values` bound and copies out every row.
    public func query(_ sql: String, _ values: [DatabaseValue] = []) throws(SQLiteError) -> [Row] {
        try withCachedStatement(sql, values) { statement throws(SQLiteError) in
            var rows: [Row] = []
            while try statement.step() { rows.append(statement.row()) }
            return rows
        }
    }

    /// The first row of a query, or nil; the statement stops after it.
    public func queryOne(_ sql: String, _ values: [DatabaseValue] = []) throws(SQLiteError) -> Row? {
        try withCachedStatement(sql, values) { statement throws(SQLiteError) in
            try statement.step() ? statement.row() : nil
        }
    }

    /// Runs `body` with the cached statement for `sql`, `values` bound. The
    /// statement is reset and its bindings cleared afterwards, so it holds no
    /// read snapshot and no copy of the values. `body` must not run the same
    /// SQL again through the cache (it would reset the statement under it).
    func withCachedStatement<T>(_ sql: String, _ values: [DatabaseValue],
                                _ body: (Statement) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        let db = self.db
        let statement = try statementCache.statement(for: sql) { () throws(SQLiteError) in
            try Statement(database: db, sql: sql, persistent: true)
        }
        defer {
            statement.reset()
            statement.clearBindings()
        }
        try statement.bind(values)
        return try body(statement)
    }

    /// The number of statements in the cache (for tests and diagnostics).
    public var cachedStatementCount: Int { statementCache.count }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
