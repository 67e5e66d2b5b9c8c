import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
@testable import API

/// The role-matrix fixtures of part 3's routes: for each allowed caller a
/// request that succeeds. Callers the policy refuses get a request built as
/// a member would build it (the authorization step answers before it is read).
extension RoleMatrixTests {
    /// One prepared world per community: a circle every active member is in,
    /// with epoch 1, and GREEN threads in it and in the default circle.
    final class Matrix {
        let w: ThreadWorld
        let circle: (circle: String, keyring: String)
        let circleThread: ThreadRecord
        let defaultThread: ThreadRecord

        init(_ c: TestCommunity) throws {
            w = try ThreadWorld(c)
            let made = try w.createCircle("Matrix", by: c.root)
            circle = (made.circle, made.keyring)
            try w.setModerator(c.root, of: circle.circle, by: c.root)
            for person in w.active { try w.admit(person, to: circle, by: c.root) }
            _ = try w.call(.post, "/v1/keyrings/\(circle.keyring)/epochs", try w.epoch(circle.keyring, for: w.active, by: c.root), as: c.root)
            circleThread = try w.circleThread(.green, circle: circle.circle, by: c.root).0
            defaultThread = try w.circleThread(.green, by: c.root).0
        }

        nonisolated(unsafe) static var all: [ObjectIdentifier: Matrix] = [:]
        static let lock = NSLock()

        static func of(_ c: TestCommunity) throws -> Matrix {
            try lock.withLock {
                if let found = all[ObjectIdentifier(c)] { return found }
                let made = try Matrix(c)
                all[ObjectIdentifier(c)] = made
                return made
            }
        }

        /// The caller when the policy lets it in, else someone who would be.
        func actor(_ who: Who, _ p: Person?) -> Person {
            RoleMatrixTests.members.contains(who) ? p! : w.c.member
        }

        /// A post of `author` in the circle thread, reported by someone else: its queue item.
        func reportedPost(by author: Person) throws -> (itemID: String, postID: String) {
            let reporter = other(than: author)
            let payload = PostPayload(body: "Licences at a discount, DM me")
            let post = try w.post(circleThread, by: author, payload: payload)
            guard try w.send(post, as: author).status == 201 else { throw TestCommunity.Failure("post") }
            let report = try ModerationTests.report(w, payload, postID: post.postID, by: reporter)
            let sent = try ModerationTests.send(w, report, threadID: circleThread.threadID, as: reporter)
            guard let item = sent.json?["item_id"] as? String else { throw TestCommunity.Failure("report: \(sent.text)") }
            return (item, post.postID)
        }

        /// Someone else than `person` to add.
        func other(than person: Person) -> Person { person.id == w.c.expert.id ? w.c.member : w.c.expert }

        /// A new collaboration circle whose moderator is `person`.
        func moderatedCircle(by person: Person) throws -> (circle: String, keyring: String) {
            let made = try w.createCircle("Fixture", by: w.c.root)
            try w.setModerator(person, of: made.circle, by: w.c.root)
            return (made.circle, made.keyring)
        }
    }

