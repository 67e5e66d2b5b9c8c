import Foundation
import Testing
import Platform
@testable import Store

@Suite struct WriterTests {
    @Test func everyAcknowledgedWriteIsCommittedAndBatchesForm() throws {
        try withDatabase { db, path in
            try db.write { try $0.execute("CREATE TABLE w(thread INTEGER, n INTEGER, PRIMARY KEY (thread, n))") }
            let threads = 64, perThread = 40
            let acknowledged = Collector<Int64>()
            let failures = Collector<String>()
            onThreads(threads) { t in
                for n in 0..<perThread {
                    do {
                        let rowid = try db.write { conn in
                            try conn.run("INSERT INTO w(thread, n) VALUES (?, ?)", [.integer(Int64(t)), .integer(Int64(n))])
                            return conn.lastInsertRowID
                        }
                        acknowledged.append(rowid)
                    } catch {
                        failures.append("\(error)")
                    }
                }
            }
            #expect(failures.all.isEmpty)
            let rowids = try integers(db, "SELECT rowid FROM w")
            #expect(Set(rowids) == Set(acknowledged.all))
            #expect(rowids.count == threads * perThread)

            let stats = db.statistics
            #expect(stats.jobs == UInt64(threads * perThread + 1))
            #expect(stats.failedJobs == 0)
            #expect(stats.queueDepth == 0)
            #expect(stats.largestBatch > 1)
            #expect(stats.commits < stats.jobs)
            #expect(stats.batchSizeSum == stats.jobs)
            #expect(stats.cumulativeBatchSizeCounts.last == stats.batches)
            #expect(stats.batchSizeCounts.dropFirst().reduce(0, +) > 0)

            // Everything acknowledged is in the file after a clean close and reopen.
            try db.close()
            let again = try Database.open(path: path, readers: 1)
            defer { try? again.close() }
            #expect(try integers(again, "SELECT count(*) FROM w") == [Int64(threads * perThread)])
        }
    }

    @Test func aThrowingJobIsRolledBackAloneWhileItsBatchCommits() throws {
        try withDatabase { db, _ in
            try db.write { try $0.execute("CREATE TABLE t(a TEXT)") }
            let gate = try WriterGate(db.writer)
            let a = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES ('a')") }
            let b = try submitted(db.writer) { conn -> Void in
                try conn.run("INSERT INTO t VALUES ('b')")
                throw Boom()
            }
            let c = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES ('c')") }
            #expect(db.statistics.queueDepth == 3)
            gate.open()
            #expect(throws: Never.self) { try a.wait().get() }
            #expect(throws: Boom()) { try b.wait().get() }
            #expect(throws: Never.self) { try c.wait().get() }
            let rows = try db.read { conn in try conn.query("SELECT a FROM t ORDER BY a").map { try $0.string(at: 0) } }
            #expect(rows == ["a", "c"])
            // a, b and c were one batch of three (the histogram's "≤ 4" bucket) and one commit.
            let stats = db.statistics
            #expect(stats.batchSizeCounts[2] == 1)
            #expect(stats.largestBatch == 3)
            #expect(stats.failedJobs == 1)
        }
    }

    @Test func aFailedCommitFailsEveryJobOfTheBatch() throws {
        try withDatabase { db, _ in
            try db.write { try $0.execute("CREATE TABLE t(a TEXT)") }
            let gate = try WriterGate(db.writer)
            let a = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES ('a')") }
            let b = try submitted(db.writer) { conn in
                try conn.run("INSERT INTO t VALUES ('b')")
                conn.setCommitVeto(true)
            }
            gate.open()
            for outcome in [a, b] {
                let error = try #require(throws: SQLiteError.self) { try outcome.wait().get() }
                #expect(error.code == .constraintCommitHook)
            }
            #expect(db.statistics.failedCommits == 1)
            try db.write { $0.setCommitVeto(false) }
            try db.write { try $0.run("INSERT INTO t VALUES ('c')") }
            #expect(try db.read { conn in try conn.query("SELECT a FROM t").map { try $0.string(at: 0) } } == ["c"])
        }
    }

