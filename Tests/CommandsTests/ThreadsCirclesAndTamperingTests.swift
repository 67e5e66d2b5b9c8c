import Client
import Foundation
import Store
import Testing
@testable import Commands

/// Circles through `trustforum circles …` (create, appoint a moderator,
/// join, requests, admit, list, remove with rotation, leave), and what
/// `threads read` shows when the server's store was tampered with: a post
/// that fails its checks is "unverifiable: reason" (never its text) and a
/// dropped keyring log entry is reported as a fork.
@Suite struct ThreadsCirclesAndTamperingTests {
    @Test func aCollaborationCircleFromCreationToRemoval() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let bob = try c.member("bob")
        let carol = try c.member("carol")

        // An admin creates the circle and appoints the moderator; members ask to join.
        let created = c.admin.run(["circles", "create", "--name", "Port of Rotterdam"])
        #expect(created.code == 0, "\(created.err)")
        let circle = try #require(created.out.split(separator: " ").dropFirst(2).first.map(String.init))
        #expect(created.out.hasPrefix("Created circle \(circle) (keyring "), "\(created.out)")
        let appointed = c.admin.run(["circles", "moderators", "add", circle, c.moderatorID])
        #expect(appointed.code == 0, "\(appointed.err)")
        // A member is no moderator of it: it may not admit anyone.
        #expect(alice.run(["circles", "join", circle]).code == 0)
        #expect(bob.run(["circles", "join", circle]).code == 0)
        let refused = carol.run(["circles", "admit", circle, alice.id])
        #expect(refused.code != 0)
        let requests = c.moderator.run(["circles", "requests", circle])
        #expect(requests.code == 0, "\(requests.err)")
        #expect(requests.out.contains(alice.id) && requests.out.contains(bob.id) && !requests.out.contains(carol.id))

        for member in [alice, bob] {
            let admitted = c.moderator.run(["circles", "admit", circle, member.id])
            #expect(admitted.code == 0, "\(admitted.err)")
            #expect(admitted.out == "Admitted \(member.id) to circle \(circle).\n")
        }
        let listed = alice.run(["circles", "list"])
        #expect(listed.code == 0, "\(listed.err)")
        let row = try #require(listed.out.split(separator: "\n").first { $0.hasPrefix(circle) })
        #expect(row.contains("Port of Rotterdam") && row.contains("yes"), "\(listed.out)")
        #expect(!(carol.run(["circles", "list"]).out.split(separator: "\n").first { $0.hasPrefix(circle) }?.contains("yes") ?? true))

        // A GREEN thread of the circle: its members read it, carol (not a member) does not.
        let thread = try c.newThread(by: alice, label: "TLP:GREEN", circle: circle, text: "berth 7 scanners probe our VPN")
        #expect(bob.run(["threads", "read", thread]).out.contains("berth 7 scanners probe our VPN"))
        let outsider = carol.run(["threads", "read", thread])
        #expect(outsider.code != 0 && !outsider.out.contains("berth 7"))
        #expect(!carol.run(["threads", "list"]).out.contains(thread))
        let keyring = try c.keyringID(ofThread: thread)

        // The moderator removes bob. It holds no key of the circle (PROTOCOL §4.1: the remover rotates only when it
        // holds the keyring), so the keyring is marked and the next member to post creates epoch 2 without bob.
        let removed = c.moderator.run(["circles", "remove", circle, bob.id])
        #expect(removed.code == 0, "\(removed.err)")
        #expect(removed.out == "Removed \(bob.id) from circle \(circle); the next member to post creates a new epoch.\n", "\(removed.out)")
        let after = try c.reply(alice, thread, "after bob was removed")
        #expect(after.err.contains("Created epoch 2 of the keyring first"), "\(after.err)")
        #expect(try !c.hasWrap(bob.id, keyringID: keyring, epoch: 2))
        #expect(try c.hasWrap(alice.id, keyringID: keyring, epoch: 2))
        let bobRead = bob.run(["threads", "read", thread])
        #expect(bobRead.code != 0 && !bobRead.out.contains("after bob was removed"))
        let aliceRead = alice.run(["threads", "read", thread])
        #expect(aliceRead.code == 0, "\(aliceRead.err)")
        #expect(aliceRead.out.contains("berth 7 scanners") && aliceRead.out.contains("after bob was removed"))