    nonisolated(unsafe) static let threadFixtures: [String: Fixture] = [
        "moderationPolicy": { _, _, p in (.get, "/v1/policies/moderation", nil, p?.token, 200) },
        "circleList": { _, _, p in (.get, "/v1/circles", nil, p?.token, 200) },
        "circleCreate": { c, who, p in
            let m = try Matrix.of(c)
            let signer = p ?? c.root
            let payload = CircleCreatePayload(circleID: ThreadWorld.newID(), keyringID: ThreadWorld.newID(), name: "Matrix \(who.rawValue)")
            let entry = LogEntry.sign(communityID: m.w.communityID, seq: m.w.state.nextSeq, kind: .circleCreate, actorID: signer.id,
                                      payload: payload.bytes, prevHash: m.w.state.head, key: signer.signing)
            let body = ThreadWorld.CircleBody(circle_id: payload.circleID, keyring_id: payload.keyringID, name: "Matrix \(who.rawValue)", entry: .init(entry))
            return (.post, "/v1/circles", json(body), p?.token, 201)
        },
        "circleModerator": { c, _, p in
            let m = try Matrix.of(c)
            let circle = try m.w.createCircle("Appointed", by: c.root).circle
            let signer = p ?? c.root
            let payload = CircleModeratorPayload(circleID: circle, memberID: c.member.id, add: true)
            let entry = LogEntry.sign(communityID: m.w.communityID, seq: m.w.state.nextSeq, kind: .circleModerator, actorID: signer.id,
                                      payload: payload.bytes, prevHash: m.w.state.head, key: signer.signing)
            return (.post, "/v1/circles/\(circle)/moderators", json(ThreadWorld.ModeratorBody(member_id: c.member.id, add: true, entry: .init(entry))),
                    p?.token, 200)
        },
        "circleJoinRequest": { c, _, p in
            let circle = try Matrix.of(c).w.createCircle("Asked", by: c.root).circle
            return (.post, "/v1/circles/\(circle)/join-requests", json(ThreadWorld.Empty()), p?.token, 201)
        },
        "circleJoinRequests": { c, who, p in
            let m = try Matrix.of(c)
            let circle = try m.moderatedCircle(by: m.actor(who, p))
            return (.get, "/v1/circles/\(circle.circle)/join-requests", nil, p?.token, 200)
        },
        "circleMemberAdd": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let circle = try m.moderatedCircle(by: me)
            let entry = m.w.entry(circle.keyring, .add, me, by: me)
            return (.post, "/v1/circles/\(circle.circle)/members", json(ThreadWorld.AddBody(entry: .init(entry), wraps: [])), p?.token, 201)
        },
        "circleMemberRemove": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let circle = try m.moderatedCircle(by: me)
            try m.w.admit(me, to: circle, by: me)
            let entry = m.w.entry(circle.keyring, .leave, me, by: me)
            return (.delete, "/v1/circles/\(circle.circle)/members/\(me.id)", json(ThreadWorld.RemoveBody(entry: .init(entry), epoch: nil)), p?.token, 200)
        },
        "keyringShow": { c, _, p in (.get, "/v1/keyrings/\(try Matrix.of(c).circle.keyring)", nil, p?.token, 200) },
        "keyringLog": { c, _, p in (.get, "/v1/keyrings/\(try Matrix.of(c).circle.keyring)/log?after=-1", nil, p?.token, 200) },
        "keyringAppend": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let (record, _) = try m.w.participantThread(.red, by: me, with: [])
            let target = m.other(than: me)
            let entry = m.w.entry(record.keyringID, .add, target, by: me)
            let body = ThreadWorld.AddBody(entry: .init(entry), wraps: try m.w.history(record.keyringID, for: target, by: me))
            return (.post, "/v1/keyrings/\(record.keyringID)/log", json(body), p?.token, 201)
        },
        "keyringEpoch": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let (record, _) = try m.w.participantThread(.red, by: me, with: [])
            return (.post, "/v1/keyrings/\(record.keyringID)/epochs", json(try m.w.epoch(record.keyringID, for: [me], by: me)), p?.token, 201)
        },
        "keyringWraps": { c, who, p in
            // A holder added with the current epoch only; the caller gives it epoch 1 too.
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let target = m.other(than: me)
            let (record, _) = try m.w.participantThread(.red, by: me, with: [])
            _ = try m.w.call(.post, "/v1/keyrings/\(record.keyringID)/epochs", try m.w.epoch(record.keyringID, for: [me], by: me), as: me)
            let entry = m.w.entry(record.keyringID, .add, target, by: me)
            _ = try m.w.call(.post, "/v1/threads/\(record.threadID)/participants",
                             ThreadWorld.AddBody(entry: .init(entry), wraps: [.init(try m.w.wrap(record.keyringID, epoch: 2, for: target, by: me))]), as: me)
            let body = ThreadWorld.WrapsBody(wraps: [.init(try m.w.wrap(record.keyringID, epoch: 1, for: target, by: me))])
            return (.post, "/v1/keyrings/\(record.keyringID)/wraps", json(body), p?.token, 201)
        },
        "threadCreate": { c, who, p in
            let m = try Matrix.of(c)
            let record = m.w.record(.green, by: m.actor(who, p))
            let body = ThreadWorld.ThreadBody(record: .init(record), topics: ["awareness"], ask_experts: who == .member, participants: nil, epoch: nil)
            return (.post, "/v1/threads", json(body), p?.token, 201)
        },
        "threadList": { _, _, p in (.get, "/v1/threads?label=TLP:GREEN", nil, p?.token, 200) },
        "threadShow": { c, _, p in (.get, "/v1/threads/\(try Matrix.of(c).defaultThread.threadID)", nil, p?.token, 200) },
        "threadParticipantAdd": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let (record, _) = try m.w.participantThread(.red, by: me, with: [])
            let target = m.other(than: me)
            let body = ThreadWorld.AddBody(entry: .init(m.w.entry(record.keyringID, .add, target, by: me)),
                                           wraps: try m.w.history(record.keyringID, for: target, by: me))
            return (.post, "/v1/threads/\(record.threadID)/participants", json(body), p?.token, 201)
        },
        "threadParticipantRemove": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let target = m.other(than: me)
            let (record, _) = try m.w.participantThread(.red, by: me, with: [target])
            let body = ThreadWorld.RemoveBody(entry: .init(m.w.entry(record.keyringID, .remove, target, by: me)), epoch: nil)
            return (.delete, "/v1/threads/\(record.threadID)/participants/\(target.id)", json(body), p?.token, 200)
        },
        "postCreate": { c, who, p in
            let m = try Matrix.of(c)
            let post = try m.w.post(m.circleThread, by: m.actor(who, p))
            return (.post, "/v1/threads/\(m.circleThread.threadID)/posts", json(PostWire.Submit(post)), p?.token, 201)
        },
        "postList": { c, _, p in (.get, "/v1/threads/\(try Matrix.of(c).circleThread.threadID)/posts?after=0", nil, p?.token, 200) },
        "reportCreate": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let author = m.other(than: me)
            let payload = PostPayload(body: "Buy now")
            let post = try m.w.post(m.circleThread, by: author, payload: payload)
            guard try m.w.send(post, as: author).status == 201 else { throw TestCommunity.Failure("post") }
            let report = try ModerationTests.report(m.w, payload, postID: post.postID, by: me)
            return (.post, "/v1/threads/\(m.circleThread.threadID)/posts/\(post.postID)/reports", json(ReportWire.Submit(report)), p?.token, 201)
        },
        "maturityRecord": { c, _, p in
            struct Body: Encodable { let level: Int; let questions_version: String }
            return (.post, "/v1/org/maturity", json(Body(level: 3, questions_version: try MaturityAssessment.embedded().version)), p?.token, 201)
        },
        "alertImport": { _, _, p in
            (.post, "/v1/alerts/import", try AlertTests.advisory("bsi-2022-0001.json", trackingID: "MATRIX-\(UUID().uuidString)"), p?.token, 201)
        },
        "alertCreate": { _, _, p in
            struct Body: Encodable { let title: String; let summary: String; let severity: String; let label: String }
            return (.post, "/v1/alerts", json(Body(title: "Patch now", summary: "Exploited in the wild.", severity: "high", label: "TLP:CLEAR")),
                    p?.token, 201)
        },
        "alertList": { _, _, p in (.get, "/v1/alerts", nil, p?.token, 200) },
        "alertShow": { c, _, p in
            let body = try AlertTests.advisory("bsi-2022-0001.json", trackingID: "SHOW-\(UUID().uuidString)")
            let made = try c.service.call(.post, "/v1/alerts/import", body: body, contentType: "application/json", token: c.expert.token)
            guard let id = (made.json?["alert"] as? [String: Any])?["alert_id"] as? String else { throw TestCommunity.Failure("import: \(made.text)") }
            return (.get, "/v1/alerts/\(id)", nil, p?.token, 200)
        },
        "alertFeed": { _, _, p in (.get, "/v1/alerts.atom", nil, p?.token, 200) },
        "publicationIndex": { _, _, p in (.get, "/v1/publications/index", nil, p?.token, 200) },
        "questionQueue": { _, _, p in (.get, "/v1/questions", nil, p?.token, 200) },
        "questionClaim": { c, _, p in
            let m = try Matrix.of(c)
            let (record, made) = try m.w.circleThread(.green, circle: m.circle.circle, by: c.member, askExperts: true)
            guard made.status == 201 else { throw TestCommunity.Failure("thread: \(made.text)") }
            return (.post, "/v1/questions/\(record.threadID)/claim", nil, p?.token, 201)
        },
        "answerAccept": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let (record, _) = try m.w.circleThread(.green, circle: m.circle.circle, by: me, askExperts: true)
            let answer = try m.w.post(record, by: m.other(than: me))
            guard try m.w.send(answer, as: m.other(than: me)).status == 201 else { throw TestCommunity.Failure("answer") }
            struct Body: Encodable { let post_id: String }
            return (.post, "/v1/threads/\(record.threadID)/accepted", json(Body(post_id: answer.postID)), p?.token, 200)
        },
        "orgSharing": { _, _, p in (.put, "/v1/org/sharing", json(QuestionRoutes.SharingRequest(share_with_experts: true)), p?.token, 200) },
        "subscriptionsShow": { _, _, p in (.get, "/v1/subscriptions", nil, p?.token, 200) },
        "subscriptionsSet": { _, _, p in
            (.put, "/v1/subscriptions", json(NotificationRoutes.SubscriptionsJSON(topics: ["phishing"], products: ["Exchange"])), p?.token, 200)
        },
        "notificationList": { _, _, p in (.get, "/v1/notifications", nil, p?.token, 200) },
        "notificationRead": { _, _, p in (.post, "/v1/notifications/read", nil, p?.token, 204) },
        "feedTokenCreate": { _, _, p in (.post, "/v1/feed-token", nil, p?.token, 201) },
        "feedTokenRevoke": { _, _, p in (.delete, "/v1/feed-token", nil, p?.token, 204) },
        "memberFeed": { c, _, p in
            let made = try c.service.call(.post, "/v1/feed-token", token: c.member.token)
            guard let url = made.json?["url"] as? String, let range = url.range(of: "/v1/feeds/") else { throw TestCommunity.Failure("feed: \(made.text)") }
            return (.get, String(url[range.lowerBound...]), nil, p?.token, 200)
        },
        "maturityHistory": { _, _, p in (.get, "/v1/org/maturity", nil, p?.token, 200) },
        "maturityStatistics": { _, _, p in (.get, "/v1/maturity/statistics", nil, p?.token, 200) },
        "maturityPolicy": { _, _, p in (.get, "/v1/policies/maturity", nil, p?.token, 200) },
        "moderationQueue": { _, _, p in (.get, "/v1/moderation/queue?state=all", nil, p?.token, 200) },
        "moderationAppeals": { _, _, p in (.get, "/v1/moderation/appeals", nil, p?.token, 200) },
        "moderationMine": { _, _, p in (.get, "/v1/moderation/mine", nil, p?.token, 200) },
        "moderationItem": { c, _, p in
            let m = try Matrix.of(c)
            let (item, _) = try m.reportedPost(by: c.member)
            return (.get, "/v1/moderation/items/\(item)", nil, p?.token, 200)
        },
        "moderationDecide": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let (item, post) = try m.reportedPost(by: c.member)
            let decision = Decision.sign(.dismiss, reason: "fine", communityID: c.service.communityID, subjectID: post, moderatorID: me.id,
                                         moderatorCertHash: m.w.certHash(me), key: me.signing)
            return (.post, "/v1/moderation/items/\(item)/decisions", json(ReportWire.DecisionRequest(decision)), p?.token, 201)
        },
        "moderationAppeal": { c, who, p in
            let m = try Matrix.of(c)
            let me = m.actor(who, p)
            let (item, post) = try m.reportedPost(by: me)
            let decider = me.id == c.moderator.id ? c.root : c.moderator
            let decided = try ModerationTests.decide(m.w, item, subject: post, .approve, reason: "fine", by: decider)
            guard decided.status == 201 else { throw TestCommunity.Failure("decide: \(decided.text)") }
            return (.post, "/v1/moderation/items/\(item)/appeal", json(ModerationTests.Reason(reason: "please look again")), p?.token, 201)
        },
    ]
}
