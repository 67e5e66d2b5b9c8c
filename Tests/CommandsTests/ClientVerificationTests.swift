#if canImport(Glibc)
import Glibc
#endif
import Client
import Crypto
import Foundation
import Platform
import Protocol
import Store
import Testing
@testable import Commands

/// What the client refuses: logs that fork or go backwards, roots that are
/// not the expected one, applications whose proof of possession does not
/// verify, wrong passphrases.
@Suite struct ClientVerificationTests {
    @Test func aForkedLogExits3LoudlyAndKeepsTheVerifiedHead() throws {
        let live = try LiveServer()
        try live.login(live.admin)
        var profile = try live.admin.saved
        let forged = Profile.LogHead(seq: 0, hash: Random.bytes(32))
        profile.logHead = forged
        try profile.save()
        let result = live.admin.run(["login"])
        #expect(result.code == 3)
        #expect(result.err.hasPrefix("Error: THE COMMUNITY LOG FORKED: entry 0 is not the one this client verified before"), "\(result.err)")
        #expect(result.err.contains("WARNING: do not rely on what this server says about who is who."))
        #expect(try live.admin.saved.logHead == forged)
        let again = live.admin.run(["members", "keys", try rootID(live)])
        #expect(again.code == 3)
        #expect(try live.admin.saved.logHead == forged)
    }

