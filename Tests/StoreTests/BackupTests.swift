import Core
import Crypto
import Foundation
import Platform
import Testing
@testable import Store

/// A stop signal for a background thread.
private final class StopFlag: @unchecked Sendable {
    // @unchecked: `stopped` is only touched with `lock` held.
    private let lock = ConditionLock()
    private var stopped = false
    func stop() { lock.withLock { stopped = true } }
    var isStopped: Bool { lock.withLock { stopped } }
}

/// Encrypted online backups that come back as they went in.
@Suite struct BackupTests {
    @Test func aBackupTakenWhileTheServerWritesRestoresItsSnapshot() throws {
        try withStore { conn, path, dir in
            let key = SecureBytes.random(count: 32)
            try populate(conn, key: key)
            try conn.execute("CREATE TABLE live (n INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
            conn.close()

            let db = try Database.open(path: path, readers: 1)
            defer { try? db.close() }
            let stop = StopFlag()
            let acknowledged = Collector<Int64>()
            let failures = Collector<String>()
            // The server: each job adds a row and its audit row together.
            let server = OSThread(name: "server") {
                var next: Int64 = 0
                while !stop.isStopped {
                    do {
                        let n = next
                        let written = try db.write { conn in
                            try conn.run("INSERT INTO live (n, payload) VALUES (?, ?)", [.integer(n), .blob(Random.bytes(512))])
                            try AuditLog.append(conn, key: key, actor: AuditField.system, code: "test.probe", detail: "n=\(n)")
                            return n
                        }
                        acknowledged.append(written)
                        next += 1
                    } catch {
                        failures.append("\(error)")
                        return
                    }
                }
            }
            waitUntil { acknowledged.all.count >= 20 || !failures.all.isEmpty }
            let before = acknowledged.all.count
            let operatorKey = BoxSecretKey()
            let output = dir + "/tf.backup"
            let started = WallClock.seconds
            let metadata: BackupMetadata
            do {
                metadata = try Backup.create(databasePath: path, to: output, recipient: operatorKey.publicKey,
                                             communityID: fixtureCommunity)
            } catch {
                stop.stop()
                server.join()
                throw error
            }
            let after = acknowledged.all.count
            stop.stop()
            server.join()
            #expect(failures.all.isEmpty)
            #expect(metadata.communityID == fixtureCommunity)
            #expect(metadata.schemaVersion == EmbeddedMigrations.all.count)
            #expect(metadata.createdAt >= started && metadata.createdAt <= WallClock.seconds)
            #expect(metadata.databaseBytes > UInt64(BackupFormat.chunkSize))

            let source = try db.read { try dump($0) }
            try withTemporaryDirectory { other in
                let target = other + "/restored.sqlite3"
                #expect(try Backup.restore(from: output, secretKey: operatorKey, to: target) == metadata)
                #expect(Files.mode(target) == 0o600)
                #expect(try fileNames(other) == ["restored.sqlite3"])

                let restored = try Database.openForMaintenance(path: target)
                defer { restored.close() }
                #expect(try restored.query("PRAGMA integrity_check").map { try $0.string(at: 0) } == ["ok"])
                let copy = try dump(restored)
                var fixed = source, restoredFixed = copy
                for table in ["live", "audit_log"] {
                    fixed[table] = nil
                    restoredFixed[table] = nil
                }
                #expect(Set(copy.keys) == Set(source.keys))
                #expect(differingTables(restoredFixed, fixed) == [])
                // The server's rows: a prefix of what it wrote, at least
                // everything acknowledged before the backup began, and the
                // audit rows of exactly those (one snapshot).
                let live = copy["live"] ?? []
                #expect(live.count >= before && live.count <= after + 1, "\(before) ≤ \(live.count) ≤ \(after + 1)")
                let livePrefix = live == Array(source["live", default: []].prefix(live.count))
                #expect(livePrefix)
                let audit = copy["audit_log"] ?? []
                let auditPrefix = audit == Array(source["audit_log", default: []].prefix(audit.count))
                #expect(auditPrefix)
                #expect(audit.count == 10 + live.count)
                #expect(try AuditLog.verify(restored, key: key)
                    == AuditVerification(rows: audit.count, lastSeq: UInt64(audit.count), problem: nil))
                #expect(try MigrationRunner.status(EmbeddedMigrations.all, in: restored).isConsistent)
                #expect(try Community.id(restored) == fixtureCommunity)
            }
        }
    }

    @Test func restoreReplacesAnExistingDatabaseAndItsWAL() throws {
        try BackupFixture.with { f in
            let source = try Database.openForMaintenance(path: f.database)
            let expected = try dump(source)
            source.close()
            let target = f.dir + "/replaced.sqlite3"
            let old = try Database.openForMaintenance(path: target)
            try old.execute("CREATE TABLE stale (a); INSERT INTO stale VALUES ('old')")
            let walCopy = try Files.read(target + "-wal")
            old.close()
            // A -wal left beside the old database must not be replayed onto the restored one.
            try Files.createExclusive(target + "-wal", walCopy)
            try Backup.restore(from: f.backup, secretKey: f.operator_, to: target)
            let restored = try Database.openForMaintenance(path: target)
            defer { restored.close() }
            #expect(differingTables(try dump(restored), expected) == [])
        }
    }

