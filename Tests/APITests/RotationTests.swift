import Client
import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Store
import Testing
@testable import API

/// Sanctions mark keyrings rotation_required; a new epoch without the
/// sanctioned member clears it; and everything survives a restart.
@Suite struct RotationTests {
    @Test func suspensionMarksEveryKeyringTheMemberHeld() throws {
        let w = try ThreadWorld()
        var target = try w.c.admit(Person.new(), role: .member, by: w.c.moderator)
        target.token = try w.c.login(target)
        let holders = w.active + [target]
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", try w.epoch(w.communityID, for: holders, by: w.c.member), as: w.c.member).status == 201)
        let (green, _) = try w.circleThread(.green, by: w.c.member)
        let (amber, created) = try w.participantThread(.amber, by: w.c.member, with: [target])
        #expect(created.status == 201)
        let (other, _) = try w.participantThread(.red, by: w.c.member, with: [w.c.orgAdmin])
        #expect(try w.send(try w.post(amber, by: target), as: target).status == 201)

        #expect(try w.c.sanction(.suspend, target, by: w.c.moderator).status == 200)
        // The suspended member is out at once.
        #expect(try w.get("/v1/threads/\(amber.threadID)", as: target).status == 401)
        #expect(try w.send(try w.post(amber, by: target), as: target).status == 401)
        // Its keyrings (the default one and the AMBER thread's) must rotate; the RED thread's need not.
        #expect(w.ring(w.communityID).rotationRequired)
        #expect(w.ring(amber.keyringID).rotationRequired)
        #expect(!w.ring(other.keyringID).rotationRequired)
        let blocked = try w.send(try w.post(green, by: w.c.member), as: w.c.member)
        #expect(blocked.status == 422)
        #expect(blocked.problemType == "urn:trustforum:problem:rotation-required")
        #expect(try w.send(try w.post(other, by: w.c.member), as: w.c.member).status == 201)
        let circles = try w.get("/v1/circles", as: w.c.member).json?["circles"] as? [[String: Any]]
        #expect(circles?.first?["rotation_required"] as? Bool == true)

        // A new epoch must leave the suspended member out.
        let including = try w.epoch(w.communityID, for: holders, by: w.c.member, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", including, as: w.c.member).status == 422)
        #expect(try w.call(.post, "/v1/keyrings/\(w.communityID)/epochs", try w.epoch(w.communityID, for: w.active, by: w.c.member), as: w.c.member).status == 201)
        #expect(!w.ring(w.communityID).rotationRequired)
        // Old-epoch posts stay refused; current ones go through.
        #expect(try w.send(try w.post(green, by: w.c.member, epoch: 1), as: w.c.member).status == 409)
        #expect(try w.send(try w.post(green, by: w.c.member), as: w.c.member).status == 201)
        #expect(try w.call(.post, "/v1/keyrings/\(amber.keyringID)/epochs", try w.epoch(amber.keyringID, for: [w.c.member], by: w.c.member),
                           as: w.c.member).status == 201)
        #expect(try w.send(try w.post(amber, by: w.c.member), as: w.c.member).status == 201)
        // The suspended member never got a wrap of the new epochs.
        let wraps = try w.service.database.read { conn in try KeyringStore.wraps(conn, keyringID: w.communityID, recipientID: target.id) }
        #expect(wraps.map(\.epoch) == [1])
    }

    @Test func removalFromTheCommunityToo() throws {
        let w = try ThreadWorld()
        try w.defaultEpoch(by: w.c.root)
        var target = try w.admitToCommunity(Person.new(), by: w.c.moderator).0
        target.token = try w.c.login(target)
        #expect(!w.ring(w.communityID).rotationRequired)
        #expect(try w.c.sanction(.revoke, target, by: w.c.moderator).status == 200)
        #expect(w.ring(w.communityID).rotationRequired)
        #expect(try w.get("/v1/keyrings/\(w.communityID)", as: target).status == 401)
    }

    @Test func theRegistryReplaysAfterARestart() throws {
        let w = try ThreadWorld()
        try w.defaultEpoch(by: w.c.member)
        let circle = try w.createCircle("Schiphol", by: w.c.root)
        try w.setModerator(w.c.moderator, of: circle.circle, by: w.c.root)
        try w.admit(w.c.moderator, to: (circle.circle, circle.keyring), by: w.c.moderator)
        try w.admit(w.c.member, to: (circle.circle, circle.keyring), by: w.c.moderator)
        #expect(try w.call(.post, "/v1/keyrings/\(circle.keyring)/epochs", try w.epoch(circle.keyring, for: [w.c.moderator, w.c.member], by: w.c.member),
                           as: w.c.member).status == 201)
        // A thread in the circle whose participant is later relieved of nothing,
        // and a moderator relieved after admitting: replay judges each entry by its own time.
        let (amber, _) = try w.participantThread(.amber, circle: circle.circle, by: w.c.member, with: [w.c.moderator])
        try w.setModerator(w.c.moderator, of: circle.circle, add: false, by: w.c.root)
        let leave = w.entry(circle.keyring, .leave, w.c.moderator, by: w.c.moderator)
        #expect(try w.call(.delete, "/v1/circles/\(circle.circle)/members/\(w.c.moderator.id)",
                           ThreadWorld.RemoveBody(entry: .init(leave), epoch: nil), as: w.c.moderator).status == 200)
        try w.c.sanction(.suspend, w.c.orgAdmin, by: w.c.moderator)

        let before = w.context.keyrings.snapshot
        let restarted = try Service(database: w.service.database, auditKey: SecureBytes.random(count: 32), communityID: w.communityID,
                                    configuration: .init(publicOrigin: "https://forum.example.org", version: "test", eventLoops: 1))
        let after = restarted.context.keyrings.snapshot
        #expect(Set(after.keyrings.keys) == Set(before.keyrings.keys))
        for (id, ring) in before.keyrings {
            let replayed = after.keyrings[id]!
            #expect(replayed.log?.head == ring.log?.head)
            #expect(replayed.log?.participants == ring.log?.participants)
            #expect(replayed.epochs == ring.epochs)
            #expect(replayed.rotationRequired == ring.rotationRequired, "\(id)")
        }
        #expect(after.threads[amber.threadID]?.record == amber)
        #expect(after.circleNames[circle.circle] == "Schiphol")
        #expect(after.nextEventOrder == before.nextEventOrder)
    }
}
