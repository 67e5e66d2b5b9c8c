import Core
import Crypto
import Foundation
import Platform
import Testing
@testable import Store

/// The audit chain: every way of editing the file behind the server's back
/// is caught, and the report names the first bad row.
@Suite struct AuditLogTests {
    let key = SecureBytes.random(count: 32)

    // MARK: the chain

    @Test func appendedRowsFormAChainThatVerifies() throws {
        try withStore { conn, _, _ in
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 0, lastSeq: 0, problem: nil))
            #expect(try AuditLog.head(conn).seq == 0)
            #expect(try AuditLog.head(conn).mac == [UInt8](repeating: 0, count: 32))

            let first = try AuditLog.append(conn, key: key, actor: AuditField.system, action: .communityInit,
                                            subject: fixtureCommunity, at: 1_700_000_000_000)
            let rest = try appendRows(conn, key: key, count: 6, from: 2)
            let written = [first] + rest
            #expect(written.map(\.seq) == Array(1...7))
            #expect(try AuditLog.entries(conn) == written)
            #expect(Set(written.map(\.mac)).count == 7)
            #expect(written.allSatisfy { $0.mac.count == AuditLog.macLength })
            let head = try AuditLog.head(conn)
            #expect(head.seq == 7 && head.mac == written[6].mac)

