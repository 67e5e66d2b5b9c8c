import Crypto
import Foundation
import Platform
import Store
import Testing
@testable import Commands

/// init → migrate → audit → checkpoint → backup → restore, through the CLI in-process.
@Suite struct LifecycleTests {
    @Test func initCreatesAPrivateStoreAndKeys() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let result = (try CLI.initialise(data, in: directory))
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("community  "))
        #expect(Files.mode(data) == 0o700)
        #expect(Files.mode(data + "/trustforum.sqlite3") == 0o600)
        #expect(Files.mode(data + "/keys/audit.key") == 0o600)
        #expect(Files.mode(data + "/keys/server-signing.key") == 0o600)
        let again = (try CLI.initialise(data, in: directory))
        #expect(again.code == 1)
        #expect(again.err == "Error: \(data) already holds a TrustForum store\n")
        let verify = CLI.run(["audit", "verify", "--data", data])
        #expect(verify.code == 0)
        #expect(verify.out == "Audit log intact: 3 rows, head seq 3.\n")
        let status = CLI.run(["migrate", "--data", data, "--status"])
        #expect(status.out == "applied  1 platform\napplied  2 membership\napplied  3 threads\napplied  4 moderation\napplied  5 suspension_periods\napplied  6 maturity\napplied  7 alerts\napplied  8 publications\napplied  9 questions\napplied  10 alert_search\napplied  11 held_edits\napplied  12 drop_posts_author\n")
        #expect(CLI.run(["migrate", "--data", data]).out.hasPrefix("The store is up to date"))
    }

    @Test func checkpointThenVerifyAgainstIt() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        #expect((try CLI.initialise(data, in: directory)).code == 0)
        let checkpointFile = directory.file("cp.json")
        let checkpoint = CLI.run(["audit", "checkpoint", "--data", data, "--out", checkpointFile])
        #expect(checkpoint.code == 0, "\(checkpoint.err)")
        #expect(checkpoint.out.contains("\"seq\":3"))
        let verify = CLI.run(["audit", "verify", "--data", data, "--checkpoint", checkpointFile])
        #expect(verify.code == 0, "\(verify.err)")
        #expect(verify.out == "Audit log intact: 4 rows, head seq 4, matches the checkpoint at seq 3.\n")

        // A checkpoint from another server's key is refused.
        let foreign = AuditCheckpoint.sign(communityID: "x", seq: 1, mac: [UInt8](repeating: 1, count: 32), createdAt: 1, key: SigningSecretKey())
        try Files.createExclusive(directory.file("foreign.json"), Array(foreign.json.utf8))
        let refused = CLI.run(["audit", "verify", "--data", data, "--checkpoint", directory.file("foreign.json")])
        #expect(refused.code == 1)
        #expect(refused.err == "Error: the checkpoint was signed by another key than this server's\n")
    }

    @Test func tamperedChainExits3NamingTheRow() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        #expect((try CLI.initialise(data, in: directory)).code == 0)
        let conn = try Connection(path: data + "/trustforum.sqlite3")
        try conn.execute("DROP TRIGGER audit_log_no_update")
        try conn.run("UPDATE audit_log SET detail = 'x' WHERE seq = 1")
        conn.close()
        let verify = CLI.run(["audit", "verify", "--data", data])
        #expect(verify.code == 3)
        #expect(verify.err.hasPrefix("Audit log BROKEN at row 1: its MAC does not match"))
    }

    @Test func backupAndRestoreRoundTrip() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        #expect((try CLI.initialise(data, in: directory)).code == 0)
        let key = directory.file("operator.key")
        #expect(CLI.run(["backup", "keygen", "--out", key]).code == 0)
        #expect(Files.mode(key) == 0o600)
        let backupFile = directory.file("store.backup")
        let backup = CLI.run(["backup", "--data", data, "--to", backupFile, "--recipient", key + ".pub"])
        #expect(backup.code == 0, "\(backup.err)")
        #expect(Files.mode(backupFile) == 0o600)
        #expect(CLI.run(["backup", "--data", data, "--to", backupFile, "--recipient", key + ".pub"]).code == 1)

        // Restore into a fresh directory that has the original audit key.
        let restored = directory.file("restored")
        try Files.makeDirectory(restored + "/keys")
        try Files.createExclusive(restored + "/keys/audit.key", try Files.read(data + "/keys/audit.key"))
        let restore = CLI.run(["restore", "--data", restored, "--from", backupFile, "--key", key])
        #expect(restore.code == 0, "\(restore.err)")
        #expect(restore.out.hasPrefix("Restored community "))
        try Files.createExclusive(restored + "/keys/server-signing.key", try Files.read(data + "/keys/server-signing.key"))
        let verify = CLI.run(["audit", "verify", "--data", restored])
        #expect(verify.code == 0, "\(verify.err)")

        // Not over an existing store without --force; not with the wrong key.
        #expect(CLI.run(["restore", "--data", restored, "--from", backupFile, "--key", key]).err.contains("add --force"))
        let other = directory.file("other.key")
        #expect(CLI.run(["backup", "keygen", "--out", other]).code == 0)
        let wrong = CLI.run(["restore", "--data", restored, "--from", backupFile, "--key", other, "--force"])
        #expect(wrong.code == 1)
        #expect(wrong.err.contains("cannot be opened with this key"))
        // A public key is not a secret key.
        #expect(CLI.run(["restore", "--data", restored, "--from", backupFile, "--key", key + ".pub", "--force"]).err
            .contains("holds a backup-public key, not a backup-secret key"))
    }

    @Test func backupOfAnotherInstallationIsRefusedByTheAuditChain() throws {
        let directory = TemporaryDirectory()
        let key = directory.file("operator.key")
        #expect(CLI.run(["backup", "keygen", "--out", key]).code == 0)
        let ours = directory.file("ours")
        let theirs = directory.file("theirs")
        #expect((try CLI.initialise(ours, in: directory)).code == 0)
        #expect((try CLI.initialise(theirs, in: directory)).code == 0)
        // Someone with only the operator's public key seals their own store to it.
        let forged = directory.file("forged.backup")
        #expect(CLI.run(["backup", "--data", theirs, "--to", forged, "--recipient", key + ".pub"]).code == 0)
        let before = try Files.read(ours + "/trustforum.sqlite3")
        let refused = CLI.run(["restore", "--data", ours, "--from", forged, "--key", key, "--force"])
        #expect(refused.code == 1)
        #expect(refused.err.contains("audit chain does not verify"))
        #expect(refused.err.contains("nothing was restored"))
        #expect(try Files.read(ours + "/trustforum.sqlite3") == before)
        #expect(CLI.run(["audit", "verify", "--data", ours]).code == 0)
        // The operator may still restore it knowingly.
        let forced = CLI.run(["restore", "--data", ours, "--from", forged, "--key", key, "--force", "--force-unverified"])
        #expect(forced.code == 3)
    }

    @Test func restoreRefusesWhileTheDirectoryIsLocked() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        #expect((try CLI.initialise(data, in: directory)).code == 0)
        let key = directory.file("operator.key")
        #expect(CLI.run(["backup", "keygen", "--out", key]).code == 0)
        #expect(CLI.run(["backup", "--data", data, "--to", directory.file("b"), "--recipient", key + ".pub"]).code == 0)
        let lock = try #require(try DataDirectory(data).lock())
        let result = CLI.run(["restore", "--data", data, "--from", directory.file("b"), "--key", key, "--force"])
        #expect(result.code == 1)
        #expect(result.err.contains("is using \(data); stop it first"))
        withExtendedLifetime(lock) {}
    }

    @Test func changedMigrationStopsServeAndMigrate() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        #expect((try CLI.initialise(data, in: directory)).code == 0)
        let conn = try Connection(path: data + "/trustforum.sqlite3")
        try conn.run("UPDATE schema_migrations SET checksum = ? WHERE version = 1", [.blob([UInt8](repeating: 0, count: 32))])
        conn.close()
        let serve = CLI.run(["serve", "--data", data, "--listen", "127.0.0.1:0"])
        #expect(serve.code == 1)
        #expect(serve.err.hasPrefix("Error: the store's migrations do not match this binary: "))
        let migrate = CLI.run(["migrate", "--data", data])
        #expect(migrate.code == 1)
        #expect(migrate.err.hasPrefix("Error: the store's migrations do not match this binary: "))
    }

    @Test func wrongAuditKeyIsRefusedBeforeServing() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        #expect((try CLI.initialise(data, in: directory)).code == 0)
        let otherKey = directory.file("other-audit.key")
        try KeyFile.create(otherKey, kind: .auditMAC, key: SecureBytes.random(count: 32))
        let result = CLI.run(["serve", "--data", data, "--audit-key", otherKey, "--listen", "127.0.0.1:0"])
        #expect(result.code == 1)
        #expect(result.err.contains("does not match this store's audit log"))
    }

    @Test func initLoadsTheStarterContentOnRequest() throws {
        let directory = TemporaryDirectory()
        let data = directory.file("data")
        let root = try TestRoot(in: directory)
        let result = CLI.run(["init", "--data", data, "--root-cert", root.path, "--starter-content"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("starter    4 publications"), "\(result.out)")
        let conn = try Connection(path: data + "/trustforum.sqlite3")
        defer { conn.close() }
        let kinds = try conn.query("SELECT kind || '/' || language FROM publications WHERE status = 'visible' AND label = 'TLP:CLEAR' ORDER BY 1")
            .map { try $0.string(at: 0) }
        #expect(kinds == ["essential/en", "essential/nl", "step-plan/en", "step-plan/nl"])
        // Searchable at once.
        let found = try conn.query("SELECT count(*) FROM publications_fts WHERE publications_fts MATCH '\"Autoriteit\"'").first?.int64(at: 0)
        #expect(found == 2)
        // Without the flag, none.
        let plain = directory.file("plain")
        #expect((try CLI.initialise(plain, in: directory)).code == 0)
        let other = try Connection(path: plain + "/trustforum.sqlite3")
        defer { other.close() }
        #expect(try other.queryOne("SELECT count(*) FROM publications")?.int64(at: 0) == 0)
    }
}

