import Client
import Foundation
import Testing
@testable import Commands

/// End-to-end encrypted threads through `trustforum`, against a live
/// server: GREEN threads in the default circle, AMBER threads with
/// participants, removal with rotation, and suspension with rotation.
@Suite struct ThreadsFlowTests {
    @Test func greenThreadInTheDefaultCircle() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        // The first poster creates epoch 1 of the community keyring.
        let thread = try c.newThread(by: alice, label: "TLP:GREEN", title: "Phishing wave", text: "Mails from 'the bank' ask for codes.")
        let community = try alice.person.saved.communityID!
        #expect(try c.hasWrap(alice.id, keyringID: community, epoch: 1))

        // Approved after epoch 1: the approval carries the default keyring's wraps.
        let bob = try c.member("bob")
        #expect(try c.hasWrap(bob.id, keyringID: community, epoch: 1))
        let read = bob.run(["threads", "read", thread])
        #expect(read.code == 0, "\(read.err)")
        #expect(read.out.hasPrefix("Thread \(thread)\nTLP:GREEN — share within the community, not publicly\n"), "\(read.out)")
        #expect(read.out.contains("Title: Phishing wave"))
        #expect(read.out.contains("    Mails from 'the bank' ask for codes.\n"))
        #expect(read.out.contains("#1  "))
        #expect(read.out.contains("\(alice.id)  organisation \(try c.org(of: alice.id))"))

        // Bob replies; Alice reads both; the moderator's post carries its badge.
        try c.reply(bob, thread, "Same here, since Monday.")
        let moderator = Member(person: c.moderator, id: c.moderatorID, kvk: "")
        try c.reply(moderator, thread, "Do not answer them; report to the bank.")
        let aliceRead = alice.run(["threads", "read", thread])
        #expect(aliceRead.code == 0, "\(aliceRead.err)")
        #expect(aliceRead.out.contains("Same here, since Monday."))
        #expect(aliceRead.out.contains("\(c.moderatorID) [moderator]  organisation"))
        #expect(aliceRead.field("author") == "\(alice.id) (you)", "\(aliceRead.out)")

        // Paging.
        let second = alice.run(["threads", "read", thread, "--after", "1", "--limit", "1"])
        #expect(second.code == 0)
        #expect(!second.out.contains("ask for codes") && second.out.contains("Same here") && !second.out.contains("report to the bank"))
        #expect(second.out.contains("More posts may follow: trustforum threads read \(thread) --after 2"))

