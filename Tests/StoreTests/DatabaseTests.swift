import Foundation
import Testing
import Platform
@testable import Store

@Suite struct DatabaseTests {
    @Test func createsOwnerOnlyFilesInWALMode() throws {
        try withTemporaryDirectory { dir in
            let old = umask(0o022)
            defer { umask(old) }
            let path = dir + "/forum.sqlite3"
            let db = try Database.open(path: path, readers: 2)
            defer { try? db.close() }
            try db.write { try $0.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1)") }
            for file in [path, path + "-wal", path + "-shm"] {
                #expect(Files.mode(file) == 0o600, "\(file)")
            }
            #expect(try db.read { try $0.queryOne("PRAGMA journal_mode")?.string(at: 0) } == "wal")
            #expect(try db.write { try $0.queryOne("PRAGMA synchronous")?.int64(at: 0) } == 2)
        }
    }

    @Test func integrityCheckIsEmptyForAHealthyFile() throws {
        try withDatabase { db, _ in
            try db.write { try $0.execute("CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES (1), (2)") }
            #expect(try db.integrityCheck() == [])
        }
    }

    @Test func readsSeeOneSnapshotAndCannotWrite() throws {
        try withDatabase { db, _ in
            try db.write { try $0.execute("CREATE TABLE t(a INTEGER)") }
            let (before, after) = try db.read { conn in
                let before = try conn.queryOne("SELECT count(*) FROM t")?.int64(at: 0)
                try db.write { try $0.run("INSERT INTO t VALUES (1)") }
                let after = try conn.queryOne("SELECT count(*) FROM t")?.int64(at: 0)
                return (before, after)
            }
            #expect(before == 0 && after == 0)
            #expect(try integers(db, "SELECT count(*) FROM t") == [1])
            let error = try #require(throws: SQLiteError.self) { try db.read { try $0.run("DELETE FROM t") } }
            #expect(ResultCode.readOnly ~= error.code)
        }
    }

    @Test func readWaitsWhileEveryConnectionIsLent() throws {
        try withDatabase(readers: 1) { db, _ in
            let holding = Promise<Bool>()
            let release = Promise<Bool>()
            let secondDone = Promise<Bool>()
            let first = OSThread(name: "first") {
                _ = try? db.read { _ in
                    holding.fulfil(true)
                    return release.wait()
                }
            }
            _ = holding.wait()
            let second = OSThread(name: "second") {
                _ = try? db.read { _ in 1 }
                secondDone.fulfil(true)
            }
            #expect(secondDone.wait(until: MonotonicClock.now + 50_000_000) == nil)
            release.fulfil(true)
            #expect(secondDone.wait() == true)
            first.join()
            second.join()
        }
    }

    @Test func maintenanceConnectionIsReadWriteWAL() throws {
        try withTemporaryDirectory { dir in
            let conn = try Database.openForMaintenance(path: dir + "/m.sqlite3")
            defer { conn.close() }
            #expect(!conn.isReadOnly)
            #expect(try conn.queryOne("PRAGMA journal_mode")?.string(at: 0) == "wal")
            #expect(Files.mode(dir + "/m.sqlite3") == 0o600)
        }
    }
}
