import Client
import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Store
import Testing
@testable import API

/// Reports, held posts, the review queue, signed decisions and appeals
/// through the routes (mod-spec §1–3, PROTOCOL.md §6–7): every refusal
/// the server owes, and what each decision does to the post.
@Suite struct ModerationTests {
    /// An AMBER thread of member + orgAdmin (the expert is not in it).
    static func world() throws -> (ThreadWorld, ThreadRecord) {
        let w = try ThreadWorld()
        let (amber, created) = try w.participantThread(.amber, by: w.c.member, with: [w.c.orgAdmin])
        guard created.status == 201 else { throw TestCommunity.Failure(created.text) }
        return (w, amber)
    }

    /// The moderators' keyring holders now: the root (admin) and the moderator.
    static func recipients(_ w: ThreadWorld) -> [ReportRecipient] {
        [w.c.root, w.c.moderator].map {
            ReportRecipient(memberID: $0.id, certHash: w.certHash($0), boxPublicKey: w.state.member($0.id)!.current.certificate.boxPublicKey)
        }
    }

    static func report(_ w: ThreadWorld, _ payload: PostPayload, postID: String, by reporter: Person, reason: String = "a sales pitch",
                       recipients: [ReportRecipient]? = nil, signer: SigningSecretKey? = nil, reportID: String = ThreadWorld.newID()) throws -> Report {
        try Report.make(ReportPayload(postID: postID, post: payload, reason: reason), communityID: w.communityID, reportID: reportID,
                        reporterID: reporter.id, reporterCertHash: w.certHash(reporter), reporter: signer ?? reporter.signing,
                        recipients: recipients ?? Self.recipients(w))
    }

    static func send(_ w: ThreadWorld, _ report: Report, threadID: String, postID: String? = nil, as person: Person) throws -> Response {
        try w.call(.post, "/v1/threads/\(threadID)/posts/\(postID ?? report.postID)/reports", ReportWire.Submit(report), as: person)
    }

    struct HeldBody: Encodable {
        let post: PostWire.Submit
        let report: ReportWire.Submit

        func encode(to encoder: any Encoder) throws {
            try post.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(report, forKey: .report)
        }

        enum Key: String, CodingKey { case report }
    }

    static func decide(_ w: ThreadWorld, _ itemID: String, subject: String, _ kind: Decision.Kind, reason: String, by moderator: Person,
                       signer: SigningSecretKey? = nil) throws -> Response {
        let decision = Decision.sign(kind, reason: reason, communityID: w.communityID, subjectID: subject, moderatorID: moderator.id,
                                     moderatorCertHash: w.certHash(moderator), key: signer ?? moderator.signing)
        return try w.call(.post, "/v1/moderation/items/\(itemID)/decisions", ReportWire.DecisionRequest(decision), as: moderator)
    }

    struct Reason: Encodable { let reason: String }

