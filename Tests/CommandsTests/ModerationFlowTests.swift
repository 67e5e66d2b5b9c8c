import Client
import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Commands

/// Reports, the review queue, signed decisions, appeals and held posts
/// through `trustforum`, against a live server (mod-spec §1–§4): alice
/// posts a commercial offer in a TLP:AMBER thread with carol, carol reports
/// it, the moderator proves and removes it, alice appeals and the admin decides.
@Suite struct ModerationFlowTests {
    static let offer = "Buy our SOC service, 499 euro per month. DM me for a demo."

    /// The item id `report` prints: "… (report R, moderation item I)."
    static func itemID(_ result: CLI.Result) throws -> String {
        guard let range = result.out.range(of: "moderation item ") else { throw LiveServer.Failure("report printed \(result.out) \(result.err)") }
        return String(result.out[range.upperBound...].prefix { $0 != ")" })
    }

    /// The id of the post whose text is `text`, as `member` reads `threadID` (JSON).
    static func postID(_ member: Member, _ threadID: String, text: String) throws -> String {
        let read = member.run(["threads", "read", threadID, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(read.out.utf8)) as? [String: Any]
        let posts = object?["posts"] as? [[String: Any]] ?? []
        guard let id = posts.first(where: { $0["body"] as? String == text })?["post_id"] as? String else {
            throw LiveServer.Failure("no post \"\(text)\" in \(read.out) \(read.err)")
        }
        return id
    }

    /// A `ThreadSession` of a member's profile, for what the CLI does not do.
    static func session(_ person: Person) throws -> ThreadSession {
        try MemberContext(profile: person.profile, passphraseFile: nil, environment: ["TRUSTFORUM_PASSPHRASE": testPassphrase]).threads()
    }

    @Test func aReportedOfferIsProvenRemovedAndAppealedOnce() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let moderator = Member(person: c.moderator, id: c.moderatorID, kvk: "")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], title: "Offer", text: "Hello, see my next post.")
        try c.reply(alice, thread, Self.offer)
        let post = try Self.postID(carol, thread, text: Self.offer)

        let reported = carol.run(["report", post, "--thread", thread, "--reason", "a sales pitch"])
        #expect(reported.code == 0, "\(reported.err)")
        let item = try Self.itemID(reported)
        #expect(Identifier.isValid(item), "\(reported.out)")
        // Once per post and reporter.
        let again = carol.run(["report", post, "--thread", thread, "--reason", "still a sales pitch"])
        #expect(again.code == 1)
        #expect(again.err.contains("You have reported this post already."), "\(again.err)")

        let queue = moderator.run(["mod", "queue"])
        #expect(queue.code == 0, "\(queue.err)")
        #expect(queue.out.contains(item) && queue.out.contains("report") && queue.out.contains("TLP:AMBER"), "\(queue.out)")
        #expect(alice.run(["mod", "queue"]).code == 1)

        let shown = moderator.run(["mod", "show", item])
        #expect(shown.code == 0, "\(shown.err)")
        #expect(shown.out.contains("1. PROVEN  report "), "\(shown.out)")
        #expect(shown.out.contains("by \(carol.id)") && shown.out.contains("reason: a sales pitch"))
        #expect(shown.out.contains("The post's text (proven: the author signed exactly this):\n  Buy our SOC service"), "\(shown.out)")

        let decided = moderator.run(["mod", "decide", item, "--remove", "--reason", "commercial offer"])
        #expect(decided.code == 0, "\(decided.err)")
        #expect(decided.out.contains("remove"), "\(decided.out)")

        for reader in [carol, alice] {
            let read = reader.run(["threads", "read", thread])
            #expect(read.code == 0, "\(read.err)")
            #expect(read.out.contains("removed by moderation: commercial offer (by \(c.moderatorID), "), "\(read.out)")
            #expect(!read.out.contains("Buy our SOC service"))
            #expect(read.out.contains("Hello, see my next post."))
            let json = reader.run(["threads", "read", thread, "--json"])
            #expect(json.out.contains("\"reason\" : \"commercial offer\"") && !json.out.contains("Buy our SOC"), "\(json.out)")
        }
        // The moderator sees the tombstone's decision verified; the report can no longer be checked.
        let afterwards = moderator.run(["mod", "show", item])
        #expect(afterwards.code == 0, "\(afterwards.err)")
        #expect(afterwards.out.contains("Removed by moderation: commercial offer [signature verified]"), "\(afterwards.out)")
        // A removed post cannot be reported.
        let dave = try c.member("dave", kvk: carol.kvk)
        #expect(dave.run(["report", post, "--thread", thread, "--reason", "x"]).code == 1)

        let mine = alice.run(["mod", "mine"])
        #expect(mine.code == 0, "\(mine.err)")
        #expect(mine.out.contains(item) && mine.out.contains("remove: commercial offer"), "\(mine.out)")
        #expect(carol.run(["appeal", item, "--reason", "not hers"]).code == 1)
        let appealed = alice.run(["appeal", item, "--reason", "it was a free tool"])
        #expect(appealed.code == 0, "\(appealed.err)")
        #expect(appealed.out.contains("Appealed item \(item)"), "\(appealed.out)")
        let twice = alice.run(["appeal", item, "--reason", "again"])
        #expect(twice.code == 1)
        #expect(twice.err.contains("appealed"), "\(twice.err)")

        #expect(moderator.run(["mod", "appeals"]).out.contains(item))
        let same = moderator.run(["mod", "decide", item, "--approve", "--reason", "fine after all"])
        #expect(same.code == 1)
        #expect(same.err.contains("An appeal is decided by a moderator who did not decide the item before."), "\(same.err)")
        let admin = Member(person: c.admin, id: "", kvk: "")
        let final = admin.run(["mod", "decide", item, "--dismiss", "--reason", "removal stands"])
        #expect(final.code == 0, "\(final.err)")
        #expect(final.out.contains("closed"), "\(final.out)")
        // The post stays removed, for the reason of its removal.
        let read = carol.run(["threads", "read", thread])
        #expect(read.code == 0 && read.out.contains("removed by moderation: commercial offer"), "\(read.out) \(read.err)")

        // A server that rewrites the reason breaks the moderator's signature: unverifiable, exit 3.
        try c.live.tamper("UPDATE decisions SET reason = 'spam' WHERE subject_id = ? AND decision = 'remove'", [.text(post)])
        let rewritten = carol.run(["threads", "read", thread])
        #expect(rewritten.code == 3, "\(rewritten.out) \(rewritten.err)")
        #expect(rewritten.out.contains("unverifiable: removed, but the moderation decision does not verify: the moderator's signature does not verify"),
                "\(rewritten.out)")
        #expect(!rewritten.out.contains("removed by moderation: spam"))
    }

    @Test func reportsOfUnreadablePostsAndForgedReports() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let bob = try c.member("bob")
        let moderator = Member(person: c.moderator, id: c.moderatorID, kvk: "")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], text: Self.offer)
        let post = try Self.postID(carol, thread, text: Self.offer)
        // A thread bob is not in: he cannot report its post.
        let outsider = bob.run(["report", post, "--thread", thread, "--reason", "spam"])
        #expect(outsider.code == 1)
        #expect(outsider.err.contains("no such thread"), "\(outsider.err)")
        // Nor can alice report her own.
        let own = alice.run(["report", post, "--thread", thread, "--reason", "mine"])
        #expect(own.code == 1 && own.err.contains("your own post"), "\(own.err)")

        // Carol's client is modified: it claims alice wrote something else, with the real franking key.
        let session = try Self.session(carol.person)
        let page = try session.readPosts(try session.openThread(thread), after: 0, limit: 50)
        let read = try #require(page.readings.first?.post)
        let claim = ReportPayload(postID: post, body: "I will leak your customer list unless you pay", title: read.title, replyTo: read.replyTo,
                                  frankingKey: read.frankingKey, reason: "extortion")
        let recipients = try ReportComposer.moderators(session.community, now: session.now)
        let certHash = try #require(session.community.state.member(carol.id)?.current.hash)
        let forged = try Report.make(claim, communityID: session.community.communityID, reportID: ThreadComposer.newID(), reporterID: carol.id,
                                     reporterCertHash: certHash, reporter: session.me.signingKey, recipients: recipients)
        let created: ReportWire.Created = try session.api.post("/v1/threads/\(thread)/posts/\(post)/reports", body: ReportWire.Submit(forged))
        let shown = moderator.run(["mod", "show", created.item_id])
        #expect(shown.code == 0, "\(shown.err)")
        #expect(shown.out.contains("1. FORGED  report \(forged.reportID) by \(carol.id)"), "\(shown.out)")
        #expect(shown.out.contains("claimed text (NOT what the author signed):\n       I will leak"), "\(shown.out)")
        #expect(shown.out.contains("No report proves the post's text."))
        // Carol reported the post (forged); the CLI cannot report it a second time.
        let second = carol.run(["report", post, "--thread", thread, "--reason", "a sales pitch"])
        #expect(second.code == 1)
        #expect(second.err.contains("You have reported this post already."), "\(second.err)")
    }

    @Test func aHeldPostIsSeenByItsAuthorOnlyUntilApproved() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let moderator = Member(person: c.moderator, id: c.moderatorID, kvk: "")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], text: "First, a question about VPNs.")
        let text = "Wij bieden aan: een gratis scan, daarna 99 euro per maand"
        // A hold rule matches: without --hold and without a terminal nothing is sent.
        let refused = alice.run(["threads", "reply", thread, "--body-file", try c.body(text)])
        #expect(refused.code == 1 && refused.err.contains("nl-wij-bieden-aan") && refused.err.contains("--hold"), "\(refused.err)")
        #expect(!alice.run(["threads", "read", thread]).out.contains("Wij bieden aan"))
        let sent = alice.run(["threads", "reply", thread, "--hold", "--body-file", try c.body(text)])
        #expect(sent.code == 0 && sent.out.contains("held for a moderator's review"), "\(sent.out) \(sent.err)")
        let heldID = String(sent.out.dropFirst("Posted ".count).prefix(36))
        #expect(Identifier.isValid(heldID), "\(sent.out)")

        let own = alice.run(["threads", "read", thread])
        #expect(own.code == 0, "\(own.err)")
        #expect(own.out.contains("[held for review — only you see it until a moderator approves it]\n    Wij bieden aan"), "\(own.out)")
        let json = alice.run(["threads", "read", thread, "--json"])
        #expect(json.out.contains("\"held\" : true"), "\(json.out)")
        let other = carol.run(["threads", "read", thread])
        #expect(other.code == 0 && !other.out.contains("Wij bieden aan") && !other.out.contains(heldID), "\(other.out)")

        let queue = moderator.run(["mod", "queue", "--json"])
        let items = (try JSONSerialization.jsonObject(with: Data(queue.out.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let item = try #require(items.first { $0["post_id"] as? String == heldID }?["item_id"] as? String, "\(queue.out)")
        let shown = moderator.run(["mod", "show", item])
        #expect(shown.code == 0 && shown.out.contains("PROVEN") && shown.out.contains("held-post"), "\(shown.out) \(shown.err)")
        let approved = moderator.run(["mod", "decide", item, "--approve", "--reason", "a free scan is fine"])
        #expect(approved.code == 0, "\(approved.err)")

        let now = carol.run(["threads", "read", thread])
        #expect(now.code == 0 && now.out.contains(text), "\(now.out) \(now.err)")
        #expect(!now.out.contains("only you see it"))
        #expect(!alice.run(["threads", "read", thread]).out.contains("only you see it"))
    }

    @Test func aThirdWarningIsProposedAndApprovingSuspendsForThePeriod() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let moderator = Member(person: c.moderator, id: c.moderatorID, kvk: "")
        for round in 1...3 {
            let warned = moderator.run(["members", "warn", alice.id, "--reason", "sales pitch \(round)"])
            #expect(warned.code == 0, "\(warned.err)")
        }
        let queue = moderator.run(["mod", "queue", "--json"])
        let items = (try JSONSerialization.jsonObject(with: Data(queue.out.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let proposal = try #require(items.first { $0["kind"] as? String == "suspension-proposal" }, "\(queue.out)")
        #expect(proposal["subject_member_id"] as? String == alice.id)
        let item = try #require(proposal["item_id"] as? String)
        // The period is only for approving a proposal.
        #expect(moderator.run(["mod", "decide", item, "--dismiss", "--for", "7", "--reason", "no"]).code == 64)
        let approved = moderator.run(["mod", "decide", item, "--approve", "--for", "7", "--reason", "three sales pitches"])
        #expect(approved.code == 0, "\(approved.err)")
        #expect(approved.out.contains("Suspended \(alice.id) until "), "\(approved.out)")
        #expect(approved.out.contains("Decided item \(item): approve"), "\(approved.out)")
        let status = try c.live.database.read { conn in try conn.queryOne("SELECT status FROM members WHERE id = ?", [.text(alice.id)])?.string(at: 0) }
        #expect(status == "suspended")
        let until = try c.live.database.read { conn in
            try conn.queryOne("SELECT until FROM suspension_periods WHERE member_id = ?", [.text(alice.id)])?.int64(at: 0)
        }
        #expect(until.map { abs(Double($0) - Date().timeIntervalSince1970 - 7 * 86_400) < 600 } == true)
        #expect(alice.run(["threads", "list"]).code != 0)
    }
}

