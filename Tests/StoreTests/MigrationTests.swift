import Testing
import Crypto
@testable import Store

@Suite struct MigrationTests {
    let base = [
        Migration(version: 1, name: "org", sql: "CREATE TABLE org(id TEXT PRIMARY KEY, name TEXT NOT NULL);"),
        Migration(version: 2, name: "member", sql: """
            CREATE TABLE member(id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES org(id));
            CREATE INDEX member_org ON member(org_id);
            """),
        Migration(version: 3, name: "seed_org", sql: "INSERT INTO org VALUES ('o1', 'Acme');"),
    ]

    func tables(_ conn: Connection) throws -> [String] {
        try conn.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map { try $0.string(at: 0) }
    }

    func recorded(_ conn: Connection) throws -> [Int64] {
        try conn.query("SELECT version FROM schema_migrations ORDER BY version").map { try $0.int64(at: 0) }
    }

    @Test func appliesInOrderAndRecordsChecksums() throws {
        try withConnection { conn, _ throws in
            #expect(try MigrationRunner.pending(base, in: conn).map(\.version) == [1, 2, 3])
            #expect(try MigrationRunner.apply(base, to: conn) == [1, 2, 3])
            #expect(try tables(conn) == ["member", "org", "schema_migrations"])
            let status = try MigrationRunner.status(base, in: conn)
            #expect(status.isConsistent && status.pending.isEmpty)
            #expect(status.applied.map(\.name) == ["org", "member", "seed_org"])
            #expect(status.applied[1].checksum == GenericHash.hash(Array(base[1].sql.utf8)))
            #expect(status.applied.allSatisfy { $0.appliedAt > 1_700_000_000 })
            #expect(!conn.isInTransaction)
        }
    }

    @Test func rerunIsANoOpAndNewOnesAreAppliedAlone() throws {
        try withConnection { conn, _ throws in
            #expect(try MigrationRunner.apply(Array(base.prefix(2)), to: conn) == [1, 2])
            #expect(try MigrationRunner.apply(Array(base.prefix(2)), to: conn) == [])
            #expect(try MigrationRunner.apply(base, to: conn) == [3])
            #expect(try MigrationRunner.apply(base, to: conn) == [])
            #expect(try conn.query("SELECT id FROM org").count == 1)
        }
    }

    @Test func aChangedAppliedMigrationIsRefusedAndNothingApplied() throws {
        try withConnection { conn, _ throws in
            try MigrationRunner.apply(Array(base.prefix(2)), to: conn)
            var changed = base
            changed[0] = Migration(version: 1, name: "org", sql: base[0].sql + " -- edited")
            #expect(throws: MigrationError.checksumMismatch(version: 1, name: "org")) {
                try MigrationRunner.apply(changed, to: conn)
            }
            #expect(throws: MigrationError.checksumMismatch(version: 1, name: "org")) {
                try MigrationRunner.pending(changed, in: conn)
            }
            let status = try MigrationRunner.status(changed, in: conn)
            #expect(status.problems == [.checksumMismatch(version: 1, name: "org")])
            #expect(status.pending.isEmpty)
            // Migration 3 was pending, and is still not applied.
            #expect(try recorded(conn) == [1, 2])
            #expect(try conn.query("SELECT id FROM org").isEmpty)

