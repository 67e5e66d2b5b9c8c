import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

extension ThreadWire.Keyring {
    /// The same answer with some fields replaced, as a lying server would send it.
    func with(wraps: [KeyringWire.WrapJSON]? = nil, epochs: [KeyringWire.EpochJSON]? = nil, currentEpoch: UInt64? = nil,
              logHead: ThreadWire.LogHead?? = nil) -> ThreadWire.Keyring {
        wire(ThreadWire.Keyring(keyring_id: keyring_id, kind: kind, circle_id: circle_id, thread_id: thread_id, label: label,
                                current_epoch: currentEpoch ?? current_epoch, rotation_required: rotation_required,
                                epochs: epochs ?? self.epochs, wraps: wraps ?? self.wraps, log_head: logHead ?? log_head))
    }
}

/// What a lying server (or a lying holder) shows a member about a keyring,
/// and the exact reason the member's client refuses it.
@Suite struct ThreadsKeyringRefusalTests {
    @Test func anEntryForgedByTheServerIsRefused() throws {
        var world = try ThreadWorld()
        let last = try #require(world.keyring.entries.last)
        world.keyring.entries.append(MembershipEntry.sign(keyringID: last.keyringID, seq: 4, action: .add, memberID: world.dave.id,
                                                          memberCertHash: world.community.state.member(world.dave.id)!.current.hash,
                                                          prevHash: last.hash, actorID: world.alice.id, key: SigningSecretKey()))
        let error = refusal { try world.view(world.bob) }
        guard case .membershipLog(seq: 4, .badSignature)? = error else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func aParticipantInjectedByAnOutsiderIsRefused() throws {
        var world = try ThreadWorld()
        let last = try #require(world.keyring.entries.last)
        // Dave, no participant, adds himself with his own valid signature.
        world.keyring.entries.append(MembershipEntry.sign(keyringID: last.keyringID, seq: 4, action: .add, memberID: world.dave.id,
                                                          memberCertHash: world.community.state.member(world.dave.id)!.current.hash,
                                                          prevHash: last.hash, actorID: world.dave.id, key: world.dave.sign))
        let error = refusal { try world.view(world.bob) }
        guard case .membershipLog(seq: 4, .notAllowed)? = error else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func aDroppedEntryIsRefused() throws {
        var world = try ThreadWorld()
        world.keyring.entries.remove(at: 1)
        let error = refusal { try world.view(world.bob) }
        guard case .membershipLog(seq: 2, .brokenChain)? = error else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func reorderedEntriesAreRefused() throws {
        var world = try ThreadWorld()
        world.keyring.entries.swapAt(0, 1)
        let error = refusal { try world.view(world.bob) }
        guard case .membershipLog(seq: 1, .brokenChain)? = error else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func aChangedLabelIsRefused() throws {
        var world = try ThreadWorld()
        let r = try #require(world.keyring.record)
        world.keyring.record = ThreadRecord(communityID: r.communityID, threadID: r.threadID, keyringID: r.keyringID, circleID: r.circleID,
                                            label: .green, authorID: r.authorID, authorCertHash: r.authorCertHash, signature: r.signature)
        let error = refusal { try world.view(world.bob) }
        // GREEN uses the circle's keyring: KeyringLog refuses before the signature.
        guard case .record? = error else { Issue.record("\(String(describing: error))"); return }
        world.keyring.record = ThreadRecord(communityID: r.communityID, threadID: r.threadID, keyringID: r.keyringID, circleID: r.circleID,
                                            label: .red, authorID: r.authorID, authorCertHash: r.authorCertHash, signature: r.signature)
        let relabelled = refusal { try world.view(world.bob) }
        guard case .record(.badSignature)? = relabelled else { Issue.record("\(String(describing: relabelled))"); return }
        // The label in the keyring answer alone.
        world.keyring.record = r
        let answer = world.keyring.answer(for: world.bob.id)
        let lying = wire(ThreadWire.Keyring(keyring_id: answer.keyring_id, kind: "thread", circle_id: answer.circle_id,
                                            thread_id: answer.thread_id, label: "TLP:RED", current_epoch: 1, rotation_required: false,
                                            epochs: answer.epochs, wraps: answer.wraps, log_head: answer.log_head))
        let mismatch = refusal {
            try KeyringView.verify(lying, log: world.keyring.log, community: world.community.verified, member: world.bob.me)
        }
        guard case .mismatch? = mismatch else { Issue.record("\(String(describing: mismatch))"); return }
    }

    @Test func aSwappedKeyCheckIsRefused() throws {
        var world = try ThreadWorld()
        let e = world.keyring.epochs[0]
        world.keyring.epochs[0] = Epoch(keyringID: e.keyringID, number: 1, keyCheck: Random.bytes(32), logSeq: e.logSeq, logHead: e.logHead,
                                        creatorID: e.creatorID, signature: e.signature)
        let error = refusal { try world.view(world.bob) }
        guard case .epoch(1, let why)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(why.contains("not signed by its creator"))
    }

    @Test func aWrapWithAnotherKeyIsRefused() throws {
        var world = try ThreadWorld()
        // Alice, a holder, signs epoch 1 with one key and wraps another for bob.
        let bobCert = world.community.state.member(world.bob.id)!.current
        let other = try Wrap.make(keyringID: world.draft.keyringID, epoch: 1, key: SecureBytes.random(count: 32), recipientID: world.bob.id,
                                  recipient: bobCert.certificate, recipientCertHash: bobCert.hash, wrapperID: world.alice.id,
                                  wrapper: world.alice.sign)
        world.keyring.wraps = world.keyring.wraps.map { $0.recipientID == world.bob.id ? other : $0 }
        let error = refusal { try world.view(world.bob) }
        guard case .wrap(1, let why)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(why.contains("another key"))
        // The others are not affected.
        #expect(try world.view(world.carol).keys[1] != nil)
    }

    @Test func wrapsFromOutsidersOrForOthersAreRefused() throws {
        var world = try ThreadWorld()
        let key = try #require(world.draft.epoch?.key)
        let bobCert = world.community.state.member(world.bob.id)!.current
        // Dave knows the key somehow, but never held the keyring.
        let fromDave = try Wrap.make(keyringID: world.draft.keyringID, epoch: 1, key: key, recipientID: world.bob.id,
                                     recipient: bobCert.certificate, recipientCertHash: bobCert.hash, wrapperID: world.dave.id,
                                     wrapper: world.dave.sign)
        let answer = world.keyring.answer(for: world.bob.id)
        let outsider = refusal {
            try KeyringView.verify(answer.with(wraps: [KeyringWire.WrapJSON(fromDave)]), log: world.keyring.log,
                                   community: world.community.verified, member: world.bob.me)
        }
        guard case .wrap(1, let why)? = outsider, why.contains("has not held") else { Issue.record("\(String(describing: outsider))"); return }
        let carols = world.keyring.answer(for: world.carol.id).wraps
        let forCarol = refusal {
            try KeyringView.verify(answer.with(wraps: carols), log: world.keyring.log, community: world.community.verified, member: world.bob.me)
        }
        guard case .wrap(1, let why2)? = forCarol, why2.contains("not for this member") else {
            Issue.record("\(String(describing: forCarol))"); return
        }
        world.keyring.wraps[0] = Wrap(keyringID: fromDave.keyringID, epoch: 1, recipientID: world.alice.id,
                                      recipientCertHash: world.keyring.wraps[0].recipientCertHash, sealed: world.keyring.wraps[0].sealed,
                                      wrapperID: world.alice.id, signature: Random.bytes(64))
        let badSignature = refusal { try world.view(world.alice) }
        guard case .wrap(1, let why3)? = badSignature, why3.contains("not signed") else { Issue.record("\(String(describing: badSignature))"); return }
    }

    @Test func anEpochByANonHolderIsRefused() throws {
        var world = try ThreadWorld()
        let head = try #require(world.keyring.logHead)
        world.keyring.epochs.append(Epoch.make(communityID: world.community.id, keyringID: world.draft.keyringID, number: 2,
                                               key: SecureBytes.random(count: 32), logSeq: head.seq, logHead: head.hash,
                                               creatorID: world.dave.id, creator: world.dave.sign))
        let error = refusal { try world.view(world.bob) }
        guard case .epoch(2, let why)? = error, why.contains("did not hold") else { Issue.record("\(String(describing: error))"); return }
        world.keyring.epochs.removeLast()
        let gap = refusal {
            try KeyringView.verify(world.keyring.answer(for: world.bob.id).with(currentEpoch: 2), log: world.keyring.log,
                                   community: world.community.verified, member: world.bob.me)
        }
        guard case .mismatch? = gap else { Issue.record("\(String(describing: gap))"); return }
    }

    @Test func aHiddenRemovalIsAFork() throws {
        var world = try ThreadWorld()
        let before = try world.view(world.alice)
        let removal = try ParticipantActions.remove(world.carol.id, from: before, community: world.community.verified, by: world.alice.me,
                                                    now: Clock.now)
        try world.keyring.accept(remove: removal.body)
        let bobSaw = try #require(try world.view(world.bob).head)
        #expect(bobSaw.seq == 4)
        // The server hides the removal from bob, but serves the epoch that followed it.
        world.keyring.entries.removeLast()
        let hidden = refusal { try world.view(world.bob) }
        guard case .fork(let why)? = hidden, why.contains("epoch 2") && why.contains("hidden") else {
            Issue.record("\(String(describing: hidden))"); return
        }
        #expect(hidden!.description.hasPrefix("FORK"))
        // … or hides epoch 2 too: the head bob verified before is gone.
        world.keyring.epochs.removeLast()
        let back = refusal { try world.view(world.bob, knownHead: bobSaw) }
        guard case .fork? = back else { Issue.record("\(String(describing: back))"); return }
        // … or states the real head over a shortened log.
        let answer = world.keyring.answer(for: world.bob.id).with(logHead: .some(ThreadWire.LogHead(bobSaw)))
        let head = refusal {
            try KeyringView.verify(answer, log: world.keyring.log, community: world.community.verified, member: world.bob.me)
        }
        guard case .fork? = head else { Issue.record("\(String(describing: head))"); return }
    }

    @Test func aCachedKeyTheServerContradictsIsAFork() throws {
        let world = try ThreadWorld()
        let replaced = refusal { try world.view(world.bob, cached: [1: SecureBytes.random(count: 32)]) }
        guard case .fork(let why)? = replaced, why.contains("cached for epoch 1") else { Issue.record("\(String(describing: replaced))"); return }
        let rolledBack = refusal { try world.view(world.bob, cached: [1: world.draft.epoch!.key, 2: SecureBytes.random(count: 32)]) }
        guard case .fork(let why2)? = rolledBack, why2.contains("epoch 2") else { Issue.record("\(String(describing: rolledBack))"); return }
    }

    @Test func defaultKeyringPositionsAreCommunityLogPositions() throws {
        var community = try Community()
        let moderator = try community.add(.moderator, by: community.root)
        var keyring = FakeKeyring(communityID: community.id)
        let verified = community.verified
        let first = try KeyringView.verify(keyring.answer(for: moderator.id, communityHead: community.head), log: nil, community: verified,
                                           member: moderator.me)
        try keyring.accept(try Rotation.rotate(first, community: verified, by: moderator.me, now: Clock.now).body)
        // A client whose verified log is one entry shorter: follow again.
        let later = community
        try community.certify(Person(), as: .member, by: moderator)
        var ahead = FakeKeyring(communityID: community.id)
        let newer = try KeyringView.verify(ahead.answer(for: moderator.id, communityHead: community.head), log: nil,
                                           community: community.verified, member: moderator.me)
        try ahead.accept(try Rotation.rotate(newer, community: community.verified, by: moderator.me, now: Clock.now).body)
        let behind = refusal {
            try KeyringView.verify(ahead.answer(for: moderator.id, communityHead: later.head), log: nil, community: later.verified,
                                   member: moderator.me)
        }
        guard case .communityLogBehind(seq: 2)? = behind else { Issue.record("\(String(describing: behind))"); return }
        // The same seq with another hash: a fork of the community log.
        let forked = LogFollower.Head(seq: later.head.seq, hash: Random.bytes(32))
        let fork = refusal {
            try KeyringView.verify(keyring.answer(for: moderator.id, communityHead: forked), log: nil, community: later.verified,
                                   member: moderator.me)
        }
        guard case .fork? = fork else { Issue.record("\(String(describing: fork))"); return }
    }
}