    @Test func aJobCannotEndTheBatchOrWeakenTheConnection() throws {
        try withDatabase { db, _ in
            try db.write { try $0.execute("CREATE TABLE t(a TEXT)") }
            let gate = try WriterGate(db.writer)
            let first = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES ('first')") }
            let attempts: [@Sendable (Connection) throws -> Void] = [
                { try $0.execute("COMMIT") },
                { try $0.run("ROLLBACK") },
                { try $0.execute("END") },
                { try $0.execute("RELEASE trustforum_job") },
                { try $0.execute("ROLLBACK TO trustforum_job") },
                { conn in try conn.transaction { try conn.run("INSERT INTO t VALUES ('nested')") } },
                { try $0.run("PRAGMA synchronous = OFF") },
                { try $0.run("PRAGMA foreign_keys = OFF") },
                { try $0.run("PRAGMA secure_delete = 0") },
                { try $0.execute("ATTACH 'elsewhere.sqlite3' AS other") },
            ]
            let outcomes = try attempts.map { attempt in
                try submitted(db.writer) { conn in
                    try conn.run("INSERT INTO t VALUES ('attempt')")
                    try attempt(conn)
                }
            }
            // Savepoints of its own, reading pragmas and deferring foreign keys are fine.
            let nested = try submitted(db.writer) { conn in
                try conn.run("PRAGMA defer_foreign_keys = ON")
                _ = try conn.queryOne("PRAGMA synchronous")
                _ = try conn.query("PRAGMA quick_check(t)")
                try conn.savepoint { try conn.run("INSERT INTO t VALUES ('savepoint')") }
                // What a migration adding a checked column runs (a quick_check of the table).
                try conn.run("ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x' CHECK (b IN ('x', 'y'))")
            }
            gate.open()
            #expect(throws: Never.self) { try first.wait().get() }
            for outcome in outcomes {
                let error = try #require(throws: SQLiteError.self) { try outcome.wait().get() }
                #expect(error.code == .authorization)
            }
            #expect(throws: Never.self) { try nested.wait().get() }
            let rows = try db.read { conn in try conn.query("SELECT a FROM t ORDER BY a").map { try $0.string(at: 0) } }
            #expect(rows == ["first", "savepoint"])
            let settings = try db.write { conn in
                try ["synchronous", "foreign_keys", "secure_delete"].map { try conn.queryOne("PRAGMA \($0)")?[0] }
            }
            #expect(settings == [.integer(2), .integer(1), .integer(1)])
        }
    }

    @Test func aRollbackBySQLiteFailsTheJobsBeforeAndTheRestContinue() throws {
        try withDatabase { db, _ in
            try db.write {
                try $0.execute("""
                    CREATE TABLE t(a TEXT);
                    CREATE TRIGGER refuse_bad BEFORE INSERT ON t WHEN NEW.a = 'bad'
                    BEGIN SELECT RAISE(ROLLBACK, 'bad row'); END;
                    """)
            }
            let gate = try WriterGate(db.writer)
            let a = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES ('a')") }
            let bad = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES (?)", ["bad"]) }
            let c = try submitted(db.writer) { try $0.run("INSERT INTO t VALUES ('c')") }
            gate.open()
            #expect(throws: StoreError.batchRolledBack) { try a.wait().get() }
            let error = try #require(throws: SQLiteError.self) { try bad.wait().get() }
            #expect(ResultCode.constraint ~= error.code)
            #expect(throws: Never.self) { try c.wait().get() }
            let rows = try db.read { conn in try conn.query("SELECT a FROM t").map { try $0.string(at: 0) } }
            #expect(rows == ["c"])
        }
    }

    @Test func aDeferredForeignKeyViolationFailsOnlyItsJob() throws {
        try withDatabase { db, _ in
            try db.write {
                try $0.execute("""
                    CREATE TABLE parent(id INTEGER PRIMARY KEY);
                    CREATE TABLE child(parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
                    """)
            }
            let gate = try WriterGate(db.writer)
            let a = try submitted(db.writer) { try $0.run("INSERT INTO parent VALUES (1)") }
            let orphan = try submitted(db.writer) { try $0.run("INSERT INTO child VALUES (99)") }
            let c = try submitted(db.writer) { try $0.run("INSERT INTO child VALUES (1)") }
            gate.open()
            #expect(throws: Never.self) { try a.wait().get() }
            let error = try #require(throws: SQLiteError.self) { try orphan.wait().get() }
            #expect(error.code == .constraintForeignKey)
            #expect(throws: Never.self) { try c.wait().get() }
            #expect(try integers(db, "SELECT parent_id FROM child") == [1])
        }
    }

