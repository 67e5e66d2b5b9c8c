import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

/// Removal rotates: a removed member gets no key of later epochs; the
/// others do; old posts stay readable from the keystore's cache.
@Suite struct ThreadsRotationTests {
    @Test func theRemovedMemberGetsNoKeyOfTheNextEpoch() throws {
        var world = try ThreadWorld()
        try world.post(world.alice, "epoch one")
        let removal = try ParticipantActions.remove(world.carol.id, from: world.view(world.alice), community: world.community.verified,
                                                    by: world.alice.me, now: Clock.now)
        let epoch = try #require(removal.epoch)
        #expect(removal.entry.action == .remove && epoch.epoch.number == 2 && epoch.epoch.logSeq == removal.entry.seq)
        #expect(Set(epoch.wraps.map(\.recipientID)) == [world.alice.id, world.bob.id, world.expert.id])
        try world.keyring.accept(remove: removal.body)
        try world.post(world.alice, "epoch two")

        let carol = try world.view(world.carol)
        #expect(carol.keys.keys.sorted() == [1] && !carol.holders.contains(world.carol.id))
        #expect(try world.read(world.carol).map(\.post?.body) == ["epoch one", nil])
        #expect(try world.read(world.carol).last?.refusal == .noKey(2))
        // Even handed epoch 2's wraps, her box key opens none of them.
        #expect(epoch.wraps.allSatisfy { (try? $0.open(with: world.carol.box)) == nil })
        for person in [world.alice, world.bob, world.expert] {
            #expect(try world.read(person).map(\.post?.body) == ["epoch one", "epoch two"])
        }
    }

    @Test func oldPostsStayReadableFromTheCacheAfterTheServerDropsOldWraps() throws {
        try withTemporaryDirectory { dir in
            var keystore = try Keystore.create(path: dir + "/keystore", passphrase: secret("correct horse battery staple"),
                                               parameters: .interactive)
            let bob = Person(id: keystore.memberID, sign: keystore.signingKey, box: keystore.boxKey)
            var world = try ThreadWorld(bob: bob)
            try world.post(world.alice, "epoch one")
            let first = try world.view(world.bob, cached: keystore.cachedEpochKeys(keyringID: world.draft.keyringID))
            try keystore.rememberEpochKeys(of: first)
            #expect(first.openedEpochs == [1])

            let removal = try ParticipantActions.remove(world.carol.id, from: world.view(world.alice), community: world.community.verified,
                                                        by: world.alice.me, now: Clock.now)
            try world.keyring.accept(remove: removal.body)
            try world.post(world.alice, "epoch two")
            world.keyring.wraps.removeAll { $0.epoch == 1 }

            let reopened = try Keystore.open(path: dir + "/keystore", passphrase: secret("correct horse battery staple"))
            let cached = reopened.cachedEpochKeys(keyringID: world.draft.keyringID)
            #expect(cached.keys.sorted() == [1])
            #expect(try world.read(world.bob, cached: cached).map(\.post?.body) == ["epoch one", "epoch two"])
            #expect(try world.read(world.bob).map(\.refusal) == [.noKey(1), nil])
            // The cached key is stored encrypted: not in the file in clear.
            #expect(!contains(try Data(contentsOf: URL(fileURLWithPath: dir + "/keystore")).map { $0 }, cached[1]!.copyBytes()))
        }
    }

    @Test func aRemovalTheServerDoesNotFlagStillRequiresRotation() throws {
        var world = try ThreadWorld()
        let leave = try ParticipantActions.leave(world.view(world.expert), community: world.community.verified, by: world.expert.me,
                                                 now: Clock.now)
        try world.keyring.accept(remove: leave.body)
        world.keyring.rotationRequired = false
        let bob = try world.view(world.bob)
        #expect(bob.rotationRequired && bob.removedSinceCurrentEpoch == [world.expert.id])
        let epoch = try Rotation.rotate(bob, community: world.community.verified, by: world.bob.me, now: Clock.now)
        #expect(Set(epoch.wraps.map(\.recipientID)) == [world.alice.id, world.bob.id, world.carol.id])
        #expect(epoch.epoch.creatorID == world.bob.id && epoch.epoch.logSeq == 4)
        try world.keyring.accept(epoch.body)
        #expect(try !world.view(world.carol).rotationRequired)
        // The one who left cannot rotate: it holds nothing.
        guard case .notAllowed? = refusal({
            try Rotation.rotate(world.view(world.expert), community: world.community.verified, by: world.expert.me, now: Clock.now)
        }) else { Issue.record("rotation by a former participant"); return }
    }

