import CSQLite

/// An SQLite result code: primary (`SQLITE_CONSTRAINT`) or extended
/// (`SQLITE_CONSTRAINT_UNIQUE`), as returned with extended result codes on.
///
/// A primary code used as a pattern matches all its extended codes:
///
///     switch error.code {
///     case .constraintUnique: …   // exactly SQLITE_CONSTRAINT_UNIQUE
///     case .constraint: …         // any other constraint failure
///     case .busy: …
///     default: …
///     }
///
/// See https://sqlite.org/rescode.html.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value.
    public let rawValue: Int32

    /// The code with this C value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code: the low 8 bits of an extended code.
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xff) }

    /// True when this is a primary code (no extended bits).
    public var isPrimary: Bool { rawValue & ~0xff == 0 }

    /// A primary pattern matches its extended codes; an extended pattern
    /// matches itself only.
    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.isPrimary ? pattern == code.primary : pattern == code
    }

    /// SQLite's own English text for the code (`sqlite3_errstr`).
    public var description: String {
        "\(String(cString: sqlite3_errstr(rawValue))) (\(rawValue))"
    }

    /// `SQLITE_OK`
    public static let ok = ResultCode(rawValue: SQLITE_OK)
    /// `SQLITE_ERROR`
    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    /// `SQLITE_INTERNAL`
    public static let `internal` = ResultCode(rawValue: SQLITE_INTERNAL)
    /// `SQLITE_PERM`
    public static let permission = ResultCode(rawValue: SQLITE_PERM)
    /// `SQLITE_ABORT`
    public static let abort = ResultCode(rawValue: SQLITE_ABORT)
    /// `SQLITE_BUSY`
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    /// `SQLITE_LOCKED`
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    /// `SQLITE_NOMEM`
    public static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
    /// `SQLITE_READONLY`
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    /// `SQLITE_INTERRUPT`
    public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
    /// `SQLITE_IOERR`
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    /// `SQLITE_CORRUPT`
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    /// `SQLITE_FULL`
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    /// `SQLITE_CANTOPEN`
    public static let cannotOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    /// `SQLITE_SCHEMA`
    public static let schema = ResultCode(rawValue: SQLITE_SCHEMA)
    /// `SQLITE_TOOBIG`
    public static let tooBig = ResultCode(rawValue: SQLITE_TOOBIG)
    /// `SQLITE_CONSTRAINT`
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    /// `SQLITE_MISMATCH`
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    /// `SQLITE_MISUSE`
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    /// `SQLITE_AUTH`
    public static let authorization = ResultCode(rawValue: SQLITE_AUTH)
    /// `SQLITE_RANGE`
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    /// `SQLITE_NOTADB`
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)

    // Extended codes: sqlite3.h defines them as macros Swift does not import.

    /// `SQLITE_CONSTRAINT_CHECK`
    public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
    /// `SQLITE_CONSTRAINT_COMMITHOOK`
    public static let constraintCommitHook = ResultCode(rawValue: SQLITE_CONSTRAINT | (2 << 8))
    /// `SQLITE_CONSTRAINT_FOREIGNKEY`
    public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
    /// `SQLITE_CONSTRAINT_NOTNULL`
    public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
    /// `SQLITE_CONSTRAINT_PRIMARYKEY`
    public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
    /// `SQLITE_CONSTRAINT_TRIGGER`
    public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
    /// `SQLITE_CONSTRAINT_UNIQUE`
    public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    /// `SQLITE_BUSY_SNAPSHOT`
    public static let busySnapshot = ResultCode(rawValue: SQLITE_BUSY | (2 << 8))
}

/// A failed SQLite call: the extended result `code`, SQLite's `message`
/// (`sqlite3_errmsg`), the `operation` that failed (`"open"`, `"prepare"`,
/// `"step"`, `"bind"`, …) and the SQL text when there was one.
///
/// It never holds bound argument values: values only ever reach SQLite as
/// bound parameters, SQLite's messages name columns and constraints but not
/// values, and this type has no field that could carry them.
///
///     do { try conn.run("INSERT INTO t(x) VALUES (?)", [.text(x)]) }
///     catch let error as SQLiteError where ResultCode.constraint ~= error.code { … }
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code.
    public let code: ResultCode
    /// SQLite's message for the failure.
    public let message: String
    /// The operation that failed.
    public let operation: String
    /// The statement's SQL text (parameters as `?`), when one was involved.
    public let sql: String?

    /// An error with these parts; `message` must not contain argument values.
    public init(code: ResultCode, message: String, operation: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.operation = operation
        self.sql = sql
    }

    /// The error SQLite reports for `db` after a call returned `rc`.
    init(rc: Int32, db: OpaquePointer?, operation: String, sql: String? = nil) {
        let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(rc))
        self.init(code: ResultCode(rawValue: rc), message: message, operation: operation, sql: sql)
    }

    /// A misuse detected by this wrapper before calling SQLite.
    static func misuse(_ message: String, operation: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: .misuse, message: message, operation: operation, sql: sql)
    }

    public var description: String {
        var text = "SQLite error \(code.rawValue) in \(operation): \(message)"
        if let sql { text += " — while running `\(sql)`" }
        return text
    }
}
