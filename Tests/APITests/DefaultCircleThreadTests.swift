import Client
import Core
import Crypto
import Foundation
import HTTP
import enum Moderation.PolicyBundle
import Protocol
import Testing
@testable import API

/// GREEN threads in the default circle: epoch 1 of the default keyring for
/// every active member, posts under it, approvals that carry circle_wraps.
@Suite struct DefaultCircleThreadTests {
    @Test func aGreenThreadInTheDefaultCircle() throws {
        let w = try ThreadWorld()
        let (record, created) = try w.circleThread(.green, by: w.c.member, topics: ["phishing", "awareness"])
        #expect(created.status == 201, "\(created.text)")
        #expect(created.headers.contains { $0.name == "TLP" && $0.value == "TLP:GREEN" })
        #expect(created.json?["label"] as? String == "TLP:GREEN")

        // No epoch yet: posting is refused until a holder creates one.
        let early = try w.send(try w.post(record, by: w.c.member, epoch: 1, key: SecureBytes.random(count: 32)), as: w.c.member)
        #expect(early.status == 422)
        #expect(early.problemType == "urn:trustforum:problem:no-epoch")

        #expect(try w.defaultEpoch(by: w.c.member).status == 201)
        // Every active member opens its own wrap, and gets the same key.
        for person in w.active {
            let keys = try w.openKeys(w.communityID, as: person)
            #expect(keys[1] == w.keys[w.communityID]![1], "\(person.id)")
        }
        let sent = try w.send(try w.post(record, by: w.c.member), as: w.c.member)
        #expect(sent.status == 201, "\(sent.text)")
        #expect(sent.json?["seq"] as? Int == 1)
        let reply = try w.send(try w.post(record, by: w.c.expert, body: "Yes; block the sender domain."), as: w.c.expert)
        #expect(reply.json?["seq"] as? Int == 2)

        // Everyone in the circle reads; the posts open with the epoch key.
        let list = try w.get("/v1/threads/\(record.threadID)/posts?after=0", as: w.c.orgAdmin)
        #expect(list.status == 200)
        #expect(list.headers.contains { $0.name == "TLP" && $0.value == "TLP:GREEN" })
        #expect(list.json?["label"] as? String == "TLP:GREEN")
        let posts = try JSONDecoder().decode(ThreadsListOfPosts.self, from: Data(list.body)).posts
        #expect(posts.map(\.seq) == [1, 2])
        let opened = try posts[1].post.post(communityID: w.communityID).open(with: w.keys[w.communityID]![1]!)
        #expect(opened.body == "Yes; block the sender domain.")
        #expect(list.json?["next_after"] as? Int == 2)

        let threads = try w.get("/v1/threads?label=TLP:GREEN&topic=phishing", as: w.c.expert)
        #expect((threads.json?["threads"] as? [[String: Any]])?.first?["post_count"] as? Int == 2)
        #expect((try w.get("/v1/threads?topic=ransomware", as: w.c.expert).json?["threads"] as? [[String: Any]])?.isEmpty == true)
        // Applicants and strangers are not members.
        #expect(try w.get("/v1/threads/\(record.threadID)", as: w.c.applicant).status == 403)
        #expect(try w.get("/v1/threads/\(record.threadID)", as: nil).status == 401)
    }