    func expect(_ response: Response, _ status: Int, _ slug: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        if let slug { #expect(response.problemType == "urn:trustforum:problem:" + slug, "\(response.text)", sourceLocation: sourceLocation) }
    }

    func posts(_ w: ThreadWorld, _ threadID: String, as person: Person) throws -> ThreadWire.PostsPage {
        let response = try w.get("/v1/threads/\(threadID)/posts", as: person)
        #expect(response.status == 200, "\(response.text)")
        return try JSONDecoder().decode(ThreadWire.PostsPage.self, from: Data(response.body))
    }

    @Test func aReportIsCheckedStoredOnceAndProvenByAModerator() throws {
        let (w, amber) = try Self.world()
        let payload = PostPayload(body: "Buy our SOC service, 499 euro per month")
        let post = try w.post(amber, by: w.c.member, payload: payload)
        #expect(try w.send(post, as: w.c.member).status == 201)
        let report = try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin)

        // Refusals first: nothing of them is stored.
        expect(try Self.send(w, report, threadID: amber.threadID, as: w.c.expert), 404, "not-found")          // cannot read the thread
        expect(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.member), threadID: amber.threadID, as: w.c.member),
               422, "own-post")
        expect(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin, signer: SigningSecretKey()),
                             threadID: amber.threadID, as: w.c.orgAdmin), 422, "bad-signature")
        expect(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin, recipients: [Self.recipients(w)[1]]),
                             threadID: amber.threadID, as: w.c.orgAdmin), 409, "moderators-changed")
        let sealedToAMember = Self.recipients(w) + [ReportRecipient(memberID: w.c.expert.id, certHash: w.certHash(w.c.expert),
                                                                    boxPublicKey: w.certificate(w.c.expert).boxPublicKey)]
        expect(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin, recipients: sealedToAMember),
                             threadID: amber.threadID, as: w.c.orgAdmin), 409, "moderators-changed")
        expect(try Self.send(w, report, threadID: amber.threadID, postID: ThreadWorld.newID(), as: w.c.orgAdmin), 422, "wrong-post")

        let created = try Self.send(w, report, threadID: amber.threadID, as: w.c.orgAdmin)
        expect(created, 201)
        #expect(created.headers.contains { $0.name == "TLP" && $0.value == "TLP:AMBER" })
        let itemID = try #require(created.json?["item_id"] as? String)
        // The same report again is the same answer; a second report of the post is refused.
        let retry = try Self.send(w, report, threadID: amber.threadID, as: w.c.orgAdmin)
        expect(retry, 200)
        #expect(retry.json?["item_id"] as? String == itemID)
        expect(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin), threadID: amber.threadID, as: w.c.orgAdmin),
               409, "already-reported")

        // The queue is for staff.
        expect(try w.get("/v1/moderation/queue", as: w.c.member), 403)
        let queue = try w.get("/v1/moderation/queue", as: w.c.moderator)
        let items = try #require(queue.json?["items"] as? [[String: Any]])
        #expect(items.map { $0["item_id"] as? String } == [itemID])
        #expect(items.first?["kind"] as? String == "report")
        #expect(items.first?["report_count"] as? Int == 1)

        // A moderator opens the report and proves it against the stored post.
        let shown = try w.get("/v1/moderation/items/\(itemID)", as: w.c.moderator)
        expect(shown, 200)
        struct Item: Decodable { let post: PostWire.Stored; let reports: [ReportWire.Stored] }
        let item = try JSONDecoder().decode(Item.self, from: Data(shown.body))
        let stored = try item.reports[0].report(communityID: w.communityID)
        let storedPost = try item.post.post.post(communityID: w.communityID)
        let verdict = ReportCheck.check(stored, reporterCertificate: w.state.member(w.c.orgAdmin.id)?.current,
                                        post: storedPost, authorCertificate: w.state.member(w.c.member.id)?.current,
                                        recipientID: w.c.moderator.id, boxKey: w.c.moderator.box)
        #expect(verdict.provenPayload?.body == payload.body, "\(verdict)")
    }

    @Test func removalLeavesASignedTombstoneAndAnAppealGoesToAnotherModerator() throws {
        let (w, amber) = try Self.world()
        let payload = PostPayload(body: "Special offer: pentests at 30% off, book a demo")
        let post = try w.post(amber, by: w.c.member, payload: payload)
        #expect(try w.send(post, as: w.c.member).status == 201)
        let itemID = try #require(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin), threadID: amber.threadID,
                                                as: w.c.orgAdmin).json?["item_id"] as? String)
        // Read (and so cached) before the decision.
        #expect(try posts(w, amber.threadID, as: w.c.orgAdmin).posts.first?.removed == nil)

        // Decisions: signed by the deciding moderator, allowed for the kind, for this subject.
        expect(try Self.decide(w, itemID, subject: post.postID, .remove, reason: "commercial offer", by: w.c.moderator, signer: SigningSecretKey()),
               422, "bad-signature")
        expect(try Self.decide(w, itemID, subject: itemID, .remove, reason: "commercial offer", by: w.c.moderator), 422, "bad-signature")
        expect(try Self.decide(w, itemID, subject: post.postID, .remove, reason: "commercial offer", by: w.c.member), 403)
        expect(try Self.decide(w, itemID, subject: post.postID, .remove, reason: "commercial offer", by: w.c.moderator), 201)
        expect(try Self.decide(w, itemID, subject: post.postID, .approve, reason: "changed my mind", by: w.c.moderator), 409, "already-decided")

        // Every reader sees the tombstone with the signed decision, and no ciphertext.
        for reader in [w.c.member, w.c.orgAdmin] {
            let page = try posts(w, amber.threadID, as: reader)
            let entry = try #require(page.posts.first { $0.post.post_id == post.postID })
            #expect(entry.post.ciphertext.isEmpty && entry.post.nonce.isEmpty && entry.post.signature.isEmpty)
            let removed = try #require(entry.removed)
            #expect(removed.reason == "commercial offer")
            let decision = try removed.decision(communityID: w.communityID, subjectID: post.postID)
            #expect(decision.isSigned(by: w.certificate(w.c.moderator).signPublicKey))
        }
        let row = try w.service.database.read { conn in try PostStore.post(conn, id: post.postID) }
        #expect(row?.ciphertext.isEmpty == true && row?.status == "removed")
        // secure_delete and the checkpoint after the decision: the ciphertext is in no file any more.
        let path = w.service.database.path
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(!NoPlaintextAtRestTests.contains(bytes, Array(post.ciphertext[16..<48])), "\(file) still holds the removed ciphertext")
        }
        // A removed post cannot be reported again.
        expect(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin), threadID: amber.threadID, as: w.c.orgAdmin),
               404, "not-found")

        // The author sees the outcome and appeals once; nobody else can.
        let mine = try w.get("/v1/moderation/mine", as: w.c.member)
        let outcome = try #require((mine.json?["items"] as? [[String: Any]])?.first)
        #expect((outcome["decision"] as? [String: Any])?["reason"] as? String == "commercial offer")
        #expect(outcome["reports"] == nil)
        expect(try w.call(.post, "/v1/moderation/items/\(itemID)/appeal", Reason(reason: "it was a free tool"), as: w.c.orgAdmin), 404)
        expect(try w.call(.post, "/v1/moderation/items/\(itemID)/appeal", Reason(reason: "it was a free tool"), as: w.c.member), 201)
        expect(try w.call(.post, "/v1/moderation/items/\(itemID)/appeal", Reason(reason: "again"), as: w.c.member), 409, "appealed-already")
        let appeals = try w.get("/v1/moderation/appeals", as: w.c.moderator)
        #expect((appeals.json?["items"] as? [[String: Any]])?.map { $0["item_id"] as? String } == [itemID])

        // Another moderator decides the appeal.
        expect(try Self.decide(w, itemID, subject: post.postID, .approve, reason: "upheld", by: w.c.moderator), 403, "same-moderator")
        let final = try Self.decide(w, itemID, subject: post.postID, .dismiss, reason: "removal stands", by: w.c.root)
        expect(final, 201)
        #expect(final.json?["state"] as? String == "closed")
        #expect((final.json?["decisions"] as? [[String: Any]])?.count == 2)
        expect(try w.call(.post, "/v1/moderation/items/\(itemID)/appeal", Reason(reason: "third time"), as: w.c.member), 409)
    }

    @Test func aHeldPostIsSeenByItsAuthorOnlyUntilApproved() throws {
        let (w, amber) = try Self.world()
        let early = try w.post(amber, by: w.c.member)
        #expect(try w.send(early, as: w.c.member).status == 201)

        let payload = PostPayload(body: "Wij bieden een gratis scan aan, daarna 99 euro p/m")
        let held = try w.post(amber, by: w.c.member, moderation: .hold, payload: payload)
        let report = try Self.report(w, payload, postID: held.postID, by: w.c.member, reason: "held by the policy: price")
        // The report must be of this post.
        let other = try Self.report(w, payload, postID: ThreadWorld.newID(), by: w.c.member)
        expect(try w.call(.post, "/v1/threads/\(amber.threadID)/posts", HeldBody(post: PostWire.Submit(held), report: ReportWire.Submit(other)),
                          as: w.c.member), 422, "wrong-post")
        let sent = try w.call(.post, "/v1/threads/\(amber.threadID)/posts", HeldBody(post: PostWire.Submit(held), report: ReportWire.Submit(report)),
                              as: w.c.member)
        expect(sent, 201)

        #expect(try posts(w, amber.threadID, as: w.c.orgAdmin).posts.map(\.post.post_id) == [early.postID])
        let own = try posts(w, amber.threadID, as: w.c.member).posts
        #expect(own.map(\.post.post_id) == [early.postID, held.postID])
        #expect(own.last?.held == true)
        // Others cannot report what they cannot see.
        expect(try Self.send(w, try Self.report(w, payload, postID: held.postID, by: w.c.orgAdmin), threadID: amber.threadID, as: w.c.orgAdmin),
               404, "not-found")

        let queue = try #require(try w.get("/v1/moderation/queue", as: w.c.moderator).json?["items"] as? [[String: Any]])
        let item = try #require(queue.first { $0["post_id"] as? String == held.postID })
        #expect(item["kind"] as? String == "held-post")
        let itemID = try #require(item["item_id"] as? String)
        expect(try Self.decide(w, itemID, subject: held.postID, .dismiss, reason: "fine", by: w.c.moderator), 422, "decision-not-allowed")
        expect(try Self.decide(w, itemID, subject: held.postID, .approve, reason: "a free scan is fine", by: w.c.moderator), 201)

        // Approved: visible to the thread as its newest post, so readers polling with `after` see it.
        let after = try posts(w, amber.threadID, as: w.c.orgAdmin).posts
        #expect(after.map(\.post.post_id) == [early.postID, held.postID])
        #expect(after.last?.held == nil)
        #expect((after.last?.seq ?? 0) > (after.first?.seq ?? 0))
        let polled = try w.get("/v1/threads/\(amber.threadID)/posts?after=\(after.first!.seq)", as: w.c.orgAdmin)
        #expect(try JSONDecoder().decode(ThreadWire.PostsPage.self, from: Data(polled.body)).posts.map(\.post.post_id) == [held.postID])
    }

    @Test func aThirdWarningIn90DaysProposesASuspension() throws {
        let (w, amber) = try Self.world()
        for round in 1...3 {
            let payload = PostPayload(body: "Offer number \(round): licences at a discount")
            let post = try w.post(amber, by: w.c.member, payload: payload)
            #expect(try w.send(post, as: w.c.member).status == 201)
            let itemID = try #require(try Self.send(w, try Self.report(w, payload, postID: post.postID, by: w.c.orgAdmin), threadID: amber.threadID,
                                                    as: w.c.orgAdmin).json?["item_id"] as? String)
            expect(try Self.decide(w, itemID, subject: post.postID, .warn, reason: "commercial, warning \(round)", by: w.c.moderator), 201)
            let proposals = try #require(try w.get("/v1/moderation/queue", as: w.c.moderator).json?["items"] as? [[String: Any]])
                .filter { $0["kind"] as? String == "suspension-proposal" }
            #expect(proposals.count == (round == 3 ? 1 : 0))
            if round == 3 { #expect(proposals.first?["subject_member_id"] as? String == w.c.member.id) }
        }
        // Warnings given with `members warn` count too, and one proposal is pending at a time.
        struct Warn: Encodable { let reason: String }
        for _ in 0..<2 {
            #expect(try w.call(.post, "/v1/members/\(w.c.orgAdmin.id)/warnings", Warn(reason: "spam"), as: w.c.moderator).status == 201)
        }
        #expect(try w.call(.post, "/v1/members/\(w.c.member.id)/warnings", Warn(reason: "again"), as: w.c.moderator).status == 201)
        let third = try w.call(.post, "/v1/members/\(w.c.orgAdmin.id)/warnings", Warn(reason: "spam again"), as: w.c.moderator)
        #expect(third.status == 201)
        let proposals = try #require(try w.get("/v1/moderation/queue", as: w.c.moderator).json?["items"] as? [[String: Any]])
            .filter { $0["kind"] as? String == "suspension-proposal" }.compactMap { $0["subject_member_id"] as? String }
        #expect(proposals.sorted() == [w.c.member.id, w.c.orgAdmin.id].sorted())
        let warnings = try w.service.database.read { conn in try MemberStore.warnings(conn, memberID: w.c.member.id) }
        #expect(warnings.map { $0.reason } == ["commercial, warning 1", "commercial, warning 2", "commercial, warning 3", "again"])
    }
}
