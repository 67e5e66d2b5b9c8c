import Client
import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Store
import Testing
@testable import API

/// Circles: created and given moderators by admins through the community
/// log; members ask, moderators admit with wraps and remove with rotation.
@Suite struct CircleTests {
    @Test func aCircleFromCreationToRemoval() throws {
        let w = try ThreadWorld()
        let circle = try w.createCircle("Metal sector Brabant", by: w.c.root)
        #expect(circle.response.status == 201, "\(circle.response.text)")
        #expect(circle.response.json?["seq"] as? Int == Int(w.state.nextSeq) - 1)
        // Only admins create circles and appoint their moderators.
        #expect(try w.createCircle("Not mine", by: w.c.moderator).response.status == 403)
        #expect(try w.setModerator(w.c.member, of: circle.circle, by: w.c.moderator).status == 403)
        #expect(try w.setModerator(w.c.moderator, of: circle.circle, by: w.c.root).status == 200)
        #expect(w.state.isCircleModerator(w.c.moderator.id, of: circle.circle))

        // Its moderator reads the (empty) log it signs entries after; others do not see the keyring.
        let log = try w.get("/v1/keyrings/\(circle.keyring)/log", as: w.c.moderator)
        #expect(log.status == 200)
        #expect((log.json?["head"] as? [String: Any])?["seq"] as? Int == -1)
        #expect(try w.get("/v1/keyrings/\(circle.keyring)/log", as: w.c.expert).status == 404)
        #expect(try w.get("/v1/keyrings/\(circle.keyring)", as: w.c.moderator).status == 404)

        // The moderator joins first and creates epoch 1 for itself.
        #expect(try w.admit(w.c.moderator, to: (circle.circle, circle.keyring), by: w.c.moderator).status == 201)
        #expect(try w.call(.post, "/v1/keyrings/\(circle.keyring)/epochs", try w.epoch(circle.keyring, for: [w.c.moderator], by: w.c.moderator),
                           as: w.c.moderator).status == 201)

        // A member asks to join; asking again is the same request.
        let asked = try w.call(.post, "/v1/circles/\(circle.circle)/join-requests", ThreadWorld.Empty(), as: w.c.member)
        #expect(asked.status == 201)
        #expect(try w.call(.post, "/v1/circles/\(circle.circle)/join-requests", ThreadWorld.Empty(), as: w.c.member).status == 200)
        #expect(try w.call(.post, "/v1/circles/\(circle.circle)/join-requests", ThreadWorld.Empty(), as: w.c.moderator).status == 409)
        // Only the circle's moderators see the requests.
        #expect(try w.get("/v1/circles/\(circle.circle)/join-requests", as: w.c.expert).status == 403)
        let requests = try w.get("/v1/circles/\(circle.circle)/join-requests", as: w.c.moderator)
        #expect((requests.json?["requests"] as? [[String: Any]])?.map { $0["member_id"] as? String } == [w.c.member.id])

        // Not a moderator: cannot admit. The moderator admits with the epoch's wrap.
        let byOther = w.entry(circle.keyring, .add, w.c.expert, by: w.c.member)
        #expect(try w.call(.post, "/v1/circles/\(circle.circle)/members", ThreadWorld.AddBody(entry: .init(byOther), wraps: []),
                           as: w.c.member).status == 403)
        let noWrap = try w.call(.post, "/v1/circles/\(circle.circle)/members",
                                ThreadWorld.AddBody(entry: .init(w.entry(circle.keyring, .add, w.c.member, by: w.c.moderator)), wraps: []),
                                as: w.c.moderator)
        #expect(noWrap.status == 422)
        #expect(try w.admit(w.c.member, to: (circle.circle, circle.keyring), by: w.c.moderator).status == 201)
        #expect(try w.openKeys(circle.keyring, as: w.c.member)[1] == w.keys[circle.keyring]![1])
        #expect((try w.get("/v1/circles/\(circle.circle)/join-requests", as: w.c.moderator).json?["requests"] as? [Any])?.isEmpty == true)
        #expect(try w.admit(w.c.expert, to: (circle.circle, circle.keyring), by: w.c.moderator).status == 201)

        let list = try w.get("/v1/circles", as: w.c.member).json?["circles"] as? [[String: Any]]
        let mine = list?.first { $0["circle_id"] as? String == circle.circle }
        #expect(mine?["name"] as? String == "Metal sector Brabant")
        #expect(mine?["member"] as? Bool == true)
        #expect(mine?["moderator"] as? Bool == false)
        #expect(mine?["current_epoch"] as? Int == 1)
        #expect(list?.first?["is_default"] as? Bool == true)

        // Removal with rotation in the same request: epoch 2 for the holders after it.
        let remove = w.entry(circle.keyring, .remove, w.c.expert, by: w.c.moderator)
        let wrongSet = try w.epoch(circle.keyring, for: [w.c.moderator, w.c.member, w.c.expert], by: w.c.moderator, head: (remove.seq, remove.hash), keep: false)
        let refused = try w.call(.delete, "/v1/circles/\(circle.circle)/members/\(w.c.expert.id)",
                                 ThreadWorld.RemoveBody(entry: .init(remove), epoch: wrongSet), as: w.c.moderator)
        #expect(refused.status == 422)
        #expect(refused.json?["extra"] as? [String] == [w.c.expert.id])
        let next = try w.epoch(circle.keyring, for: [w.c.moderator, w.c.member], by: w.c.moderator, head: (remove.seq, remove.hash))
        let removed = try w.call(.delete, "/v1/circles/\(circle.circle)/members/\(w.c.expert.id)",
                                 ThreadWorld.RemoveBody(entry: .init(remove), epoch: next), as: w.c.moderator)
        #expect(removed.status == 200, "\(removed.text)")
        #expect(removed.json?["current_epoch"] as? Int == 2)
        #expect(removed.json?["rotation_required"] as? Bool == false)
        #expect(try w.get("/v1/keyrings/\(circle.keyring)", as: w.c.expert).status == 404)
        // Another member cannot remove; a member leaves on its own.
        let byMember = w.entry(circle.keyring, .remove, w.c.moderator, by: w.c.member)
        #expect(try w.call(.delete, "/v1/circles/\(circle.circle)/members/\(w.c.moderator.id)",
                           ThreadWorld.RemoveBody(entry: .init(byMember), epoch: nil), as: w.c.member).status == 403)
        let leave = w.entry(circle.keyring, .leave, w.c.member, by: w.c.member)
        let left = try w.call(.delete, "/v1/circles/\(circle.circle)/members/\(w.c.member.id)", ThreadWorld.RemoveBody(entry: .init(leave), epoch: nil),
                              as: w.c.member)
        #expect(left.json?["rotation_required"] as? Bool == true)

        // Admissions are audited by id.
        let codes = try w.service.database.read { conn in try conn.query("SELECT action FROM audit_log").map { try $0.string(at: 0) } }
        #expect(codes.contains("circle.create") && codes.contains("circle.moderator") && codes.contains("circle.add") && codes.contains("circle.remove"))
    }

    @Test func theDefaultCircleIsVetting() throws {
        let w = try ThreadWorld()
        #expect(try w.call(.post, "/v1/circles/\(w.communityID)/join-requests", ThreadWorld.Empty(), as: w.c.member).status == 400)
        #expect(try w.get("/v1/circles/\(w.communityID)/join-requests", as: w.c.moderator).status == 400)
        #expect(try w.setModerator(w.c.member, of: w.communityID, by: w.c.root).status == 400)
        #expect(try w.get("/v1/circles/\(ThreadWorld.newID())/join-requests", as: w.c.moderator).status == 404)
        let circles = try w.get("/v1/circles", as: w.c.expert).json?["circles"] as? [[String: Any]]
        #expect(circles?.count == 1)
        #expect(circles?.first?["member"] as? Bool == true)
        #expect(circles?.first?["keyring_id"] as? String == w.communityID)
    }

    @Test func circleNamesAndIdsAreChecked() throws {
        let w = try ThreadWorld()
        #expect(try w.createCircle(" padded", by: w.c.root).response.status == 400)
        #expect(try w.createCircle(String(repeating: "x", count: 101), by: w.c.root).response.status == 400)
        let first = try w.createCircle("Water", by: w.c.root)
        #expect(try w.createCircle("Again", by: w.c.root, circleID: first.circle).response.status == 422)
        // A thread keyring's id cannot become a circle's.
        let (red, _) = try w.participantThread(.red, by: w.c.member, with: [])
        #expect(try w.createCircle("Taken", by: w.c.root, keyringID: red.keyringID).response.status == 409)
        // A signature over another name.
        let payload = CircleCreatePayload(circleID: ThreadWorld.newID(), keyringID: ThreadWorld.newID(), name: "Signed")
        let entry = LogEntry.sign(communityID: w.communityID, seq: w.state.nextSeq, kind: .circleCreate, actorID: w.c.root.id, payload: payload.bytes,
                                  prevHash: w.state.head, key: w.c.root.signing)
        let body = ThreadWorld.CircleBody(circle_id: payload.circleID, keyring_id: payload.keyringID, name: "Sent", entry: .init(entry))
        #expect(try w.call(.post, "/v1/circles", body, as: w.c.root).status == 422)
    }
}