    @Test func aLogShorterThanTheVerifiedHeadExits3() throws {
        let live = try LiveServer()
        try live.login(live.admin)
        var profile = try live.admin.saved
        let verified = try #require(profile.logHead)
        let beyond = Profile.LogHead(seq: 5, hash: verified.hash)
        profile.logHead = beyond
        try profile.save()
        let result = live.admin.run(["login"])
        #expect(result.code == 3)
        #expect(result.err.hasPrefix("Error: THE COMMUNITY LOG WENT BACKWARDS: this client verified entry 5 before, the server now ends at 0"),
                "\(result.err)")
        #expect(try live.admin.saved.logHead == beyond)
    }

    @Test func aWrongPassphraseIsAClearError() throws {
        let directory = TemporaryDirectory()
        let person = Person(profile: directory.file("p"))
        #expect(person.run(["keys", "init", "--kdf", "interactive"]).code == 0)
        let result = person.run(["keys", "show"], passphrase: "not the passphrase at all")
        #expect(result.code == 1)
        #expect(result.err == "Error: wrong passphrase (or the keystore file was deliberately altered)\n")
        #expect(result.out == "")
        // --passphrase-file wins over TRUSTFORUM_PASSPHRASE, and must be private.
        let file = directory.file("passphrase")
        try Files.createExclusive(file, Array((testPassphrase + "\n").utf8), mode: 0o600)
        let fromFile = person.run(["keys", "show", "--passphrase-file", file], passphrase: "not the passphrase at all")
        #expect(fromFile.code == 0, "\(fromFile.err)")
        #expect(chmod(file, 0o644) == 0)
        let open = person.run(["keys", "show", "--passphrase-file", file])
        #expect(open.code == 1)
        #expect(open.err.contains("chmod 600 \(file)"))
    }

    @Test func applyRefusesARootThatIsNotThePublishedOne() throws {
        let live = try LiveServer()
        let person = live.person("applicant")
        #expect(person.run(["keys", "init", "--kdf", "interactive"]).code == 0)
        let base = ["apply", "--server", live.url, "--org-name", "X BV", "--kvk", "12345678", "--sector", "energy", "--region", "utrecht",
                    "--size", "1-9", "--name", "X", "--email", "x@example.org"]
        let wrong = person.run(base + ["--root-fingerprint", "00000000 11111111 22222222 33333333 44444444"])
        #expect(wrong.code == 3)
        #expect(wrong.err.hasPrefix("Error: THE SERVER'S COMMUNITY ROOT IS NOT THE ONE YOU TRUST"), "\(wrong.err)")
        #expect(try person.saved.rootFingerprint == nil)
        #expect(try person.saved.serverURL == nil)
        let malformed = person.run(base + ["--root-fingerprint", "abc"])
        #expect(malformed.code == 64)
        let neither = person.run(base)
        #expect(neither.code == 64)
        #expect(neither.err.hasPrefix("Error: give --root-fingerprint FPR (from the administrators) or --trust-root\n"))
        try live.login(live.admin)
        #expect(live.admin.run(["applications", "list"]).out == "No pending applications.\n")
        // Trust on first use pins what the server shows, and says so loudly.
        let firstUse = person.run(base + ["--trust-root"])
        #expect(firstUse.code == 0, "\(firstUse.err)")
        #expect(firstUse.err.hasPrefix("TRUST ON FIRST USE: pinned the root fingerprint the server shows,\n    \(live.rootFingerprint)\n"))
        #expect(try person.saved.rootFingerprint == live.rootFingerprint)
    }

    @Test func approvalRefusesATamperedProofOfPossession() throws {
        let live = try LiveServer()
        try live.login(live.admin)
        let id = try live.apply(live.person("applicant"))
        try live.database.write { conn in
            try conn.run("UPDATE applications SET signature = ? WHERE id = ?", [.blob(Random.bytes(64)), .text(id)])
        }
        let approve = live.admin.run(["applications", "approve", id, "--role", "expert"])
        #expect(approve.code == 1)
        #expect(approve.err.contains("the proof of possession of application \(id) DOES NOT VERIFY"), "\(approve.err)")
        #expect(live.admin.run(["applications", "show", id]).field("proof") == "DOES NOT VERIFY")
        #expect(live.admin.run(["applications", "list"]).out.contains(id))
        #expect(try live.admin.saved.logHead?.seq == 0)
    }

    @Test func commandsNeedASessionAndKeys() throws {
        let directory = TemporaryDirectory()
        let person = Person(profile: directory.file("p"))
        #expect(person.run(["whoami"]).err == "Error: not logged in. Run 'trustforum login' first.\n")
        #expect(person.run(["keys", "show"]).err == "Error: no keystore at \(person.profile)/keystore; run 'trustforum keys init' (or 'trustforum keys import --from FILE') first\n")
        #expect(person.run(["login"]).err.hasPrefix("Error: give --root-fingerprint FPR"))
        #expect(person.run(["keys", "init", "--kdf", "interactive"]).code == 0)
        let twice = person.run(["keys", "init", "--kdf", "interactive"])
        #expect(twice.code == 1)
        #expect(twice.err == "Error: \(person.profile)/keystore already exists; refusing to overwrite it (use another --profile)\n")
        #expect(person.run(["keys", "init", "--kdf", "cheap"]).code == 64)
        #expect(Files.mode(person.profile) == 0o700)
        #expect(Files.mode(person.profile + "/keystore") == 0o600)
    }

    @Test func exportAndImportKeepTheKeystoreEncrypted() throws {
        let directory = TemporaryDirectory()
        let first = Person(profile: directory.file("first")), second = Person(profile: directory.file("second"))
        let created = first.run(["keys", "init", "--kdf", "interactive"])
        #expect(created.code == 0)
        let copy = directory.file("copy.keystore")
        #expect(first.run(["keys", "export", "--to", copy]).code == 0)
        #expect(Files.mode(copy) == 0o600)
        #expect(first.run(["keys", "export", "--to", copy]).code == 1)
        #expect(second.run(["keys", "import", "--from", copy], passphrase: "wrong passphrase!").code == 1)
        let imported = second.run(["keys", "import", "--from", copy])
        #expect(imported.code == 0, "\(imported.err)")
        let shownFirst = first.run(["keys", "show"]), shownSecond = second.run(["keys", "show"])
        #expect(shownFirst.field("member id") != nil)
        #expect(shownFirst.field("member id") == shownSecond.field("member id"))
        #expect(shownFirst.field("fingerprint") == shownSecond.field("fingerprint"))
        #expect(second.run(["keys", "import", "--from", copy]).code == 1)
    }

    @Test func initRootPinsTheRootAndNeverOverwrites() throws {
        let directory = TemporaryDirectory()
        let admin = Person(profile: directory.file("admin"))
        let out = directory.file("root.json")
        let made = admin.run(["keys", "init-root", "--out", out, "--kdf", "interactive", "--validity-years", "2"])
        #expect(made.code == 0, "\(made.err)")
        #expect(Files.mode(out) == 0o644)
        #expect(made.out.contains("trustforum init --data DIR --root-cert \(out)"))
        let profile = try admin.saved
        #expect(profile.communityID != nil && profile.rootFingerprint != nil)
        #expect(made.field("fingerprint") == profile.rootFingerprint)
        let other = Person(profile: directory.file("other"))
        let again = other.run(["keys", "init-root", "--out", out, "--kdf", "interactive"])
        #expect(again.code == 1)
        #expect(again.err == "Error: \(out) already exists; refusing to overwrite it\n")
        #expect(!Files.exists(other.profile + "/keystore"))
        #expect(other.run(["keys", "init-root", "--out", directory.file("x.json"), "--validity-years", "21"]).code == 64)
    }

    private func rootID(_ live: LiveServer) throws -> String {
        let root = try RootCertificateFile.parse(try Files.read(live.rootFile))
        return root.certificate.certificate.memberID
    }
}