            var renamed = base
            renamed[1] = Migration(version: 2, name: "members", sql: base[1].sql)
            #expect(throws: MigrationError.nameMismatch(version: 2, applied: "member", expected: "members")) {
                try MigrationRunner.apply(renamed, to: conn)
            }
        }
    }

    @Test func appliedMigrationsMissingFromTheListAreRefused() throws {
        try withConnection { conn, _ throws in
            try MigrationRunner.apply(base, to: conn)
            #expect(throws: MigrationError.newerThanBinary(version: 3)) {
                try MigrationRunner.apply(Array(base.prefix(2)), to: conn)
            }
            #expect(throws: MigrationError.newerThanBinary(version: 1)) { try MigrationRunner.apply([], to: conn) }
            try conn.run("INSERT INTO schema_migrations VALUES (0, 'ghost', x'00', 0)")
            #expect(throws: MigrationError.missing(version: 0)) { try MigrationRunner.apply(base, to: conn) }
        }
    }

    @Test func aGapInTheRecordIsOutOfOrder() throws {
        try withConnection { conn, _ throws in
            try MigrationRunner.apply(base, to: conn)
            try conn.run("DELETE FROM schema_migrations WHERE version = 2")
            #expect(throws: MigrationError.outOfOrder(version: 2)) { try MigrationRunner.apply(base, to: conn) }
            #expect(try recorded(conn) == [1, 3])
        }
    }

    @Test func aFailingMigrationIsRolledBackEntirely() throws {
        try withConnection { conn, _ throws in
            let list = [base[0], Migration(version: 2, name: "broken", sql: """
                CREATE TABLE half(a INTEGER);
                INSERT INTO half VALUES (1);
                INSERT INTO no_such_table VALUES (1);
                """)]
            let error = try #require(throws: MigrationError.self) { try MigrationRunner.apply(list, to: conn) }
            guard case .failed(let version, let sqlite) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(version == 2)
            #expect(sqlite.message.contains("no such table"))
            // Migration 1 stays applied; nothing of 2 is left, and it is not recorded.
            #expect(try tables(conn) == ["org", "schema_migrations"])
            #expect(try recorded(conn) == [1])
            #expect(!conn.isInTransaction)
        }
    }

    @Test func aForeignKeyViolationAbortsTheMigration() throws {
        try withConnection { conn, _ throws in
            try MigrationRunner.apply(Array(base.prefix(2)), to: conn)
            let orphan = Migration(version: 3, name: "orphan", sql: """
                PRAGMA defer_foreign_keys = ON;
                INSERT INTO member VALUES ('m1', 'no-such-org');
                """)
            #expect(throws: MigrationError.foreignKeyViolation(version: 3, table: "member")) {
                try MigrationRunner.apply(base.prefix(2) + [orphan], to: conn)
            }
            #expect(try recorded(conn) == [1, 2])
            #expect(try conn.query("SELECT id FROM member").isEmpty)
        }
    }

    @Test func aMigrationCannotControlTheTransaction() throws {
        try withConnection { conn, _ throws in
            let sneaky = Migration(version: 1, name: "sneaky", sql: "CREATE TABLE z(a); COMMIT; CREATE TABLE y(a);")
            let error = try #require(throws: MigrationError.self) { try MigrationRunner.apply([sneaky], to: conn) }
            guard case .failed(1, let sqlite) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(sqlite.code == .authorization)
            #expect(try tables(conn).isEmpty)
            let weakening = Migration(version: 1, name: "weakening", sql: "PRAGMA secure_delete = OFF; CREATE TABLE w(a);")
            let refused = try #require(throws: MigrationError.self) { try MigrationRunner.apply([weakening], to: conn) }
            guard case .failed(1, let pragmaError) = refused else {
                Issue.record("unexpected \(refused)")
                return
            }
            #expect(pragmaError.code == .authorization)
            #expect(try conn.queryOne("PRAGMA secure_delete")?[0] == .integer(1))
            // Transactions work as usual afterwards.
            try conn.transaction { try conn.execute("CREATE TABLE after(a)") }
            #expect(try tables(conn) == ["after"])
        }
    }

    @Test func badListsAreRefusedBeforeAnythingRuns() throws {
        let sql = "CREATE TABLE t(a);"
        let cases: [([Migration], MigrationError)] = [
            ([Migration(version: 1, name: "a", sql: sql), Migration(version: 3, name: "c", sql: sql)],
             .invalidSequence(expected: 2, found: 3)),
            ([Migration(version: 1, name: "a", sql: sql), Migration(version: 1, name: "b", sql: sql)],
             .duplicateVersion(1)),
            ([Migration(version: 2, name: "a", sql: sql)], .invalidSequence(expected: 1, found: 2)),
            ([Migration(version: 2, name: "b", sql: sql), Migration(version: 1, name: "a", sql: sql)],
             .invalidSequence(expected: 1, found: 2)),
            ([Migration(version: 1, name: "Create-Users", sql: sql)], .invalidName(version: 1, name: "Create-Users")),
            ([Migration(version: 1, name: "", sql: sql)], .invalidName(version: 1, name: "")),
        ]
        for (list, expected) in cases {
            try withConnection { conn, _ throws in
                #expect(throws: expected) { try MigrationRunner.validate(list) }
                #expect(throws: expected) { try MigrationRunner.apply(list, to: conn) }
                #expect(throws: expected) { try MigrationRunner.status(list, in: conn) }
                #expect(try tables(conn).isEmpty)
            }
        }
    }

    @Test func statusWorksReadOnlyOnANewDatabase() throws {
        try withConnection { _, path throws in
            let reader = try Connection(path: path, configuration: .init(mode: .readOnly))
            defer { reader.close() }
            let status = try MigrationRunner.status(base, in: reader)
            #expect(status.applied.isEmpty)
            #expect(status.pending.map(\.version) == [1, 2, 3])
        }
    }
}
