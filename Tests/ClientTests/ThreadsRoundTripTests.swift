import Core
import Crypto
import Foundation
import enum Moderation.PolicyBundle
import Protocol
import Testing
@testable import Client

/// A thread from composing to reading, through the JSON the server keeps and serves.
@Suite struct ThreadsRoundTripTests {
    @Test func amberThreadWithThreeParticipants() throws {
        var world = try ThreadWorld()
        #expect(world.draft.participants.map(\.memberID) == [world.bob.id, world.carol.id, world.expert.id])
        #expect(world.draft.participants.map(\.seq) == [1, 2, 3])
        let epoch = try #require(world.draft.epoch)
        #expect(epoch.epoch.number == 1 && epoch.epoch.logSeq == 3)
        #expect(Set(epoch.wraps.map(\.recipientID)) == [world.alice.id, world.bob.id, world.carol.id, world.expert.id])
        #expect(world.draft.body.topics == ["ransomware"])

        try world.post(world.alice, "we were hit; who has seen this loader?")
        try world.post(world.expert, "send us the hash")
        for person in [world.alice, world.bob, world.carol, world.expert] {
            let readings = try world.read(person)
            #expect(readings.map(\.post?.body) == ["we were hit; who has seen this loader?", "send us the hash"])
            let first = try #require(readings.first?.post)
            #expect(first.authorID == world.alice.id && first.orgID == world.alice.org && first.role == .member)
            #expect(first.label == .amber && first.title == "t" && first.receivedAt == Clock.nowMillis && first.flags.isEmpty)
            #expect(readings.last?.post?.role == .expert)
        }
    }

    @Test func aNonParticipantHasNoKey() throws {
        var world = try ThreadWorld()
        try world.post(world.alice, "for participants only")
        let dave = try world.view(world.dave)
        #expect(dave.keys.isEmpty && !dave.holders.contains(world.dave.id))
        #expect(try world.read(world.dave).map(\.refusal) == [.noKey(1)])
        let error = refusal {
            try PostComposer.compose(PostPayload(body: "hi"), thread: world.draft.record, keyring: dave, community: world.community.verified,
                                     author: world.dave.me, now: Clock.now, policyVersion: currentPolicyVersion)
        }
        guard case .notAllowed? = error else { Issue.record("\(String(describing: error))"); return }
    }

    @Test func anOrganisationIdStandsForItsActiveMembers() throws {
        let world = try ThreadWorld(recipients: { [$0.carol.org] })
        #expect(Set(world.draft.participants.map(\.memberID)) == [world.carol.id, world.dave.id])
    }

    @Test func theThreadRecordIsCheckedAgainstTheKeyring() throws {
        let world = try ThreadWorld()
        let keyring = try world.view(world.bob)
        let served = ThreadWire.Thread(thread_id: world.draft.threadID, label: "TLP:AMBER", record: KeyringWire.Record(world.draft.record))
        #expect(try ThreadView.verify(wire(served), keyring: keyring, community: world.community.verified) == world.draft.record)
        let relabelled = ThreadWire.Thread(thread_id: world.draft.threadID, label: "TLP:GREEN", record: KeyringWire.Record(world.draft.record))
        guard case .mismatch? = refusal({ try ThreadView.verify(relabelled, keyring: keyring, community: world.community.verified) }) else {
            Issue.record("a thread served with another label than its record's"); return
        }
    }

    @Test func greenThreadInTheDefaultCircle() throws {
        var community = try Community()
        let moderator = try community.add(.moderator, by: community.root)
        let alice = try community.add(.member, by: moderator)
        let bob = try community.add(.member, by: moderator)
        var keyring = FakeKeyring(communityID: community.id)
        func view(_ person: Person) throws -> VerifiedKeyring {
            try KeyringView.verify(keyring.answer(for: person.id, communityHead: community.head), log: nil, community: community.verified,
                                   member: person.me)
        }
        // No epoch yet: the first holder who needs one makes it, bound to the community-log head.
        let first = try view(moderator)
        #expect(first.rotationRequired && first.currentEpoch == 0 && first.holders.count == 4)
        let epoch = try Rotation.rotate(first, community: community.verified, by: moderator.me, now: Clock.now)
        #expect(epoch.epoch.logSeq == community.head.seq && epoch.epoch.logHead == community.head.hash)
        try keyring.accept(epoch.body)

        let draft = try ThreadComposer(community: community.verified, author: alice.me, now: Clock.now).compose(label: .green)
        #expect(draft.keyringID == community.id && draft.record.circleID == community.id && draft.epoch == nil)
        #expect(draft.body.participants.isEmpty && draft.body.epoch == nil)
        let aliceView = try view(alice)
        #expect(!aliceView.rotationRequired && aliceView.head == community.head)
        let post = try PostComposer.compose(PostPayload(body: "patch your VPN"), thread: draft.record, keyring: aliceView,
                                            community: community.verified, author: alice.me, now: Clock.now, policyVersion: currentPolicyVersion)
        #expect(post.logSeq == community.head.seq && post.label == .green)
        var thread = FakeThread(draft.record)
        try thread.store(post, communityID: community.id)

        // A member certified later sees the same positions in its longer log.
        let carol = try community.add(.member, by: moderator)
        let served = ThreadWire.Thread(thread_id: draft.threadID, label: "TLP:GREEN", record: KeyringWire.Record(draft.record))
        for person in [moderator, alice, bob] {
            let keyring = try view(person)
            let record = try ThreadView.verify(wire(served), keyring: keyring, community: community.verified)
            let readings = try PostReader(thread: record, keyring: keyring, community: community.verified).read(thread.page)
            #expect(readings.map(\.post?.body) == ["patch your VPN"])
        }
        // Carol joined after epoch 1: nobody has wrapped it for her yet.
        #expect(try PostReader(thread: draft.record, keyring: view(carol), community: community.verified).read(thread.page)
            .map(\.refusal) == [.noKey(1)])
    }
}

/// The small pieces around the round trip: the policy version and the cache names.
@Suite struct ThreadsWireTests {
    @Test func theModerationPolicyVersionIsTheHashOfItsBundle() throws {
        let bundle = PolicyBundle.embedded
        let policy = wire(ThreadWire.ModerationPolicy(version: currentPolicyVersion, bundle: Base64.encode(bundle)))
        #expect(try policy.verifiedBundle() == bundle)
        let other = ThreadWire.ModerationPolicy(version: currentPolicyVersion, bundle: Base64.encode(bundle + [0x20]))
        guard case .mismatch? = refusal({ try other.verifiedBundle() }) else { Issue.record("a bundle that is not its version"); return }
    }

    @Test func epochKeysAreCachedByKeyringAndEpoch() throws {
        var keystore = try KeystoreFixture.shared.open(in: FileManager.default.temporaryDirectory.path)
        defer { try? FileManager.default.removeItem(atPath: keystore.path) }
        let keyringID = newID()
        let key = SecureBytes.random(count: 32)
        let first = keystore.cacheEpochKeys([3: key], keyringID: keyringID)
        let again = keystore.cacheEpochKeys([3: key], keyringID: keyringID)
        #expect(first && !again)
        #expect(keystore.epochKeys["\(keyringID)/3"] == key)
        #expect(keystore.cachedEpochKeys(keyringID: keyringID) == [3: key])
        #expect(keystore.cachedEpochKeys(keyringID: newID()).isEmpty)
    }
}