        // Alice leaves; she no longer sees the circle's threads.
        let left = alice.run(["circles", "leave", circle])
        #expect(left.code == 0 && left.out == "You left circle \(circle).\n", "\(left.err)")
        #expect(alice.run(["threads", "read", thread]).code != 0)
        #expect(!alice.run(["threads", "list"]).out.contains(thread))
    }

    @Test func aTamperedPostIsUnverifiableAndItsTextIsNotShown() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], text: "the first post, left alone")
        try c.reply(carol, thread, "the second post, to be tampered with")
        try c.reply(alice, thread, "the third post, left alone")
        let clean = alice.run(["threads", "read", thread])
        #expect(clean.code == 0, "\(clean.err)")
        #expect(!clean.out.contains("unverifiable"))

        // Each stored field of post 2, changed by one byte, makes it unverifiable and no other post.
        for column in ["ciphertext", "nonce", "franking_tag", "signature", "log_head"] {
            let stored = try #require(try c.live.database.read { conn in
                try conn.queryOne("SELECT \(column) FROM posts WHERE thread_id = ? AND seq = 2", [.text(thread)])?.blob(at: 0)
            })
            var flipped = stored
            flipped[flipped.count / 2] ^= 0x01
            try c.live.tamper("UPDATE posts SET \(column) = ? WHERE thread_id = ? AND seq = 2", [.blob(flipped), .text(thread)])
            let read = alice.run(["threads", "read", thread])
            #expect(read.code == 3, "\(column): \(read.code) \(read.err)")
            #expect(read.out.contains("#2  "), "\(column): \(read.out)")
            #expect(read.out.contains("    unverifiable: "), "\(column): \(read.out)")
            #expect(!read.out.contains("the second post"), "\(column)")
            #expect(read.out.contains("the first post, left alone") && read.out.contains("the third post, left alone"), "\(column)")
            #expect(read.err.contains("1 post of thread \(thread) failed verification"), "\(column): \(read.err)")
            let json = alice.run(["threads", "read", thread, "--json"])
            #expect(json.out.contains("\"verified\" : false") && !json.out.contains("the second post"), "\(column)")
            // The byte put back: the post verifies again.
            try c.live.tamper("UPDATE posts SET \(column) = ? WHERE thread_id = ? AND seq = 2", [.blob(stored), .text(thread)])
            #expect(alice.run(["threads", "read", thread]).code == 0, "\(column) restored")
        }
    }

    @Test func aDroppedKeyringEntryIsReportedAsAFork() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let dave = try c.member("dave")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], text: "before dave")
        #expect(alice.run(["threads", "add", thread, dave.id]).code == 0)
        // Carol verifies the log with dave's addition; the server then hides that entry from her.
        let seen = carol.run(["threads", "read", thread])
        #expect(seen.code == 0, "\(seen.err)")
        #expect(seen.field("participants")?.contains(dave.id) == true)
        let keyring = try c.keyringID(ofThread: thread)
        try c.live.tamper("DELETE FROM keyring_log WHERE keyring_id = ? AND member_id = ? AND action = 'add'", [.text(keyring), .text(dave.id)])
        let read = carol.run(["threads", "read", thread])
        #expect(read.code == 3, "\(read.code) \(read.err)")
        #expect(read.err.contains("WARNING: THE SERVER SHOWS THIS CLIENT A FORKED HISTORY"), "\(read.err)")
        #expect(!read.out.contains("before dave"))
        // Nor does she post into the forked history.
        let reply = carol.run(["threads", "reply", thread, "--body-file", try c.body("into the fork")])
        #expect(reply.code == 3, "\(reply.err)")
    }
}
