import API
import Client
import Core
import Crypto
import Foundation
import Platform
import Store
import Testing
@testable import Commands

/// A community for the thread tests: a live server, its admin, a moderator,
/// and members made on demand, each in an organisation of its own unless
/// told otherwise.
final class ThreadCommunity {
    let live: LiveServer
    let moderator: Person
    let moderatorID: String
    private var files = 0

    init(moderation: ModerationBundle = .embedded) throws {
        live = try LiveServer(moderation: moderation)
        (moderator, moderatorID) = try live.moderator()
    }

    var admin: Person { live.admin }

    /// A member applied, approved by the moderator (with the default
    /// keyring's wraps once it has an epoch), logged in. `kvk` puts it in an
    /// existing organisation; `role: "expert"` is approved by the admin.
    func member(_ name: String, kvk: String = LiveServer.freshKvK(), role: String = "member") throws -> Member {
        let person = live.person(name)
        let id = try live.apply(person, kvk: kvk)
        let approver = role == "member" ? moderator : admin
        let approved = role == "member" ? approver.run(["applications", "approve", id]) : approver.run(["experts", "add", id])
        guard approved.code == 0 else { throw LiveServer.Failure("approve \(name): \(approved.code) \(approved.err)") }
        try live.login(person)
        return Member(person: person, id: id, kvk: kvk)
    }

    /// The organisation of a member, as the server's register has it.
    func org(of memberID: String) throws -> String {
        try live.database.read { conn in try MemberStore.member(conn, id: memberID)?.orgID } ?? ""
    }

    /// A file holding `text`, for `--body-file`.
    func body(_ text: String) throws -> String {
        files += 1
        let path = live.directory.file("body-\(files).txt")
        try Files.writeAtomically(path, Array(text.utf8), mode: 0o600)
        return path
    }

    /// `threads new`, or a recorded issue; returns the thread id.
    func newThread(by member: Member, label: String, to: [String] = [], circle: String? = nil, title: String? = nil, text: String,
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var arguments = ["threads", "new", "--label", label, "--topic", "ransomware", "--body-file", try body(text)]
        for id in to { arguments += ["--to", id] }
        if let circle { arguments += ["--circle", circle] }
        if let title { arguments += ["--title", title] }
        let result = member.run(arguments)
        #expect(result.code == 0, "threads new: \(result.err)", sourceLocation: sourceLocation)
        let id = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Identifier.isValid(id) else { throw LiveServer.Failure("threads new printed \(result.out) \(result.err)") }
        return id
    }

    /// `threads reply`, expected to succeed.
    @discardableResult
    func reply(_ member: Member, _ threadID: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
        let result = member.run(["threads", "reply", threadID, "--body-file", try body(text)])
        #expect(result.code == 0, "threads reply: \(result.err)", sourceLocation: sourceLocation)
        return result
    }

    /// The keyring id of a thread, from the server's store.
    func keyringID(ofThread threadID: String) throws -> String {
        try live.database.read { conn in try conn.queryOne("SELECT keyring_id FROM threads WHERE id = ?", [.text(threadID)])?.string(at: 0) } ?? ""
    }

    /// Whether `memberID` has a wrap of `epoch` of `keyringID` in the store.
    func hasWrap(_ memberID: String, keyringID: String, epoch: Int64) throws -> Bool {
        try live.database.read { conn in
            try conn.queryOne("SELECT COUNT(*) FROM wraps WHERE keyring_id = ? AND recipient_id = ? AND epoch = ?",
                              [.text(keyringID), .text(memberID), .integer(epoch)])?.int64(at: 0) ?? 0
        } > 0
    }
}

/// A member with a profile of its own.
struct Member {
    let person: Person
    let id: String
    let kvk: String

    func run(_ arguments: [String]) -> CLI.Result { person.run(arguments) }

    /// The keystore, opened with the test passphrase.
    func keystore() throws -> UnlockedKeystore {
        try Keystore.open(path: try person.saved.keystorePath, passphrase: SecureBytes(Array(testPassphrase.utf8)))
    }
}
