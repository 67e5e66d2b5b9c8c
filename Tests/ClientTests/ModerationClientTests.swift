import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

// Reports, held posts and decisions on the client (mod-spec §1–§3), with a
// fake of the server's moderation item built from the requests' JSON as the
// routes will serve it: bob reports alice's post to the moderators' keyring
// holders (the moderator and the root admin), and their clients prove it; a
// forged claim, a report for others, a removed post, decisions signed by the
// wrong person or changed after signing are each shown for what they are.

extension ThreadWorld {
    /// bob's verified reading of `post`.
    func readAsBob(_ post: Post) throws -> ReadPost {
        try #require(try read(bob).compactMap(\.post).first { $0.postID == post.postID })
    }

    /// The item the server would serve about `post` with `reports`.
    func item(kind: String = "report", post: Post?, tombstone: ReportWire.DecisionJSON? = nil, reports: [Report],
              decisions: [ReportWire.DecisionJSON] = [], itemID: String = newID()) throws -> ModerationWire.Item {
        let stored = try post.map { p in try #require(thread.posts.first { $0.post.post_id == p.postID }) }
        let postID = post?.postID ?? reports.first?.postID
        let itemPost = stored.map(ModerationWire.ItemPost.init) ?? tombstone.map { ModerationWire.ItemPost(tombstone: postID!, seq: 1, removed: $0) }
        let item = ModerationWire.Item(item_id: itemID, kind: kind, state: "open", created_at: Clock.now, subject_member_id: alice.id,
                                       thread_id: draft.threadID, post_id: postID, label: draft.record.label.rawValue, rule_ids: [],
                                       report_count: reports.count, decision: decisions.last, appeal: nil, post: itemPost,
                                       reports: reports.map { ReportWire.Stored($0, receivedAt: Clock.nowMillis) }, text: nil,
                                       decisions: decisions)
        return wire(item)
    }

    func review(_ item: ModerationWire.Item, as person: Person) throws -> ReviewedItem {
        try ItemReview.review(item, community: community.verified, me: person.me)
    }

    /// The report as the server takes it from the request's JSON.
    func received(_ report: Report, from reporter: Person) throws -> Report {
        try wire(ReportWire.Submit(report)).report(communityID: community.id, reporterID: reporter.id)
    }
}

@Suite struct ClientModerationTests {
    @Test func bobsReportIsProvenForEveryModeratorAndUnreadableForOthers() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "buy cheap followers at example.test")
        let report = try ReportComposer.report(try world.readAsBob(post), reason: "spam", community: world.community.verified,
                                               reporter: world.bob.me, now: Clock.now)
        #expect(report.keyWraps.map(\.recipientID) == [world.moderator.id, world.community.root.id].sorted())
        let item = try world.item(post: post, reports: [try world.received(report, from: world.bob)])
        for moderator in [world.moderator, world.community.root] {
            let reviewed = try world.review(item, as: moderator)
            #expect(reviewed.reports.map(\.status.name) == ["proven"])
            #expect(reviewed.provenText?.body == "buy cheap followers at example.test")
            #expect(reviewed.provenText?.reason == "spam")
            #expect(reviewed.label == .amber && !reviewed.isRed)
        }
        // carol is not a moderator: no wrap for her.
        #expect(try world.review(item, as: world.carol).reports.map(\.status.name) == ["unreadable"])
    }

    @Test func aForgedClaimIsShownAsForgedWithTheClaim() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "the original")
        let read = try world.readAsBob(post)
        for (body, key) in [("something alice never said", read.frankingKey), (read.body, Random.bytes(32))] {
            let claim = ReportPayload(postID: post.postID, body: body, title: read.title, replyTo: read.replyTo, frankingKey: key,
                                      reason: "abuse")
            let forged = try ReportComposer.make(claim, community: world.community.verified, reporter: world.bob.me, now: Clock.now,
                                                 confirmed: [:], reportID: newID())
            let reviewed = try world.review(try world.item(post: post, reports: [forged]), as: world.moderator)
            guard case .forged(_, let kept)? = reviewed.reports.first?.status else { Issue.record("not forged"); continue }
            #expect(kept == claim)
            #expect(reviewed.provenText == nil)
        }
    }

    @Test func aReportSignedBySomeoneElseOrTamperedIsUnreadable() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "text")
        let report = try ReportComposer.report(try world.readAsBob(post), reason: "r", community: world.community.verified,
                                               reporter: world.bob.me, now: Clock.now)
        // The server says carol sent bob's report.
        let misattributed = try wire(ReportWire.Submit(report)).report(communityID: world.community.id, reporterID: world.carol.id)
        // A flipped ciphertext byte.
        var bytes = report.ciphertext
        bytes[bytes.count / 2] ^= 1
        let tampered = Report(communityID: report.communityID, reportID: report.reportID, postID: report.postID, reporterID: report.reporterID,
                              reporterCertHash: report.reporterCertHash, nonce: report.nonce, ciphertext: bytes, keyWraps: report.keyWraps,
                              signature: report.signature)
        let reviewed = try world.review(try world.item(post: post, reports: [misattributed, tampered]), as: world.moderator)
        #expect(reviewed.reports.map(\.status.name) == ["unreadable", "unreadable"])
    }

    @Test func membersDoNotReportTheirOwnPostsAndNonModeratorsDoNotDecide() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "mine")
        let mine = try #require(try world.read(world.alice).compactMap(\.post).first { $0.postID == post.postID })
        #expect(refusal { try ReportComposer.report(mine, reason: "r", community: world.community.verified, reporter: world.alice.me,
                                                    now: Clock.now) } == .notAllowed("you cannot report your own post"))
        let item = try world.item(post: post, reports: [])
        guard case .notAllowed? = refusal({ try DecisionComposer.sign(.remove, reason: "x", item: item.summary,
                                                                      community: world.community.verified, moderator: world.bob.me,
                                                                      now: Clock.now) }) else { Issue.record("bob decided"); return }
    }

    @Test func decisionsAreVerifiedAboutTheSubjectTheClientDetermines() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "text")
        let base = try world.item(post: post, reports: [])
        let request = wire(try DecisionComposer.sign(.remove, reason: "doxxing", item: base.summary, community: world.community.verified,
                                                     moderator: world.moderator.me, now: Clock.now))
        let moderatorCert = world.community.state.member(world.moderator.id)!.current.hash
        // The server records it as the decision about the post (subject = post id for post items).
        let decision = try request.decision(communityID: world.community.id, subjectID: post.postID, moderatorID: world.moderator.id,
                                            moderatorCertHash: moderatorCert)
        let recorded = ReportWire.DecisionJSON(decision, decidedAt: Clock.now)
        // Changed after signing: the reason, the kind; signed by a member who is no moderator; about another subject.
        let changedReason = try JSONDecoder().decode(ReportWire.DecisionJSON.self, from: Data(
            String(decoding: JSONEncoder().encode(recorded), as: UTF8.self).replacingOccurrences(of: "doxxing", with: "spam").utf8))
        let byAlice = ReportWire.DecisionJSON(Decision.sign(.approve, reason: "fine", communityID: world.community.id, subjectID: post.postID,
                                                            moderatorID: world.alice.id,
                                                            moderatorCertHash: world.community.state.member(world.alice.id)!.current.hash,
                                                            key: world.alice.sign), decidedAt: Clock.now)
        let aboutItem = ReportWire.DecisionJSON(Decision.sign(.remove, reason: "doxxing", communityID: world.community.id,
                                                              subjectID: base.item_id, moderatorID: world.moderator.id,
                                                              moderatorCertHash: moderatorCert, key: world.moderator.sign),
                                                decidedAt: Clock.now, includeSubject: false)
        let item = try world.item(post: post, reports: [], decisions: [recorded, changedReason, byAlice, aboutItem], itemID: base.item_id)
        let reviewed = try world.review(item, as: world.root)
        #expect(reviewed.decisions.map(\.isVerified) == [true, false, false, false])
        // A non-post item's subject is the item id.
        let textItem = wire(ModerationWire.Item(item_id: base.item_id, kind: "held-text", state: "decided", created_at: Clock.now,
                                                subject_member_id: world.alice.id, thread_id: nil, post_id: nil, label: nil, rule_ids: ["r1"],
                                                report_count: 0, decision: aboutItem, appeal: nil, post: nil, reports: [],
                                                text: ModerationWire.ItemText(field: "display_name", text: "x"), decisions: [aboutItem]))
        #expect(try world.review(textItem, as: world.moderator).decisions.map(\.isVerified) == [true])
    }

    @Test func aRemovedPostsReportsOpenButAreUncheckedAndItsTombstoneIsVerified() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "gone soon")
        let report = try ReportComposer.report(try world.readAsBob(post), reason: "r", community: world.community.verified,
                                               reporter: world.bob.me, now: Clock.now)
        let decision = Decision.sign(.remove, reason: "illegal", communityID: world.community.id, subjectID: post.postID,
                                     moderatorID: world.moderator.id, moderatorCertHash: world.community.state.member(world.moderator.id)!.current.hash,
                                     key: world.moderator.sign)
        let tombstone = ReportWire.DecisionJSON(decision, decidedAt: Clock.now, includeSubject: false)
        let reviewed = try world.review(try world.item(post: nil, tombstone: tombstone, reports: [report]), as: world.community.root)
        #expect(reviewed.removed?.isVerified == true)
        guard case .unchecked(_, let claim)? = reviewed.reports.first?.status else { Issue.record("not unchecked"); return }
        #expect(claim.body == "gone soon")
        #expect(reviewed.provenText == nil)
    }

    @Test func anItemServingAnotherPostIsAMismatch() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "one")
        let other = try world.post(world.alice, "two")
        let report = try ReportComposer.report(try world.readAsBob(post), reason: "r", community: world.community.verified,
                                               reporter: world.bob.me, now: Clock.now)
        var item = try world.item(post: other, reports: [report])
        // The item says it is about `post` but serves `other`.
        item = wire(ModerationWire.Item(item_id: item.item_id, kind: item.kind, state: item.state, created_at: item.created_at,
                                        subject_member_id: item.subject_member_id, thread_id: item.thread_id, post_id: post.postID,
                                        label: item.label, rule_ids: [], report_count: 1, decision: nil, appeal: nil, post: item.post,
                                        reports: item.reports, text: nil, decisions: []))
        guard case .mismatch? = refusal({ try world.review(item, as: world.moderator) }) else { Issue.record("served another post"); return }
    }

    @Test func aHeldPostTravelsWithItsOwnReportAndIsProvenInTheQueue() throws {
        var world = try ThreadWorld(label: .red)
        let payload = PostPayload(body: "wire the money to NL00BANK0123456789", title: "urgent")
        let post = try PostComposer.compose(payload, thread: world.draft.record, keyring: try world.view(world.alice),
                                            community: world.community.verified, author: world.alice.me, now: Clock.now,
                                            policyVersion: currentPolicyVersion, moderation: .hold)
        let held = try ReportComposer.held(post, payload: payload, reason: "held by rule iban-request", community: world.community.verified,
                                           author: world.alice.me, now: Clock.now)
        // The request body: the post's fields with moderation = hold, and the report of that post by its author.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(held)) as! [String: Any]
        #expect(json["moderation"] as? String == "hold")
        #expect(Set(json.keys) == Set((try JSONSerialization.jsonObject(with: JSONEncoder().encode(PostWire.Submit(post))) as! [String: Any]).keys)
            .union(["report"]))
        #expect((json["report"] as? [String: Any])?["post_id"] as? String == post.postID)
        // The server takes both apart as it would, and the moderator proves the held text; it is TLP:RED.
        let stored = try wire(held).report.report(communityID: world.community.id, reporterID: world.alice.id)
        try world.thread.store(post, communityID: world.community.id)
        let reviewed = try world.review(try world.item(kind: "held-post", post: post, reports: [stored]), as: world.moderator)
        #expect(reviewed.reports.map(\.status.name) == ["proven"])
        #expect(reviewed.provenText?.body == payload.body && reviewed.isRed)
        // A held report must match the post: not a post sealed with moderation = none, not another payload.
        let plain = try PostComposer.compose(payload, thread: world.draft.record, keyring: try world.view(world.alice),
                                             community: world.community.verified, author: world.alice.me, now: Clock.now,
                                             policyVersion: currentPolicyVersion)
        guard case .mismatch? = refusal({ try ReportComposer.held(plain, payload: payload, reason: "r", community: world.community.verified,
                                                                  author: world.alice.me, now: Clock.now) }) else { Issue.record("none"); return }
        guard case .mismatch? = refusal({ try ReportComposer.held(post, payload: PostPayload(body: "other"), reason: "r",
                                                                  community: world.community.verified, author: world.alice.me,
                                                                  now: Clock.now) }) else { Issue.record("other payload"); return }
    }

    @Test func reportsGoToNoModeratorWithAnUnconfirmedKeyChange() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "text")
        let read = try world.readAsBob(post)
        // The moderator gets a new key bundle without the old key's signature.
        let rekeyed = world.moderator.rekeyed()
        try world.community.certify(rekeyed, as: .moderator, by: world.community.root)
        guard case .unverifiedKeyChange(let changes)? = refusal({ try ReportComposer.report(read, reason: "r", community: world.community.verified,
                                                                                            reporter: world.bob.me, now: Clock.now) }) else {
            Issue.record("reported to an unconfirmed key"); return
        }
        #expect(changes.map(\.memberID) == [world.moderator.id])
        let fingerprint = world.community.state.member(world.moderator.id)!.current.certificate.fingerprint
        let report = try ReportComposer.report(read, reason: "r", community: world.community.verified, reporter: world.bob.me, now: Clock.now,
                                               confirmed: [world.moderator.id: fingerprint])
        #expect(try report.open(as: world.moderator.id, with: rekeyed.box).body == "text")
    }
}

extension ThreadWorld {
    var root: Person { community.root }
}
