import Client
import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Testing
@testable import API

/// AMBER, AMBER+STRICT and RED threads: their own keyring, participants
/// added and removed by the TLP rules, and 404 for everyone else.
@Suite struct ParticipantThreadTests {
    @Test func anAmberThreadWithParticipants() throws {
        let w = try ThreadWorld()
        let author = w.c.member
        let (record, created) = try w.participantThread(.amber, by: author, with: [w.c.orgAdmin])
        #expect(created.status == 201, "\(created.text)")
        #expect(created.headers.contains { $0.name == "TLP" && $0.value == "TLP:AMBER" })
        #expect(try w.send(try w.post(record, by: w.c.orgAdmin), as: w.c.orgAdmin).status == 201)

        // Non-participants do not learn the thread exists: 404 everywhere, never 403.
        for outsider in [w.c.expert, w.c.moderator, w.c.root] {
            #expect(try w.get("/v1/threads/\(record.threadID)", as: outsider).status == 404)
            #expect(try w.get("/v1/threads/\(record.threadID)/posts", as: outsider).status == 404)
            #expect(try w.get("/v1/keyrings/\(record.keyringID)", as: outsider).status == 404)
            #expect(try w.get("/v1/keyrings/\(record.keyringID)/log", as: outsider).status == 404)
            #expect(try w.send(try w.post(record, by: outsider), as: outsider).status == 404)
            let threads = try w.get("/v1/threads", as: outsider).json?["threads"] as? [[String: Any]]
            #expect(threads?.contains { $0["thread_id"] as? String == record.threadID } == false)
        }
        let unknown = try w.get("/v1/threads/\(ThreadWorld.newID())", as: w.c.expert)
        let hidden = try w.get("/v1/threads/\(record.threadID)", as: w.c.expert)
        #expect(unknown.text.replacingOccurrences(of: "\"request_id\":\"t\"", with: "") == hidden.text.replacingOccurrences(of: "\"request_id\":\"t\"", with: ""))

        // A participant adds an expert (the rules allow it), with history.
        let addExpert = w.entry(record.keyringID, .add, w.c.expert, by: w.c.orgAdmin)
        let added = try w.call(.post, "/v1/threads/\(record.threadID)/participants",
                               ThreadWorld.AddBody(entry: .init(addExpert), wraps: try w.history(record.keyringID, for: w.c.expert, by: w.c.orgAdmin)),
                               as: w.c.orgAdmin)
        #expect(added.status == 201, "\(added.text)")
        #expect(try w.openKeys(record.keyringID, as: w.c.expert)[1] == w.keys[record.keyringID]![1])
        #expect(try w.get("/v1/threads/\(record.threadID)/posts", as: w.c.expert).status == 200)

        // A participant may not add a non-colleague who is no expert; the author may.
        let byParticipant = w.entry(record.keyringID, .add, w.c.moderator, by: w.c.orgAdmin)
        let refused = try w.call(.post, "/v1/threads/\(record.threadID)/participants",
                                 ThreadWorld.AddBody(entry: .init(byParticipant), wraps: try w.history(record.keyringID, for: w.c.moderator, by: w.c.orgAdmin)),
                                 as: w.c.orgAdmin)
        #expect(refused.status == 403, "\(refused.text)")
        // An add without the current epoch's wrap is refused.
        let noWrap = try w.call(.post, "/v1/threads/\(record.threadID)/participants",
                                ThreadWorld.AddBody(entry: .init(w.entry(record.keyringID, .add, w.c.moderator, by: author)), wraps: []), as: author)
        #expect(noWrap.problemType == "urn:trustforum:problem:missing-wrap")
        let byAuthor = try w.call(.post, "/v1/threads/\(record.threadID)/participants",
                                  ThreadWorld.AddBody(entry: .init(w.entry(record.keyringID, .add, w.c.moderator, by: author)),
                                                      wraps: try w.history(record.keyringID, for: w.c.moderator, by: author)), as: author)
        #expect(byAuthor.status == 201)

        // Only the author removes; with the next epoch in the same request.
        let notAuthor = w.entry(record.keyringID, .remove, w.c.moderator, by: w.c.orgAdmin)
        #expect(try w.call(.delete, "/v1/threads/\(record.threadID)/participants/\(w.c.moderator.id)",
                           ThreadWorld.RemoveBody(entry: .init(notAuthor), epoch: nil), as: w.c.orgAdmin).status == 403)
        let remove = w.entry(record.keyringID, .remove, w.c.moderator, by: author)
        let next = try w.epoch(record.keyringID, for: [author, w.c.orgAdmin, w.c.expert], by: author, head: (remove.seq, remove.hash))
        let removed = try w.call(.delete, "/v1/threads/\(record.threadID)/participants/\(w.c.moderator.id)",
                                 ThreadWorld.RemoveBody(entry: .init(remove), epoch: next), as: author)
        #expect(removed.status == 200, "\(removed.text)")
        #expect(removed.json?["current_epoch"] as? Int == 2)
        #expect(removed.json?["rotation_required"] as? Bool == false)
        #expect(try w.get("/v1/threads/\(record.threadID)", as: w.c.moderator).status == 404)
        // The removed member got no wrap of epoch 2.
        #expect(w.ring(record.keyringID).holders(w.state) == [author.id, w.c.orgAdmin.id, w.c.expert.id])

        // Anyone leaves; without an epoch the keyring must rotate before the next post.
        let leave = w.entry(record.keyringID, .leave, w.c.expert, by: w.c.expert)
        let left = try w.call(.delete, "/v1/threads/\(record.threadID)/participants/\(w.c.expert.id)",
                              ThreadWorld.RemoveBody(entry: .init(leave), epoch: nil), as: w.c.expert)
        #expect(left.status == 200)
        #expect(left.json?["rotation_required"] as? Bool == true)
        let blocked = try w.send(try w.post(record, by: author), as: author)
        #expect(blocked.status == 422)
        #expect(blocked.problemType == "urn:trustforum:problem:rotation-required")
        #expect(try w.call(.post, "/v1/keyrings/\(record.keyringID)/epochs", try w.epoch(record.keyringID, for: [author, w.c.orgAdmin], by: w.c.orgAdmin),
                           as: w.c.orgAdmin).status == 201)
        #expect(try w.send(try w.post(record, by: author), as: author).status == 201)

        // The log replays on the client's side with the same checks.
        let log = try w.get("/v1/keyrings/\(record.keyringID)/log", as: author)
        #expect(log.headers.contains { $0.name == "TLP" && $0.value == "TLP:AMBER" })
        let parsed = try JSONDecoder().decode(LogBody.self, from: Data(log.body))
        var replay = try KeyringLog.thread(try parsed.record!.record(communityID: w.communityID), community: w.state)
        for entry in parsed.entries { try replay.apply(try entry.entry(keyringID: record.keyringID), community: w.state) }
        #expect(replay.head == w.ring(record.keyringID).log!.head)
        #expect(replay.holders(community: w.state) == [author.id, w.c.orgAdmin.id])
    }

    struct LogBody: Decodable {
        let record: KeyringWire.Record?
        let entries: [KeyringWire.Entry]
    }

    @Test func creationChecksTheParticipantsAndTheEpoch() throws {
        let w = try ThreadWorld()
        // AMBER+STRICT: participants of the author's organisation only (and experts the author names).
        #expect(try w.participantThread(.amberStrict, by: w.c.member, with: [w.c.orgAdmin, w.c.expert]).1.status == 201)
        let strict = try w.participantThread(.amberStrict, by: w.c.member, with: [w.c.moderator]).1
        #expect(strict.status == 403, "\(strict.text)")
        // RED: whom the author names.
        #expect(try w.participantThread(.red, by: w.c.member, with: [w.c.moderator, w.c.expert]).1.status == 201)
        // The suspended member cannot be added.
        #expect(try w.participantThread(.amber, by: w.c.member, with: [w.c.suspended]).1.status == 422)
        // Epoch 1 must wrap for exactly the holders.
        let wrong = try w.participantThread(.amber, by: w.c.member, with: [w.c.orgAdmin], epochHolders: [w.c.member])
        #expect(wrong.1.status == 422)
        #expect(wrong.1.json?["missing"] as? [String] == [w.c.orgAdmin.id])
        // Without an epoch: refused.
        let record = w.record(.red, by: w.c.member)
        let body = ThreadWorld.ThreadBody(record: .init(record), topics: ["ransomware"], ask_experts: false, participants: [], epoch: nil)
        #expect(try w.call(.post, "/v1/threads", body, as: w.c.member).problemType == "urn:trustforum:problem:epoch-required")
        // A keyring id that is taken (the community's, another thread's).
        let taken = w.record(.red, keyring: w.communityID, by: w.c.member)
        let (first, _) = try w.participantThread(.red, by: w.c.member, with: [])
        let reused = w.record(.red, keyring: first.keyringID, by: w.c.member)
        for record in [taken, reused] {
            let body = ThreadWorld.ThreadBody(record: .init(record), topics: ["ransomware"], ask_experts: false, participants: [],
                                              epoch: try w.epoch(record.keyringID, number: 1, for: [w.c.member], by: w.c.member,
                                                                 head: (0, record.hash), keep: false))
            #expect(try w.call(.post, "/v1/threads", body, as: w.c.member).status == 409)
        }
        // A label outside the TLP set does not parse.
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(body)) as! [String: Any]
        var recordJSON = json["record"] as! [String: Any]
        recordJSON["label"] = "TLP:WHITE"
        json["record"] = recordJSON
        let bad = try w.service.call(.post, "/v1/threads", body: Array(try JSONSerialization.data(withJSONObject: json)),
                                     contentType: "application/json", token: w.c.member.token)
        #expect(bad.status == 400)
    }

    @Test func threadsInACircleAreForItsMembers() throws {
        let w = try ThreadWorld()
        let circle = try w.createCircle("Port of Rotterdam", by: w.c.root)
        #expect(circle.response.status == 201, "\(circle.response.text)")
        #expect(try w.setModerator(w.c.moderator, of: circle.circle, by: w.c.root).status == 200)
        #expect(try w.admit(w.c.moderator, to: (circle.circle, circle.keyring), by: w.c.moderator).status == 201)
        #expect(try w.admit(w.c.member, to: (circle.circle, circle.keyring), by: w.c.moderator).status == 201)
        // Not in the circle: no threads there.
        let outsider = try w.circleThread(.green, circle: circle.circle, by: w.c.expert).1
        #expect(outsider.status == 403)
        let (green, created) = try w.circleThread(.green, circle: circle.circle, by: w.c.member)
        #expect(created.status == 201)
        #expect(try w.get("/v1/threads/\(green.threadID)", as: w.c.expert).status == 404)
        #expect(try w.get("/v1/threads/\(green.threadID)", as: w.c.moderator).status == 200)
        // AMBER in a circle: the author adds circle members; not members outside it,
        // experts included (a circle moderator admits an expert to the circle first).
        #expect(try w.participantThread(.amber, circle: circle.circle, by: w.c.member, with: [w.c.moderator]).1.status == 201)
        #expect(try w.participantThread(.amber, circle: circle.circle, by: w.c.member, with: [w.c.orgAdmin]).1.status == 403)
        #expect(try w.participantThread(.amber, circle: circle.circle, by: w.c.member, with: [w.c.expert]).1.status == 403)
        let listed = try w.get("/v1/threads?circle=\(circle.circle)", as: w.c.member).json?["threads"] as? [[String: Any]]
        #expect(listed?.count == 2)
    }
}