        // The list shows it to every member.
        let list = bob.run(["threads", "list"])
        #expect(list.code == 0)
        #expect(list.out.hasPrefix("ID "), "\(list.out)")
        #expect(list.out.contains("LABEL") && list.out.contains("LAST POST"))
        #expect(list.out.contains(thread) && list.out.contains("TLP:GREEN") && list.out.contains("ransomware"))
    }

    @Test func amberThreadWithAParticipantOfAnotherOrganisation() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let dave = try c.member("dave")
        #expect(try c.org(of: alice.id) != c.org(of: carol.id))

        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], title: "Ransomware at a supplier",
                                     text: "Our supplier was hit; the notes mention our VPN.")
        try c.reply(carol, thread, "Rotate the VPN credentials; we saw the same group.")
        let read = alice.run(["threads", "read", thread])
        #expect(read.code == 0, "\(read.err)")
        #expect(read.out.hasPrefix("Thread \(thread)\nTLP:AMBER — share only within the participants' organisations\n"), "\(read.out)")
        #expect(read.out.contains("Rotate the VPN credentials; we saw the same group."))
        #expect(read.out.contains("\(carol.id)  organisation \(try c.org(of: carol.id))"))
        #expect(read.field("participants")?.contains(carol.id) == true)

        // Whoever is not a participant does not learn that the thread exists.
        let outsider = dave.run(["threads", "read", thread])
        #expect(outsider.code == 1)
        #expect(outsider.out == "")
        #expect(outsider.err.hasPrefix("Error: no such thread \(thread): it does not exist, or you may not see it"), "\(outsider.err)")
        let list = dave.run(["threads", "list"])
        #expect(list.code == 0)
        #expect(!list.out.contains(thread))
        #expect(alice.run(["threads", "list", "--label", "TLP:AMBER"]).out.contains(thread))
        let reply = dave.run(["threads", "reply", thread, "--body-file", try c.body("let me in")])
        #expect(reply.code == 1 && reply.err.contains("no such thread"))

        // A participant may not add someone of a third organisation under AMBER, and the client says why before sending.
        let added = carol.run(["threads", "add", thread, dave.id])
        #expect(added.code == 1)
        #expect(added.err.contains("not allowed: under TLP:AMBER"), "\(added.err)")
        // The author may; dave then reads the history.
        let byAuthor = alice.run(["threads", "add", thread, dave.id])
        #expect(byAuthor.code == 0, "\(byAuthor.err)")
        #expect(byAuthor.out == "Added \(dave.id) to thread \(thread), with the earlier epochs.\n")
        #expect(dave.run(["threads", "read", thread]).out.contains("Our supplier was hit"))
    }

    @Test func removalRotatesTheThreadKey() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let erin = try c.member("erin", kvk: alice.kvk)
        let carol = try c.member("carol")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id, erin.id], text: "before the removal")
        #expect(carol.run(["threads", "read", thread]).out.contains("before the removal"))
        let keyring = try c.keyringID(ofThread: thread)

        let removed = alice.run(["threads", "remove", thread, carol.id])
        #expect(removed.code == 0, "\(removed.err)")
        #expect(removed.out == "Removed \(carol.id) from thread \(thread); epoch 2 is for the remaining participants only.\n")
        try c.reply(alice, thread, "after the removal")

        // Carol gets no key of epoch 2: not from the server, not in her keystore; she no longer sees the thread.
        #expect(try !c.hasWrap(carol.id, keyringID: keyring, epoch: 2))
        #expect(try c.hasWrap(erin.id, keyringID: keyring, epoch: 2))
        let carolRead = carol.run(["threads", "read", thread])
        #expect(carolRead.code == 1 && carolRead.err.contains("no such thread"))
        #expect(!carolRead.out.contains("after the removal"))
        #expect(try carol.keystore().cachedEpochKeys(keyringID: keyring).keys.sorted() == [1])
        #expect(!carol.run(["threads", "list"]).out.contains(thread))

        // The others read the old post and the new one.
        for reader in [alice, erin] {
            let read = reader.run(["threads", "read", thread])
            #expect(read.code == 0, "\(read.err)")
            #expect(read.out.contains("before the removal") && read.out.contains("after the removal"))
            #expect(read.field("epoch") == "2")
            #expect(read.field("participants")?.contains(carol.id) == false)
        }
        // Erin leaves; the next poster (Alice) rotates before posting.
        let left = erin.run(["threads", "leave", thread])
        #expect(left.code == 0 && left.out == "You left thread \(thread).\n")
        let next = try c.reply(alice, thread, "after erin left")
        #expect(next.err.contains("Created epoch 3 of the keyring first"), "\(next.err)")
        #expect(try !c.hasWrap(erin.id, keyringID: keyring, epoch: 3))
    }

    @Test func aSuspensionRotatesTheCommunityKeyring() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let bob = try c.member("bob")
        let carol = try c.member("carol")
        let dave = try c.member("dave")
        let community = try alice.person.saved.communityID!
        let thread = try c.newThread(by: alice, label: "TLP:GREEN", text: "epoch one")

        // The moderator suspends bob and rotates the community keyring right away.
        #expect(c.moderator.run(["members", "suspend", bob.id, "--reason", "sold ads"]).code == 0)
        let rotated = c.moderator.run(["circles", "rotate", "default"])
        #expect(rotated.code == 0, "\(rotated.err)")
        #expect(rotated.out == "Created epoch 2 of circle \(community)'s keyring.\n")
        #expect(try !c.hasWrap(bob.id, keyringID: community, epoch: 2))
        let second = try c.reply(carol, thread, "epoch two")
        #expect(!second.err.contains("Created epoch"))
        let read = alice.run(["threads", "read", thread])
        #expect(read.code == 0, "\(read.err)")
        #expect(read.out.contains("epoch one") && read.out.contains("epoch two"))

        // Nobody rotates after dave's suspension: the next poster's client does.
        #expect(c.moderator.run(["members", "suspend", dave.id]).code == 0)
        let third = try c.reply(alice, thread, "epoch three")
        #expect(third.err.contains("Created epoch 3 of the keyring first"), "\(third.err)")
        #expect(try !c.hasWrap(dave.id, keyringID: community, epoch: 3))
        let carolRead = carol.run(["threads", "read", thread])
        #expect(carolRead.code == 0, "\(carolRead.err)")
        #expect(carolRead.out.contains("epoch one") && carolRead.out.contains("epoch three"))
        #expect(carolRead.field("epoch") == "3")
    }
}