    /// A restore killed earlier (same pid, as in a container) may have left
    /// its work file's -wal behind; it must not end up in the restored data.
    @Test func aStaleWorkFileWALFromAnEarlierRestoreIsIgnored() throws {
        try BackupFixture.with { f in
            let source = try Database.openForMaintenance(path: f.database)
            let expected = try dump(source)
            source.close()
            let target = f.dir + "/target.sqlite3"
            let work = target + ".restore-\(getpid())"
            let other = try Database.openForMaintenance(path: work)
            try other.execute("CREATE TABLE intruder (a); INSERT INTO intruder VALUES ('from another database')")
            let wal = try Files.read(work + "-wal")
            other.close()
            Files.remove(work)
            try Files.createExclusive(work + "-wal", wal)
            #expect(!wal.isEmpty)

            try Backup.restore(from: f.backup, secretKey: f.operator_, to: target)
            let restored = try Database.openForMaintenance(path: target)
            defer { restored.close() }
            let tables = try dump(restored)
            #expect(tables["intruder"] == nil)
            #expect(differingTables(tables, expected) == [])
            #expect(!Files.exists(work + "-wal"))
        }
    }

    @Test func theBackupFileIsOwnerOnlyAndNoPlaintextCopyRemains() throws {
        try withStore { conn, path, dir in
            try populate(conn, key: SecureBytes.random(count: 32))
            let old = umask(0o022)
            defer { umask(old) }
            let before = try fileNames(dir)
            let out = dir + "/out"
            try Files.makeDirectory(out)
            let output = out + "/tf.backup"
            try Backup.create(databasePath: path, to: output, recipient: BoxSecretKey().publicKey, communityID: fixtureCommunity)
            #expect(Files.mode(output) == 0o600)
            #expect(try fileNames(dir) == before.union(["out"]))
            #expect(try fileNames(out) == ["tf.backup"])
        }
    }

    @Test func theBackupHoldsNoPlaintext() throws {
        try BackupFixture.with { f in
            let marker = Array(plaintextMarker.utf8)
            // The marker really is in the database file (the test would prove nothing otherwise)…
            #expect(contains(try Files.read(f.database), marker))
            // … and not in the backup, nor the SQLite header.
            let bytes = try f.bytes
            #expect(!contains(bytes, marker))
            #expect(!contains(bytes, Array("SQLite format 3".utf8)))
            #expect(!contains(bytes, Array(fixtureCommunity.utf8)))
            #expect(bytes.starts(with: Array("trustforum-backup/v1\n".utf8)))
        }
    }

    @Test func inspectReturnsTheMetadata() throws {
        try BackupFixture.with { f in
            #expect(try Backup.inspect(f.backup, secretKey: f.operator_) == f.metadata)
            #expect(f.metadata.communityID == fixtureCommunity)
            #expect(f.metadata.schemaVersion == EmbeddedMigrations.all.last!.version)
            // The database records add up to the size it names.
            let bytes = try f.bytes
            let layout = BackupLayout(bytes)
            let sealedSum = layout.records.dropFirst().map { BackupFormat.readU32(Array(bytes[$0..<$0 + 4])) }.reduce(0, +)
            let plainSum = sealedSum - (layout.records.count - 1) * SecretStream.chunkOverhead
            #expect(UInt64(plainSum) == f.metadata.databaseBytes)
            #expect(layout.records.count >= 3)
        }
    }

    @Test func createRefusesToOverwriteAFile() throws {
        try BackupFixture.with { f in
            let before = try f.bytes
            #expect(throws: BackupError.self) {
                try Backup.create(databasePath: f.database, to: f.backup, recipient: f.operator_.publicKey,
                                  communityID: fixtureCommunity)
            }
            #expect(try f.bytes == before)
            #expect(!Files.exists(f.backup + ".partial"))
            #expect(try fileNames(f.dir).allSatisfy { !$0.hasPrefix(".backup-") })
        }
    }

    @Test func twoBackupsOfTheSameDataDiffer() throws {
        try BackupFixture.with { f in
            let second = f.dir + "/second.backup"
            try Backup.create(databasePath: f.database, to: second, recipient: f.operator_.publicKey, communityID: fixtureCommunity)
            let a = try f.bytes, b = try Files.read(second)
            let layout = BackupLayout(a)
            // A fresh key per backup: nothing after the magic repeats.
            #expect(a[layout.sealedKeyOffset...].prefix(64) != b[layout.sealedKeyOffset...].prefix(64))
            #expect(a[layout.records[1]...].prefix(64) != b[layout.records[1]...].prefix(64))
        }
    }
}