    @Test func epochsAreForExactlyTheHoldersAndOneWinsARace() throws {
        let w = try ThreadWorld()
        let missing = try w.epoch(w.communityID, for: [w.c.root, w.c.moderator, w.c.member, w.c.orgAdmin], by: w.c.member, keep: false)
        let refused = try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", missing, as: w.c.member)
        #expect(refused.status == 422)
        #expect(refused.problemType == "urn:trustforum:problem:wrong-holder-set")
        #expect(refused.json?["missing"] as? [String] == [w.c.expert.id])

        // The suspended member is not a holder.
        let extra = try w.epoch(w.communityID, for: w.active + [w.c.suspended], by: w.c.member, keep: false)
        let refusedExtra = try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", extra, as: w.c.member)
        #expect(refusedExtra.status == 422)
        #expect(refusedExtra.json?["extra"] as? [String] == [w.c.suspended.id])

        // Bound to an old head of the community log: refused.
        let stale = try w.epoch(w.communityID, for: w.active, by: w.c.member, head: (0, w.state.head), keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", stale, as: w.c.member).status == 409)

        // Two clients race for epoch 1: the first wins, the second gets 409.
        let first = try w.epoch(w.communityID, for: w.active, by: w.c.member)
        let second = try w.epoch(w.communityID, number: 1, for: w.active, by: w.c.expert, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", first, as: w.c.member).status == 201)
        let lost = try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", second, as: w.c.expert)
        #expect(lost.status == 409)
        #expect(lost.problemType == "urn:trustforum:problem:epoch-taken")

        // Someone else's wrap signature, or a creator who is not the caller.
        var forged = try w.epoch(w.communityID, for: w.active, by: w.c.member, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", forged, as: w.c.expert).status == 422)
        forged = try w.epoch(w.communityID, number: 3, for: w.active, by: w.c.member, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", forged, as: w.c.member).status == 422)

        let keyring = try w.get("/v1/keyrings/\(w.communityID)", as: w.c.expert)
        #expect(keyring.json?["kind"] as? String == "default")
        #expect(keyring.json?["current_epoch"] as? Int == 1)
        #expect((keyring.json?["wraps"] as? [[String: Any]])?.count == 1)
        #expect(try w.get("/v1/keyrings/\(w.communityID)/log", as: w.c.expert).status == 400)
    }

    @Test func approvalsCarryTheDefaultKeyringsWraps() throws {
        let w = try ThreadWorld()
        #expect(try w.defaultEpoch(by: w.c.member).status == 201)
        // Without a wrap of the current epoch the approval is refused, and nothing of it stays.
        let (refused, noWraps) = try w.admitToCommunity(Person.new(), by: w.c.moderator, epochs: [])
        #expect(noWraps.status == 422, "\(noWraps.text)")
        #expect(noWraps.problemType == "urn:trustforum:problem:missing-wrap")
        #expect(w.state.member(refused.id) == nil)

        let (fresh, approved) = try w.admitToCommunity(Person.new(), by: w.c.moderator)
        #expect(approved.status == 200, "\(approved.text)")
        #expect(try w.openKeys(w.communityID, as: fresh)[1] == w.keys[w.communityID]![1])
        // Now a holder: the next epoch must include the newcomer.
        let without = try w.epoch(w.communityID, for: w.active, by: w.c.member, keep: false)
        let response = try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", without, as: w.c.member)
        #expect(response.json?["missing"] as? [String] == [fresh.id])
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", try w.epoch(w.communityID, for: w.active + [fresh], by: fresh),
                           as: fresh).status == 201)
    }

    @Test func theModerationPolicyIsServedWithItsVersion() throws {
        let w = try ThreadWorld()
        let response = try w.get("/v1/policies/moderation", as: nil)
        #expect(response.status == 200)
        let bundle = try Base64.decode(response.json?["bundle"] as? String ?? "")
        #expect(bundle == PolicyBundle.embedded)
        #expect(response.json?["version"] as? String == Hex.encode(GenericHash.hash(bundle)))
    }

    @Test func circleThreadsRefuseParticipantsAndOtherKeyrings() throws {
        let w = try ThreadWorld()
        let wrongKeyring = w.record(.green, keyring: ThreadWorld.newID(), by: w.c.member)
        let body = ThreadWorld.ThreadBody(record: .init(wrongKeyring), topics: ["phishing"], ask_experts: false, participants: nil, epoch: nil)
        #expect(try w.call(.post, "/v1/threads", body, as: w.c.member).status == 422)
        let badTopic = ThreadWorld.ThreadBody(record: .init(w.record(.green, by: w.c.member)), topics: ["crypto-scams"], ask_experts: false,
                                              participants: nil, epoch: nil)
        #expect(try w.call(.post, "/v1/threads", badTopic, as: w.c.member).status == 400)
        let (record, created) = try w.circleThread(.clear, by: w.c.member)
        #expect(created.status == 201)
        // The same thread id again is refused.
        let again = ThreadWorld.ThreadBody(record: .init(record), topics: ["phishing"], ask_experts: false, participants: nil, epoch: nil)
        #expect(try w.call(.post, "/v1/threads", again, as: w.c.member).status == 409)
        // Someone else's record.
        #expect(try w.call(.post, "/v1/threads", ThreadWorld.ThreadBody(record: .init(w.record(.green, by: w.c.member)), topics: ["phishing"],
                                                                        ask_experts: false, participants: nil, epoch: nil), as: w.c.expert).status == 422)
        let add = w.c.orgAdmin
        let entry = MembershipEntry.sign(keyringID: w.communityID, seq: 1, action: .add, memberID: add.id, memberCertHash: w.certHash(add),
                                         prevHash: w.state.head, actorID: w.c.member.id, key: w.c.member.signing)
        let participants = try w.call(.post, "/v1/threads/\(record.threadID)/participants",
                                      ThreadWorld.AddBody(entry: .init(entry), wraps: []), as: w.c.member)
        #expect(participants.status == 400)
    }
}

/// The post list as a reader decodes it.
struct ThreadsListOfPosts: Decodable {
    let thread_id: String
    let label: String
    let posts: [PostWire.Stored]
    let next_after: UInt64
}
