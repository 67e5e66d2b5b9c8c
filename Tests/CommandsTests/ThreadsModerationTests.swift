import API
import Foundation
import Store
import Testing
import enum Moderation.PolicyBundle
import struct Moderation.RuleSource
@testable import Commands

/// `threads new` and `threads reply` evaluate the server's moderation bundle
/// before encrypting (PROTOCOL.md §7): a blocked text exits 4 and sends
/// nothing; a flagged text is posted with the rule ids in its encrypted
/// payload, and `threads read` shows them.
@Suite struct ThreadsModerationTests {
    static let rules = """
        format trustforum-rules/v1
        test-block block phrase "buy our product" -- Selling is not allowed here.
        test-flag  flag  word   "korting"         -- Kortingen horen niet op dit forum.
        test-hold  hold  phrase "book a demo"     -- Sales calls to action are not allowed here.

        """

    static func community() throws -> ThreadCommunity {
        let bytes = try PolicyBundle.build([RuleSource(name: "test.rules", bytes: Array(rules.utf8))])
        return try ThreadCommunity(moderation: try ModerationBundle(bytes: bytes))
    }

    func count(_ c: ThreadCommunity, _ table: String) throws -> Int64 {
        try c.live.database.read { conn in try conn.queryOne("SELECT COUNT(*) FROM \(table)")?.int64(at: 0) } ?? -1
    }

    @Test func blockedIsRefusedLocallyAndFlaggedIsShownToReaders() throws {
        let c = try Self.community()
        let alice = try c.member("alice")
        let bob = try c.member("bob")

        let blocked = alice.run(["threads", "new", "--label", "TLP:GREEN", "--topic", "ransomware", "--title", "Offer",
                                 "--body-file", try c.body("Please BUY our product today.")])
        #expect(blocked.code == 4, "\(blocked.err)")
        #expect(blocked.out == "")
        #expect(blocked.err.contains("blocks this post; nothing was sent"), "\(blocked.err)")
        #expect(blocked.err.contains("test-block: Selling is not allowed here."), "\(blocked.err)")
        #expect(try count(c, "threads") == 0)
        #expect(try count(c, "posts") == 0)

        // Held posts need the report path (not here yet): refused, exit 1, nothing sent.
        let held = alice.run(["threads", "new", "--label", "TLP:GREEN", "--topic", "ransomware", "--body-file", try c.body("Book a demo!")])
        #expect(held.code == 1, "\(held.err)")
        #expect(held.err.contains("test-hold: Sales calls to action"), "\(held.err)")
        #expect(try count(c, "threads") == 0)

        let thread = try c.newThread(by: alice, label: "TLP:GREEN", title: "Licenties", text: "Wie heeft korting gekregen op licenties?")
        let reply = bob.run(["threads", "reply", thread, "--body-file", try c.body("Buy our product instead.")])
        #expect(reply.code == 4, "\(reply.err)")
        #expect(reply.err.contains("test-block"))
        #expect(try count(c, "posts") == 1)
        try c.reply(bob, thread, "Nee, geen idee.")

        let read = bob.run(["threads", "read", thread])
        #expect(read.code == 0, "\(read.err)")
        #expect(read.out.contains("    Wie heeft korting gekregen op licenties?\n    flagged: test-flag\n"), "\(read.out)")
        #expect(read.out.components(separatedBy: "flagged:").count == 2, "only the first post is flagged: \(read.out)")
        let json = bob.run(["threads", "read", thread, "--json"]).json
        let posts = json?["posts"] as? [[String: Any]] ?? []
        #expect(posts.map { $0["flags"] as? [String] ?? ["?"] } == [["test-flag"], []])
        // The posts sign the version the client evaluated: the server's.
        let versions = try c.live.database.read { conn in
            try conn.query("SELECT DISTINCT policy_version FROM posts").map { try $0.string(at: 0) }
        }
        #expect(versions == [try ModerationBundle(bytes: try PolicyBundle.build([RuleSource(name: "test.rules", bytes: Array(Self.rules.utf8))])).version])
    }
}
