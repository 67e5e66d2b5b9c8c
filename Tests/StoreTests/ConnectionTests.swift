import Foundation
import Testing
import Platform
@testable import Store

@Suite struct ConnectionTests {
    @Test func bindsAndReadsEveryType() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)")
            let blob: [UInt8] = [0, 1, 2, 255]
            try conn.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                         [.integer(Int64.max), .real(1.5), .text("héllo\u{0}wörld"), .blob(blob), .null])
            try conn.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [-7, 2.25, "", .blob([]), nil])
            let rows = try conn.query("SELECT i, r, s, b, n FROM t ORDER BY rowid")
            #expect(rows.count == 2)
            #expect(try rows[0].int64(at: 0) == Int64.max)
            #expect(try rows[0].double(named: "r") == 1.5)
            #expect(try rows[0].string(at: 2) == "héllo\u{0}wörld")
            #expect(try rows[0].blob(named: "b") == blob)
            #expect(try rows[0].optionalString(at: 4) == nil)
            #expect(try rows[0].optionalInt64(named: "n") == nil)
            #expect(try rows[1].int64(at: 0) == -7)
            // Empty text and blob stay empty, not NULL.
            #expect(try rows[1].string(at: 2) == "")
            #expect(try rows[1].blob(at: 3) == [])
            #expect(rows[1][3] == .blob([]))
        }
    }

    @Test func convertsSwiftValues() throws {
        try withConnection { conn, _ in
            let name: String? = nil
            let count: Int = 3
            let row = try conn.queryOne("SELECT ?, ?, ?, ?", [DatabaseValue(name), DatabaseValue(count),
                                                             DatabaseValue(true), DatabaseValue([UInt8]([9]))])
            #expect(row?.values == [.null, .integer(3), .integer(1), .blob([9])])
            #expect(try row?.bool(at: 2) == true)
        }
    }

    @Test func typedReadsRefuseNullAndOtherTypes() throws {
        try withConnection { conn, _ in
            let row = try #require(try conn.queryOne("SELECT NULL AS a, 'x' AS b, 1 AS c"))
            #expect(throws: ColumnReadError.unexpectedNull(column: "a")) { try row.int64(at: 0) }
            #expect(throws: ColumnReadError.typeMismatch(column: "b", expected: .integer, found: .text)) {
                try row.int64(named: "b")
            }
            #expect(throws: ColumnReadError.noSuchColumn("z")) { try row.string(named: "z") }
            #expect(throws: ColumnReadError.indexOutOfRange(3)) { try row.string(at: 3) }
            #expect(try row.double(named: "c") == 1.0)
        }
    }

    @Test func statementStepsAndReadsByIndexAndName() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(k TEXT, v INTEGER); INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3)")
            let statement = try conn.prepare("SELECT k, v FROM t WHERE v >= ? ORDER BY v")
            try statement.bind([2])
            var seen: [String] = []
            while try statement.step() {
                seen.append(try statement.string(at: 0) + String(try statement.int64(named: "v")))
            }
            #expect(seen == ["b2", "c3"])
            try statement.bind([3])
            #expect(try statement.step())
            #expect(try statement.string(named: "k") == "c")
            #expect(try statement.optionalInt64(at: 1) == 3)
        }
    }

    @Test func refusesWrongParameterCountAndSeveralStatements() throws {
        try withConnection { conn, _ in
            #expect(throws: SQLiteError.self) { try conn.run("SELECT ?", []) }
            #expect(throws: SQLiteError.self) { try conn.run("SELECT 1", [1]) }
            let error = try #require(throws: SQLiteError.self) { try conn.prepare("SELECT 1; DROP TABLE x") }
            #expect(error.code == .misuse)
            // A trailing comment is not a second statement.
            _ = try conn.prepare("SELECT 1; -- done")
            // Scripts take no parameters.
            #expect(throws: SQLiteError.self) { try conn.execute("SELECT ?") }
        }
    }

    @Test func errorsCarryCodesButNeverBoundValues() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE secret(token TEXT UNIQUE NOT NULL, n INTEGER CHECK (n > 0))")
            let marker = "SECRET-MARKER-\(UUID().uuidString)"
            try conn.run("INSERT INTO secret(token, n) VALUES (?, ?)", [.text(marker), 1])
            let unique = try #require(throws: SQLiteError.self) {
                try conn.run("INSERT INTO secret(token, n) VALUES (?, ?)", [.text(marker), 1])
            }
            #expect(unique.code == .constraintUnique)
            #expect(ResultCode.constraint ~= unique.code)
            #expect(!(ResultCode.busy ~= unique.code))
            #expect(unique.operation == "step")
            #expect(unique.message.contains("UNIQUE constraint failed: secret.token"))
            let check = try #require(throws: SQLiteError.self) {
                try conn.run("INSERT INTO secret(token, n) VALUES (?, ?)", [.text(marker + "2"), -424242])
            }
            #expect(check.code == .constraintCheck)
            let notNull = try #require(throws: SQLiteError.self) {
                try conn.run("INSERT INTO secret(token, n) VALUES (?, ?)", [nil, 1])
            }
            #expect(notNull.code == .constraintNotNull)
            for error in [unique, check, notNull] {
                for text in [String(describing: error), String(reflecting: error), error.message] {
                    #expect(!text.contains(marker))
                    #expect(!text.contains("424242"))
                }
            }
        }
    }

    @Test func doubleQuotedStringsAreIdentifiers() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(a TEXT)")
            let error = try #require(throws: SQLiteError.self) { try conn.query("SELECT \"no_such_column\" FROM t") }
            #expect(error.code == .error)
            #expect(error.message.contains("no such column"))
        }
    }

    @Test func statementCachePreparesOnce() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(a INTEGER)")
            let before = conn.cachedStatementCount
            for i in 0..<10 { try conn.run("INSERT INTO t(a) VALUES (?)", [.integer(Int64(i))]) }
            #expect(conn.cachedStatementCount == before + 1)
            let statement = try conn.statementCache.statement(for: "INSERT INTO t(a) VALUES (?)") { () throws(SQLiteError) in
                Issue.record("prepared again")
                return try conn.prepare("SELECT 1")
            }
            #expect(statement.sql == "INSERT INTO t(a) VALUES (?)")
            #expect(try conn.queryOne("SELECT count(*) FROM t")?.int64(at: 0) == 10)
        }
    }

    @Test func statementCacheEvictsLeastRecentlyUsed() throws {
        try withTemporaryDirectory { dir in
            let conn = try Connection(path: dir + "/db", configuration: .init(statementCacheCapacity: 2))
            defer { conn.close() }
            _ = try conn.query("SELECT 1")
            _ = try conn.query("SELECT 2")
            _ = try conn.query("SELECT 1")
            _ = try conn.query("SELECT 3")   // evicts SELECT 2
            #expect(conn.cachedStatementCount == 2)
            _ = try conn.statementCache.statement(for: "SELECT 1") { () throws(SQLiteError) in
                Issue.record("SELECT 1 was evicted")
                return try conn.prepare("SELECT 1")
            }
        }
    }

    @Test func cachedStatementsReleaseTheirSnapshot() throws {
        try withConnection { writer, path in
            try writer.execute("CREATE TABLE t(a INTEGER)")
            let reader = try Connection(path: path, configuration: .init(mode: .readOnly))
            defer { reader.close() }
            #expect(try reader.queryOne("SELECT count(*) FROM t")?.int64(at: 0) == 0)
            // queryOne stopped after one row, but reset its statement: no snapshot is held.
            #expect(!reader.isInTransaction)
            try writer.run("INSERT INTO t VALUES (1)")
            #expect(try reader.queryOne("SELECT count(*) FROM t")?.int64(at: 0) == 1)
        }
    }

    @Test func transactionCommitsAndRollsBack() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(a INTEGER)")
            try conn.transaction { try conn.run("INSERT INTO t VALUES (1)") }
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                try conn.transaction {
                    try conn.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            #expect(!conn.isInTransaction)
            #expect(try conn.query("SELECT a FROM t").map { try $0.int64(at: 0) } == [1])
        }
    }

    @Test func savepointRollsBackOnlyItsOwnWork() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(a INTEGER)")
            struct Boom: Error {}
            try conn.transaction {
                try conn.run("INSERT INTO t VALUES (1)")
                #expect(throws: Boom.self) {
                    try conn.savepoint {
                        try conn.run("INSERT INTO t VALUES (2)")
                        try conn.savepoint { try conn.run("INSERT INTO t VALUES (3)") }
                        throw Boom()
                    }
                }
                try conn.savepoint { try conn.run("INSERT INTO t VALUES (4)") }
            }
            #expect(try conn.query("SELECT a FROM t ORDER BY a").map { try $0.int64(at: 0) } == [1, 4])
        }
    }

    @Test func changesAndLastInsertRowID() throws {
        try withConnection { conn, _ in
            try conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER)")
            try conn.run("INSERT INTO t(a) VALUES (?)", [5])
            #expect(conn.lastInsertRowID == 1)
            try conn.run("INSERT INTO t(a) VALUES (?)", [5])
            #expect(conn.lastInsertRowID == 2)
            try conn.run("UPDATE t SET a = 6 WHERE a = ?", [5])
            #expect(conn.changes == 2)
        }
    }

    @Test func settingsAreReallyApplied() throws {
        try withConnection { conn, path in
            func pragma(_ name: String) throws -> DatabaseValue? { try conn.queryOne("PRAGMA \(name)")?[0] }
            #expect(try pragma("journal_mode") == .text("wal"))
            #expect(try pragma("synchronous") == .integer(2))
            #expect(try pragma("secure_delete") == .integer(1))
            #expect(try pragma("foreign_keys") == .integer(1))
            #expect(try pragma("busy_timeout") == .integer(5000))
            #expect(try pragma("trusted_schema") == .integer(0))
            // Defensive mode: the schema cannot be written directly.
            try conn.execute("CREATE TABLE t(a)")
            try conn.run("PRAGMA writable_schema = ON")
            #expect(throws: SQLiteError.self) { try conn.run("UPDATE sqlite_schema SET sql = 'CREATE TABLE t(b)'") }

            let reader = try Connection(path: path, configuration: .init(mode: .readOnly))
            defer { reader.close() }
            #expect(reader.isReadOnly)
            #expect(try reader.queryOne("PRAGMA journal_mode")?[0] == .text("wal"))
            #expect(try reader.queryOne("PRAGMA foreign_keys")?[0] == .integer(1))
            let error = try #require(throws: SQLiteError.self) { try reader.execute("CREATE TABLE x(a)") }
            #expect(ResultCode.readOnly ~= error.code)
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        try withConnection { conn, _ in
            try conn.execute("""
                CREATE TABLE parent(id INTEGER PRIMARY KEY);
                CREATE TABLE child(parent_id INTEGER NOT NULL REFERENCES parent(id));
                """)
            let error = try #require(throws: SQLiteError.self) { try conn.run("INSERT INTO child VALUES (?)", [1]) }
            #expect(error.code == .constraintForeignKey)
        }
    }

    @Test func filesAreCreatedOwnerOnly() throws {
        try withTemporaryDirectory { dir in
            let old = umask(0o022)
            defer { umask(old) }
            let path = dir + "/forum.sqlite3"
            let conn = try Connection(path: path)
            defer { conn.close() }
            try conn.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1)")
            for file in [path, path + "-wal", path + "-shm"] {
                #expect(Files.mode(file) == 0o600, "\(file)")
            }
        }
    }

    @Test func refusesFilesOthersCanRead() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/loose.sqlite3"
            try Files.createExclusive(path, [], mode: 0o600)
            chmod(path, 0o644)
            #expect(throws: StoreError.insecureFileMode(path: path, mode: 0o644)) { try Connection(path: path) }
            let link = dir + "/link.sqlite3"
            chmod(path, 0o600)
            symlink(path, link)
            #expect(throws: StoreError.notARegularFile(path: link)) { try Connection(path: link) }
        }
    }

    @Test func onlyPlainFilePathsAreAccepted() throws {
        for path in ["", ":memory:", "file:x.sqlite3?mode=rwc"] {
            #expect(throws: StoreError.invalidPath(path)) { try Connection(path: path) }
        }
        #expect(!FileManager.default.fileExists(atPath: ":memory:"))
    }

    @Test func openFailureIsReportedAndHandleClosed() throws {
        try withTemporaryDirectory { dir in
            let error = try #require(throws: SQLiteError.self) {
                try Connection(path: dir + "/missing.sqlite3", configuration: .init(mode: .readOnly))
            }
            #expect(ResultCode.cannotOpen ~= error.code)
            #expect(error.operation == "open")
            // Not a database at all.
            try Files.createExclusive(dir + "/junk", Array(repeating: 0x41, count: 4096), mode: 0o600)
            let junk = try #require(throws: SQLiteError.self) { try Connection(path: dir + "/junk") }
            #expect(junk.code == .notADatabase)
        }
    }

    @Test func checkpointTruncatesTheWAL() throws {
        try withConnection { conn, path in
            try conn.execute("CREATE TABLE t(a); INSERT INTO t VALUES (zeroblob(10000))")
            let result = try conn.checkpoint(.truncate)
            #expect(result.isComplete)
            var st = stat()
            #expect(stat(path + "-wal", &st) == 0 && st.st_size == 0)
        }
    }
}