            let result = try AuditLog.verify(conn, key: key)
            #expect(result == AuditVerification(rows: 7, lastSeq: 7, problem: nil))
            #expect(result.isIntact)
        }
    }

    @Test func theMACFollowsTheDocumentedFormula() throws {
        try withStore { conn, _, _ in
            let rows = try appendRows(conn, key: key, count: 2)
            // mac(n) = BLAKE2b(key, mac(n-1) ‖ frame("trustforum/audit/v1", seq, at_ms, actor, action, subject, detail))
            var previous = [UInt8](repeating: 0, count: 32)
            for row in rows {
                let framed = Frame.frame(context: "trustforum/audit/v1", [
                    .u64(row.seq), .u64(row.atMilliseconds), .string(row.actor), .string(row.action),
                    .string(row.subject), .string(row.detail),
                ])
                #expect(row.mac == GenericHash.hash(previous + framed, key: key.copyBytes(), length: 32))
                previous = row.mac
            }
        }
    }

    // MARK: the triggers

    @Test func theTableRefusesUpdateAndDeleteThroughANormalConnection() throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 3)
            let other = try Database.openForMaintenance(path: path)
            defer { other.close() }
            for (c, sql) in [(conn, "UPDATE audit_log SET detail = 'x' WHERE seq = 2"),
                             (conn, "DELETE FROM audit_log WHERE seq = 3"),
                             (other, "UPDATE audit_log SET mac = zeroblob(32)"),
                             (other, "DELETE FROM audit_log")] {
                let error = try #require(throws: SQLiteError.self, "\(sql)") { try c.run(sql) }
                #expect(ResultCode.constraintTrigger ~= error.code, "\(sql): \(error)")
            }
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 3, lastSeq: 3, problem: nil))
        }
    }

    // MARK: tampering (triggers dropped, as with a hand-held SQLite)

    /// Each column of row 3 of 5 changed: the report names row 3.
    @Test(arguments: [
        "at_ms = at_ms + 1",
        "actor_id = '6d1f0a3c-2b4e-4c5d-8e9f-0a1b2c3d4e5f'",
        "action = 'store.restore'",
        "subject_id = ''",
        "detail = 'n=4'",
        "mac = zeroblob(32)",
        "mac = (SELECT mac FROM audit_log WHERE seq = 4)",
        // Another storage class than the column's: still named, not an error.
        "at_ms = 'yesterday'",
        "at_ms = 1.5",
        "actor_id = x'73797374656d'",
        "mac = 'not a blob'",
    ])
    func anEditedColumnIsNamedAtItsRow(_ edit: String) throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 5)
            try tamper(path, "UPDATE audit_log SET \(edit) WHERE seq = 3")
            let result = try AuditLog.verify(conn, key: key)
            #expect(result == AuditVerification(rows: 2, lastSeq: 2, problem: .macMismatch(seq: 3)), "\(edit)")
            #expect(result.problem?.seq == 3)
        }
    }

    @Test func anEditedLastRowFailsHeadMatches() throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 3)
            #expect(try AuditLog.headMatches(conn, key: key))
            try tamper(path, "UPDATE audit_log SET detail = 'n=0' WHERE seq = 3")
            #expect(try !AuditLog.headMatches(conn, key: key))
            try tamper(path, "UPDATE audit_log SET mac = 'text' WHERE seq = 3")
            #expect(try !AuditLog.headMatches(conn, key: key))
        }
    }

    @Test func aDeletedMiddleRowIsMissing() throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 6)
            try tamper(path, "DELETE FROM audit_log WHERE seq = 4")
            let result = try AuditLog.verify(conn, key: key)
            #expect(result == AuditVerification(rows: 3, lastSeq: 3, problem: .missing(seq: 4)))
            #expect(result.problem?.seq == 4)
        }
    }

    @Test func deletedFirstRowsAreMissingFromOne() throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 4)
            try tamper(path, "DELETE FROM audit_log WHERE seq <= 2")
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 0, lastSeq: 0, problem: .missing(seq: 1)))
        }
    }

    @Test func twoSwappedRowsAreNamedAtTheFirst() throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 6)
            // Swap the whole content (MACs included) of rows 3 and 5, seqs kept.
            try tamper(path, """
                UPDATE audit_log SET seq = 103 WHERE seq = 3;
                UPDATE audit_log SET seq = 3 WHERE seq = 5;
                UPDATE audit_log SET seq = 5 WHERE seq = 103;
                """)
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 2, lastSeq: 2, problem: .macMismatch(seq: 3)))
        }
    }

    @Test func aForgedRowInsertedInTheMiddleIsNamed() throws {
        try withStore { conn, path, _ in
            let rows = try appendRows(conn, key: key, count: 5)
            // Make room after row 2 and insert a row whose MAC the forger
            // computed with a key of their own.
            let forged = AuditEntry(seq: 3, atMilliseconds: rows[2].atMilliseconds, actor: AuditField.system,
                                    action: "store.restore", subject: "", detail: "", mac: [])
            let forgedMAC = AuditLog.mac(of: forged, previous: rows[1].mac, key: SecureBytes.random(count: 32))
            try tamper(path, """
                UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3;
                UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000;
                INSERT INTO audit_log (seq, at_ms, actor_id, action, subject_id, detail, mac)
                    VALUES (3, \(forged.atMilliseconds), 'system', 'store.restore', '', '', x'\(Hex.encode(forgedMAC))');
                """)
            #expect(try AuditLog.entries(conn).count == 6)
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 2, lastSeq: 2, problem: .macMismatch(seq: 3)))
        }
    }

    @Test func aForgedRowAppendedWithoutTheKeyIsNamed() throws {
        try withStore { conn, path, _ in
            try appendRows(conn, key: key, count: 3)
            try tamper(path, """
                INSERT INTO audit_log (seq, at_ms, actor_id, action, subject_id, detail, mac)
                    VALUES (4, 1700000005000, 'system', 'test.probe', '', '', randomblob(32));
                """)
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 3, lastSeq: 3, problem: .macMismatch(seq: 4)))
            #expect(try !AuditLog.headMatches(conn, key: key))
        }
    }

    /// Without a checkpoint a cut-off tail cannot be told from a shorter
    /// log: every row left still chains. That is what checkpoints are for.
    @Test func aDeletedLastRowNeedsACheckpointToBeNoticed() throws {
        try withStore { conn, path, _ in
            let rows = try appendRows(conn, key: key, count: 5)
            let signer = SigningSecretKey()
            let checkpoint = AuditCheckpoint.sign(communityID: fixtureCommunity, seq: 5, mac: rows[4].mac,
                                                  createdAt: 1_700_000_100, key: signer)
            #expect(try AuditLog.verify(conn, key: key, checkpoint: checkpoint).isIntact)

            try tamper(path, "DELETE FROM audit_log WHERE seq = 5")
            // Without the checkpoint: still "intact", one row shorter.
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 4, lastSeq: 4, problem: nil))
            #expect(try AuditLog.headMatches(conn, key: key))
            // With it: truncated, and the first missing row is 5.
            let result = try AuditLog.verify(conn, key: key, checkpoint: checkpoint)
            #expect(result == AuditVerification(rows: 4, lastSeq: 4, problem: .truncated(checkpointSeq: 5, lastSeq: 4)))
            #expect(result.problem?.seq == 5)
        }
    }

    /// A checkpoint protects the rows up to its seq; rows after it are
    /// protected by the next checkpoint only.
    @Test func rowsAfterTheCheckpointCanBeCutUnnoticed() throws {
        try withStore { conn, path, _ in
            let rows = try appendRows(conn, key: key, count: 5)
            let checkpoint = AuditCheckpoint.sign(communityID: fixtureCommunity, seq: 3, mac: rows[2].mac,
                                                  createdAt: 1_700_000_100, key: SigningSecretKey())
            try tamper(path, "DELETE FROM audit_log WHERE seq >= 4")
            #expect(try AuditLog.verify(conn, key: key, checkpoint: checkpoint) == AuditVerification(rows: 3, lastSeq: 3, problem: nil))
            try tamper(path, "DELETE FROM audit_log WHERE seq = 3")
            #expect(try AuditLog.verify(conn, key: key, checkpoint: checkpoint)
                == AuditVerification(rows: 2, lastSeq: 2, problem: .truncated(checkpointSeq: 3, lastSeq: 2)))
        }
    }

    /// Someone holding the MAC key rebuilds a consistent chain with other
    /// content: only the signed checkpoint tells.
    @Test func aChainRewrittenWithTheKeyDiffersFromTheCheckpoint() throws {
        try withStore { conn, path, _ in
            let rows = try appendRows(conn, key: key, count: 5)
            let checkpoint = AuditCheckpoint.sign(communityID: fixtureCommunity, seq: 4, mac: rows[3].mac,
                                                  createdAt: 1_700_000_100, key: SigningSecretKey())
            try tamper(path, "DELETE FROM audit_log")
            let raw = try Connection(path: path)
            defer { raw.close() }
            // The same number of rows and more, all chaining under the key.
            try appendRows(raw, key: key, count: 7, from: 100)
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 7, lastSeq: 7, problem: nil))
            let result = try AuditLog.verify(conn, key: key, checkpoint: checkpoint)
            #expect(result == AuditVerification(rows: 7, lastSeq: 7, problem: .differsFromCheckpoint(seq: 4)))
            #expect(result.problem?.seq == 4)
        }
    }

    @Test func theWrongKeyFailsAtRowOne() throws {
        try withStore { conn, _, _ in
            try appendRows(conn, key: key, count: 3)
            let other = SecureBytes.random(count: 32)
            #expect(try AuditLog.verify(conn, key: other) == AuditVerification(rows: 0, lastSeq: 0, problem: .macMismatch(seq: 1)))
            #expect(try AuditLog.headMatches(conn, key: key))
            #expect(try !AuditLog.headMatches(conn, key: other))
        }
    }

    @Test func headMatchesOnAnEmptyAndASingleRowLog() throws {
        try withStore { conn, _, _ in
            #expect(try AuditLog.headMatches(conn, key: key))
            try appendRows(conn, key: key, count: 1)
            #expect(try AuditLog.headMatches(conn, key: key))
            #expect(try !AuditLog.headMatches(conn, key: SecureBytes.random(count: 32)))
        }
    }

    // MARK: what a row may hold

    @Test(arguments: [
        // actor, subject, detail, code
        ("Jan de Vries", "", "", "test.probe"),
        ("jan@example.nl", "", "", "test.probe"),
        ("", "jan@example.nl", "", "test.probe"),
        ("", "12345678", "", "test.probe"),
        ("", "0B9F5C1E-6A1D-4F3E-9C2B-7D4E5F6A7B8C", "", "test.probe"),
        ("", "0b9f5c1e6a1d4f3e9c2b7d4e5f6a7b8c", "", "test.probe"),
        ("", " 0b9f5c1e-6a1d-4f3e-9c2b-7d4e5f6a7b8c", "", "test.probe"),
        ("System", "", "", "test.probe"),
        ("", "", "the member asked to be removed", "test.probe"),
        ("", "", "jan@example.nl", "test.probe"),
        ("", "", "a\nb", "test.probe"),
        ("", "", "naïve", "test.probe"),
        ("", "", String(repeating: "a", count: 257), "test.probe"),
        ("", "", "", "Store.Backup"),
        ("", "", "", "store backup"),
        ("", "", "", ""),
        ("", "", "", String(repeating: "a", count: 65)),
        ("", "", "", "store.backup@x"),
    ])
    func freeTextNamesAndAddressesAreRefused(_ actor: String, _ subject: String, _ detail: String, _ code: String) throws {
        try withStore { conn, _, _ in
            try appendRows(conn, key: key, count: 1)
            #expect(throws: AuditLog.AuditError.self) {
                try AuditLog.append(conn, key: key, actor: actor, code: code, subject: subject, detail: detail)
            }
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 1, lastSeq: 1, problem: nil))
        }
    }

    @Test func refusalsNameTheField() throws {
        try withStore { conn, _, _ in
            let cases: [(String, String, String, String, String)] = [
                ("x y", "", "", "test.probe", "actor_id"),
                ("", "x@y", "", "test.probe", "subject_id"),
                ("", "", "a b", "test.probe", "detail"),
                ("", "", "", "Test", "action"),
            ]
            for (actor, subject, detail, code, field) in cases {
                #expect(throws: AuditLog.AuditError.invalidField(field)) {
                    try AuditLog.append(conn, key: key, actor: actor, code: code, subject: subject, detail: detail)
                }
            }
        }
    }

    @Test func systemUUIDsAndCodesAreAccepted() throws {
        try withStore { conn, _, _ in
            let id = randomID()
            try AuditLog.append(conn, key: key, actor: AuditField.system, action: .communityInit, subject: fixtureCommunity)
            try AuditLog.append(conn, key: key, actor: id, action: .migrationsApplied, detail: "1,2")
            try AuditLog.append(conn, key: key, actor: "", code: "org.member-removed_2", subject: id,
                                detail: "sha256:AbC+/=,x.y_z-1")
            try AuditLog.append(conn, key: key, actor: AuditField.system, action: .backupCreated,
                                detail: String(repeating: "f", count: 256))
            for action in AuditAction.allCases {
                #expect(AuditAction.isWellFormed(action.rawValue), "\(action)")
                try AuditLog.append(conn, key: key, actor: AuditField.system, action: action)
            }
            let count = 4 + AuditAction.allCases.count
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: count, lastSeq: UInt64(count), problem: nil))
            #expect(try AuditLog.entries(conn)[1].actor == id)
        }
    }

    // MARK: transactions and the writer

    @Test func anAppendInARolledBackTransactionLeavesNoRow() throws {
        try withStore { conn, _, _ in
            try appendRows(conn, key: key, count: 2)
            #expect(throws: Boom.self) {
                try conn.transaction {
                    try AuditLog.append(conn, key: key, actor: AuditField.system, action: .storeRestored)
                    try AuditLog.append(conn, key: key, actor: AuditField.system, action: .storeRestored)
                    throw Boom()
                }
            }
            #expect(try AuditLog.head(conn).seq == 2)
            try appendRows(conn, key: key, count: 1, from: 3)
            #expect(try AuditLog.verify(conn, key: key) == AuditVerification(rows: 3, lastSeq: 3, problem: nil))
        }
    }

    @Test func aThrowingWriterJobTakesItsRowWithIt() throws {
        try withStore { conn, path, _ in
            conn.close()
            let db = try Database.open(path: path, readers: 1)
            defer { try? db.close() }
            let key = self.key
            try db.write { try AuditLog.append($0, key: key, actor: AuditField.system, action: .serverStarted) }
            #expect(throws: Boom.self) {
                try db.write { conn -> Void in
                    try AuditLog.append(conn, key: key, actor: AuditField.system, action: .testProbe)
                    throw Boom()
                }
            }
            try db.write { try AuditLog.append($0, key: key, actor: AuditField.system, action: .testProbe) }
            #expect(try db.read { try AuditLog.verify($0, key: key) } == AuditVerification(rows: 2, lastSeq: 2, problem: nil))
        }
    }

    @Test func concurrentAppendsThroughTheWriterFormOneContiguousChain() throws {
        try withStore { conn, path, _ in
            conn.close()
            let db = try Database.open(path: path, readers: 2)
            defer { try? db.close() }
            let key = self.key
            let threads = 16, perThread = 25
            let seqs = Collector<UInt64>()
            let failures = Collector<String>()
            onThreads(threads) { t in
                for n in 0..<perThread {
                    do {
                        let entry = try db.write { conn in
                            try AuditLog.append(conn, key: key, actor: AuditField.system, code: "test.probe",
                                                detail: "t=\(t),n=\(n)")
                        }
                        seqs.append(entry.seq)
                    } catch {
                        failures.append("\(error)")
                    }
                }
            }
            #expect(failures.all.isEmpty)
            let total = threads * perThread
            #expect(seqs.all.sorted() == Array(1...UInt64(total)))
            let result = try db.read { try AuditLog.verify($0, key: key) }
            #expect(result == AuditVerification(rows: total, lastSeq: UInt64(total), problem: nil))
            let details = try db.read { try AuditLog.entries($0).map(\.detail) }
            #expect(Set(details).count == total)
        }
    }
}