    @Test func readersNeverSeeUncommittedWrites() throws {
        try withDatabase { db, _ in
            try db.write { try $0.execute("CREATE TABLE t(a INTEGER)") }
            // A reader looking while the job has inserted but not committed sees nothing.
            let seenInside = try db.write { conn in
                try conn.run("INSERT INTO t VALUES (1)")
                return try integers(db, "SELECT count(*) FROM t")
            }
            #expect(seenInside == [0])
            #expect(try integers(db, "SELECT count(*) FROM t") == [1])

            // Every job inserts a pair; a reader must never see half of one.
            try db.write { try $0.run("DELETE FROM t") }
            let odd = Collector<Int64>()
            onThreads(8) { t in
                for n in 0..<50 {
                    if t < 4 {
                        _ = try? db.write { conn in
                            try conn.run("INSERT INTO t VALUES (?)", [.integer(Int64(n))])
                            try conn.run("INSERT INTO t VALUES (?)", [.integer(Int64(n))])
                        }
                    } else if let count = try? integers(db, "SELECT count(*) FROM t").first, count % 2 != 0 {
                        odd.append(count)
                    }
                }
            }
            #expect(odd.all.isEmpty)
            #expect(try integers(db, "SELECT count(*) FROM t") == [400])
        }
    }

    @Test func writingFromInsideAJobIsRefused() throws {
        try withDatabase { db, _ in
            let inner = try db.write { _ -> StoreError? in
                do {
                    _ = try db.write { _ in 1 }
                    return nil
                } catch {
                    return error as? StoreError
                }
            }
            #expect(inner == .writeFromWriterThread)
        }
    }

    @Test func submitRefusesWhenTheQueueIsFull() throws {
        try withDatabase(writer: Writer.Configuration(maxQueueDepth: 2)) { db, _ in
            let gate = try WriterGate(db.writer)
            let first = try submitted(db.writer) { _ in 1 }
            let second = try submitted(db.writer) { _ in 2 }
            #expect(throws: StoreError.overloaded(queueDepth: 2)) { try db.writer.submit({ _ in 3 }, completion: { _ in }) }
            gate.open()
            #expect(try first.wait().get() == 1)
            #expect(try second.wait().get() == 2)
        }
    }

    @Test func aBusyWriterGathersJobsIntoOneBatchAndAnIdleOneDoesNotWait() throws {
        try withDatabase(writer: Writer.Configuration(gatherMicroseconds: 400_000)) { db, _ in
            let gate = try WriterGate(db.writer)
            let batchesBefore = db.writer.statistics.batches
            // Queued while the gate's batch runs: the writer is busy when it ends.
            let early = try (1...3).map { n in try submitted(db.writer) { _ in n } }
            gate.open()
            usleep(100_000)
            // Within the gathering window: the same batch.
            let late = try (4...5).map { n in try submitted(db.writer) { _ in n } }
            #expect(try (early + late).map { try $0.wait().get() } == [1, 2, 3, 4, 5])
            #expect(db.writer.statistics.batches == batchesBefore + 1, "the five jobs were not one batch")

            // Idle: nothing arrived during the last batch, so no gathering delay.
            waitUntil { db.writer.statistics.queueDepth == 0 }
            usleep(50_000)
            let started = MonotonicClock.now
            #expect(try db.write { _ in 6 } == 6)
            #expect(MonotonicClock.now - started < 300_000_000, "an idle writer waited to gather")
        }
    }

    @Test func closeDrainsQueuedJobsCheckpointsAndRefusesMore() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/db.sqlite3"
            let db = try Database.open(path: path)
            try db.write { try $0.execute("CREATE TABLE t(a INTEGER)") }
            let gate = try WriterGate(db.writer)
            let outcomes = try (0..<20).map { n in
                try submitted(db.writer) { try $0.run("INSERT INTO t VALUES (?)", [.integer(Int64(n))]) }
            }
            let opener = OSThread(name: "opener") {
                usleep(20_000)
                gate.open()
            }
            try db.close()
            opener.join()
            for outcome in outcomes { #expect(throws: Never.self) { try outcome.wait().get() } }
            #expect(throws: StoreError.closed) { try db.write { _ in 0 } }
            #expect(throws: StoreError.closed) { try db.read { _ in 0 } }
            try db.close()  // a second close does nothing
            // The WAL was checkpointed into the database and emptied.
            var st = stat()
            #expect(stat(path + "-wal", &st) != 0 || st.st_size == 0)
            let conn = try Connection(path: path, configuration: .init(mode: .readWrite))
            defer { conn.close() }
            #expect(try conn.queryOne("SELECT count(*) FROM t")?.int64(at: 0) == 20)
        }
    }

    @Test func closingFromInsideAJobDoesNotWaitForItself() throws {
        try withDatabase { db, _ in
            try db.write { _ in try db.writer.close() }
            #expect(throws: StoreError.closed) { try db.write { _ in 0 } }
        }
    }
}