    @Test func aNewParticipantGetsHistoryUnlessTheAdderOptsOut() throws {
        var world = try ThreadWorld()
        try world.post(world.alice, "before")
        let removal = try ParticipantActions.remove(world.expert.id, from: world.view(world.alice), community: world.community.verified,
                                                    by: world.alice.me, now: Clock.now)
        try world.keyring.accept(remove: removal.body)
        let withoutHistory = try ParticipantActions.add(world.dave.id, to: world.view(world.carol), community: world.community.verified,
                                                        by: world.carol.me, now: Clock.now, history: false)
        #expect(withoutHistory.wraps.map(\.epoch) == [2])
        let withHistory = try ParticipantActions.add(world.dave.id, to: world.view(world.carol), community: world.community.verified,
                                                     by: world.carol.me, now: Clock.now)
        #expect(withHistory.wraps.map(\.epoch) == [1, 2])
        try world.keyring.accept(add: withHistory.body)
        try world.post(world.dave, "after")
        #expect(try world.read(world.dave).map(\.post?.body) == ["before", "after"])
        #expect(try world.read(world.alice).last?.post?.authorID == world.dave.id)
    }

    @Test func aThousandHolderRotationOfTheDefaultKeyring() throws {
        var community = try Community()
        let moderator = try community.add(.moderator, by: community.root)
        var members: [Person] = []
        for _ in 0..<1000 { members.append(try community.add(.member, by: moderator)) }
        let suspended = members[500]
        try community.sanction(.suspend, suspended, by: moderator)
        var keyring = FakeKeyring(communityID: community.id)
        let view = try KeyringView.verify(keyring.answer(for: moderator.id, communityHead: community.head), log: nil,
                                          community: community.verified, member: moderator.me)
        #expect(view.holders.count == 1001 && !view.holders.contains(suspended.id))
        let epoch = try Rotation.rotate(view, community: community.verified, by: moderator.me, now: Clock.now)
        #expect(epoch.wraps.map(\.recipientID) == view.holders.sorted())
        #expect(epoch.epoch.logSeq == community.head.seq)
        let moderatorKey = community.state.member(moderator.id)!.current.certificate.signPublicKey
        #expect(epoch.wraps.allSatisfy { $0.isSigned(by: moderatorKey) && $0.epoch == 1 })
        try keyring.accept(epoch.body)
        for person in [members[0], members[499], members[501], members[999], moderator] {
            let mine = try KeyringView.verify(keyring.answer(for: person.id, communityHead: community.head), log: nil,
                                              community: community.verified, member: person.me)
            #expect(mine.keys[1] == epoch.key)
        }
        let theirs = try KeyringView.verify(keyring.answer(for: suspended.id, communityHead: community.head), log: nil,
                                            community: community.verified, member: suspended.me)
        #expect(theirs.keys.isEmpty)
    }

    /// Wrapping on every core gives what wrapping one by one gives: one wrap
    /// per recipient, in the recipients' order, each signed by the wrapper
    /// and opening to the key for its recipient only.
    @Test func wrappingOnEveryCoreKeepsOrderAndSignatures() throws {
        let communityID = newID()
        let wrapper = Person()
        let people = (0..<97).map { _ in Person() }
        let recipients = people.map { person in
            let certificate = Certificate(communityID: communityID, memberID: person.id, orgID: person.org, role: .member,
                                          signPublicKey: person.sign.publicKey, boxPublicKey: person.box.publicKey, issuedAt: Clock.t0,
                                          expiresAt: Clock.t0 + 365 * Clock.day, issuerID: wrapper.id)
            return WrapRecipient(memberID: person.id, certificate: certificate, certHash: GenericHash.hash(certificate.bytes))
        }
        let key = SecureBytes.random(count: 32)
        let wraps = try WrapBatch.wrap(key, keyringID: communityID, epoch: 1, for: recipients, by: wrapper.me)
        #expect(wraps.map(\.recipientID) == recipients.map(\.memberID))
        #expect(wraps.allSatisfy { $0.isSigned(by: wrapper.sign.publicKey) })
        for index in [0, 48, 96] {
            let opened = try SealedBox.open(wraps[index].sealed, with: people[index].box)
            #expect(opened == key)
            #expect((try? SealedBox.open(wraps[index].sealed, with: people[(index + 1) % people.count].box)) == nil)
        }
    }
}

