import Crypto
import Foundation
import Platform
import Testing
@testable import Store

/// What `Backup.restore` refuses: another key, a damaged, truncated,
/// extended or foreign file, a damaged database, other migrations. A refusal
/// leaves the existing database and the directory as they were.
@Suite struct BackupRefusalTests {
    /// What kind of refusal is expected.
    enum Refusal: CustomStringConvertible {
        case notABackup, wrongKey, truncated, corrupt, integrity, schema
        /// Any `BackupError`.
        case any
        /// Any error at all (a programmer's mistake, such as an invalid migrations list).
        case anyError

        func matches(_ error: BackupError) -> Bool {
            switch (self, error) {
            case (.notABackup, .notABackup), (.wrongKey, .wrongKey), (.truncated, .truncated),
                 (.corrupt, .corrupt), (.integrity, .integrity), (.schema, .schema), (.any, _), (.anyError, _):
                true
            default:
                false
            }
        }

        var description: String { "\(self)" }
    }

    /// Restores `file` over an existing database in its own directory and
    /// expects `refusal`; the database and the directory must be unchanged.
    func expectRefused(_ f: BackupFixture, _ file: String, key: BoxSecretKey? = nil, migrations: [Migration] = EmbeddedMigrations.all,
                       _ refusal: Refusal, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try withTemporaryDirectory { dir in
            let target = dir + "/trustforum.sqlite3"
            let existing = try Database.openForMaintenance(path: target)
            try existing.execute("CREATE TABLE kept (a); INSERT INTO kept VALUES ('still here')")
            existing.close()
            let before = try Files.read(target)
            let files = try fileNames(dir)
            do {
                try Backup.restore(from: file, secretKey: key ?? f.operator_, to: target, migrations: migrations)
                Issue.record("restore accepted it; expected \(refusal). \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
            } catch let error as BackupError {
                #expect(refusal.matches(error), "expected \(refusal), got \(error). \(comment.map { "\($0)" } ?? "")",
                        sourceLocation: sourceLocation)
            } catch {
                #expect(refusal == .anyError, "expected \(refusal), got \(error). \(comment.map { "\($0)" } ?? "")",
                        sourceLocation: sourceLocation)
            }
            #expect(try Files.read(target) == before, "the existing database changed", sourceLocation: sourceLocation)
            #expect(try fileNames(dir) == files, "files left behind", sourceLocation: sourceLocation)
        }
    }

    @Test func anotherOperatorsKeyIsRefused() throws {
        try BackupFixture.with { f in
            let other = BoxSecretKey()
            try expectRefused(f, f.backup, key: other, .wrongKey)
            #expect(throws: BackupError.wrongKey) { try Backup.inspect(f.backup, secretKey: other) }
        }
    }

    @Test func aTruncatedFileIsRefused() throws {
        try BackupFixture.with { f in
            let bytes = try f.bytes
            let layout = BackupLayout(bytes)
            let magic = BackupFormat.magic.count
            let records = layout.records
            #expect(records.count >= 3, "metadata and at least two database records")
            let cuts: [(Int, Refusal)] = [
                (0, .notABackup), (10, .notABackup),
                (magic, .truncated), (magic + 2, .truncated),
                (layout.sealedKeyOffset + 10, .truncated), (layout.streamHeaderOffset + 5, .truncated),
                (records[0], .truncated), (records[0] + 2, .truncated), (records[0] + 30, .truncated),
                (records[1], .truncated), (records[1] + 4, .truncated), (records[1] + 100_000, .truncated),
                (records[records.count - 1], .truncated), // everything but the FINAL record
                (records[records.count - 1] + 4, .truncated),
                (bytes.count - 1, .truncated),
            ]
            for (index, (cut, refusal)) in cuts.enumerated() {
                let file = try f.write("cut-\(index)", Array(bytes[..<cut]))
                try expectRefused(f, file, refusal, "cut at \(cut) of \(bytes.count)")
            }
        }
    }

    @Test func aFlippedByteIsRefused() throws {
        try BackupFixture.with { f in
            let bytes = try f.bytes
            let layout = BackupLayout(bytes)
            let records = layout.records
            let last = records[records.count - 1]
            let flips: [(Int, Refusal)] = [
                (0, .notABackup), (BackupFormat.magic.count - 1, .notABackup),
                (layout.sealedKeyOffset - 1, .any),            // the sealed key's length
                (layout.sealedKeyOffset, .wrongKey),           // the ephemeral public key
                (layout.streamHeaderOffset - 1, .wrongKey),    // the sealed key's MAC
                (layout.streamHeaderOffset, .corrupt),         // the secretstream header
                (records[0] + 3, .any),                        // the metadata record's length
                (records[0] + 4, .corrupt), (records[0] + 20, .corrupt),
                (records[1] + 4 + 500_000, .corrupt),
                (records[2] + 4, .corrupt),
                (last + 4, .corrupt),                          // the FINAL record's tag
                (bytes.count - 1, .corrupt),                   // its MAC
            ]
            for (index, (offset, refusal)) in flips.enumerated() {
                var changed = bytes
                changed[offset] ^= 0x04
                let file = try f.write("flip-\(index)", changed)
                try expectRefused(f, file, refusal, "flipped byte \(offset)")
            }
        }
    }

    @Test func reorderedOrDroppedRecordsAreRefused() throws {
        try BackupFixture.with { f in
            let bytes = try f.bytes
            let r = BackupLayout(bytes).records
            let head = Array(bytes[..<r[0]])
            let records = zip(r, r.dropFirst() + [bytes.count]).map { Array(bytes[$0..<$1]) }
            let variants: [(String, [[UInt8]])] = [
                ("swapped", [records[0], records[2], records[1]] + records.dropFirst(3)),
                ("dropped", [records[0]] + records.dropFirst(2)),
                ("repeated", [records[0], records[1]] + records.dropFirst(1)),
                ("without metadata", Array(records.dropFirst())),
            ]
            for (name, list) in variants {
                let file = try f.write(name.replacingOccurrences(of: " ", with: "-"), head + list.flatMap { $0 })
                try expectRefused(f, file, .corrupt, "\(name)")
            }
        }
    }

    @Test func bytesAfterTheFinalRecordAreRefused() throws {
        try BackupFixture.with { f in
            let bytes = try f.bytes
            let last = BackupLayout(bytes).records.last!
            let variants: [(String, [UInt8])] = [
                ("one-zero", bytes + [0]),
                ("newline", bytes + Array("\n".utf8)),
                ("final-again", bytes + Array(bytes[last...])),
                ("another-backup", bytes + bytes),
            ]
            for (name, changed) in variants {
                try expectRefused(f, try f.write(name, changed), .corrupt, "\(name)")
            }
        }
    }

    @Test func aFileThatIsNoBackupIsRefused() throws {
        try BackupFixture.with { f in
            let candidates: [(String, [UInt8])] = [
                ("empty", []),
                ("database", try Files.read(f.database)),
                ("text", Array("hello, this is not a backup\n".utf8)),
                ("random", Random.bytes(4096)),
                ("other-version", Array("trustforum-backup/v2\n".utf8) + Array(try f.bytes.dropFirst(BackupFormat.magic.count))),
                ("no-newline", Array("trustforum-backup/v1".utf8)),
            ]
            for (name, bytes) in candidates {
                let file = try f.write(name, bytes)
                try expectRefused(f, file, .notABackup, "\(name)")
                #expect(throws: BackupError.notABackup, "\(name)") { try Backup.inspect(file, secretKey: f.operator_) }
            }
            try expectRefused(f, f.dir + "/does-not-exist", .any)
        }
    }

    @Test func otherMigrationsThanTheBinarysAreRefused() throws {
        try BackupFixture.with { f in
            let real = EmbeddedMigrations.all
            let changed = real.map { Migration(version: $0.version, name: $0.name, sql: $0.sql + "\n-- edited\n") }
            let renamed = real.map { Migration(version: $0.version, name: $0.name + "_renamed", sql: $0.sql) }
            try expectRefused(f, f.backup, migrations: changed, .schema, "changed SQL")
            try expectRefused(f, f.backup, migrations: renamed, .schema, "renamed")
            try expectRefused(f, f.backup, migrations: [], .schema, "newer than the binary")
            try expectRefused(f, f.backup, migrations: [Migration(version: 1, name: "Bad Name", sql: "")], .anyError, "invalid list")
        }
    }

    /// An older backup (fewer migrations than the binary's) is restored;
    /// `migrate` then applies the rest.
    @Test func aBackupWithPendingMigrationsIsAccepted() throws {
        try BackupFixture.with { f in
            let newer = EmbeddedMigrations.all + [Migration(version: EmbeddedMigrations.all.count + 1, name: "later",
                                                            sql: "CREATE TABLE later (a INTEGER)")]
            let target = f.dir + "/older.sqlite3"
            try Backup.restore(from: f.backup, secretKey: f.operator_, to: target, migrations: newer)
            let conn = try Database.openForMaintenance(path: target)
            defer { conn.close() }
            #expect(try MigrationRunner.pending(newer, in: conn).map(\.version) == [EmbeddedMigrations.all.count + 1])
        }
    }

    @Test func aBackupOfADamagedDatabaseFailsTheIntegrityCheck() throws {
        try withStore { conn, path, dir in
            try conn.execute("""
                CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL);
                CREATE INDEX t_a ON t (a);
                """)
            try conn.transaction {
                for i in 0..<200 { try conn.run("INSERT INTO t (a) VALUES (?)", [.integer(Int64(i * 7))]) }
            }
            let root = try #require(try conn.queryOne("SELECT rootpage FROM sqlite_schema WHERE name = 't_a'")?.int64(at: 0))
            let pageSize = try #require(try conn.queryOne("PRAGMA page_size")?.int64(at: 0))
            _ = try conn.checkpoint(.truncate)
            conn.close()
            // Damage the index: the last byte of its root page is the end of
            // a cell (a rowid), so the index no longer matches the table.
            var file = try Files.read(path)
            file[Int((root - 1) * pageSize + pageSize - 1)] ^= 0x01
            Files.remove(path)
            try Files.createExclusive(path, file)

            let operatorKey = BoxSecretKey()
            let backup = dir + "/damaged.backup"
            try Backup.create(databasePath: path, to: backup, recipient: operatorKey.publicKey, communityID: fixtureCommunity)
            let f = BackupFixture(dir: dir, database: path, backup: backup, operator_: operatorKey,
                                  auditKey: SecureBytes.random(count: 32), metadata: try Backup.inspect(backup, secretKey: operatorKey))
            try expectRefused(f, backup, .integrity)
        }
    }
}
