import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

/// Building threads and additions: TLP is checked before anything is sent,
/// and keys go only to current, confirmed certificates.
@Suite struct ThreadsComposerTests {
    func composer(_ world: ThreadWorld, _ author: Person) -> ThreadComposer {
        ThreadComposer(community: world.community.verified, author: author.me, now: Clock.now)
    }

    @Test func anUnverifiedKeyChangeIsRefusedWithoutConfirmation() throws {
        var world = try ThreadWorld()
        let newCarol = world.carol.rekeyed()
        try world.community.certify(newCarol, as: .member, by: world.moderator)   // no old-key signature
        let fingerprint = world.community.state.member(newCarol.id)!.current.certificate.fingerprint
        let error = refusal { try composer(world, world.alice).compose(label: .amber, recipients: [world.bob.id, newCarol.id]) }
        #expect(error == .unverifiedKeyChange([.init(memberID: newCarol.id, fingerprint: fingerprint)]))
        #expect(error?.description.contains("unverified key change") == true)
        #expect(refusal { try composer(world, world.alice).compose(label: .amber, recipients: [newCarol.id], confirmed: [newCarol.id: "00"]) }
            == .unverifiedKeyChange([.init(memberID: newCarol.id, fingerprint: fingerprint)]))
        // Rotating a keyring she holds, or adding her, is refused the same way.
        guard case .unverifiedKeyChange? = refusal({
            try Rotation.rotate(world.view(world.alice), community: world.community.verified, by: world.alice.me, now: Clock.now)
        }) else { Issue.record("rotation for an unverified key"); return }
        guard case .unverifiedKeyChange? = refusal({
            try ParticipantActions.add(newCarol.id, to: world.view(world.alice), community: world.community.verified, by: world.alice.me,
                                       now: Clock.now)
        }) else { Issue.record("addition of an unverified key"); return }

        // Confirmed: the wrap goes to her new certificate and opens with her new key.
        let draft = try composer(world, world.alice).compose(label: .amber, recipients: [newCarol.id], confirmed: [newCarol.id: fingerprint])
        world.draft = draft
        world.keyring = try FakeKeyring(thread: draft.body, communityID: world.community.id)
        let wrap = try #require(draft.epoch?.wraps.first { $0.recipientID == newCarol.id })
        #expect(wrap.recipientCertHash == world.community.state.member(newCarol.id)!.current.hash)
        #expect(try world.view(newCarol).keys[1] != nil)
        // Her old keystore cannot open it, and is no longer her current certificate.
        #expect(try world.view(world.carol).keys.isEmpty)
    }

    @Test func tlpIsCheckedForEveryAddition() throws {
        let world = try ThreadWorld()
        let c = composer(world, world.alice)
        guard case .notAllowed(let why)? = refusal({ try c.compose(label: .amberStrict, recipients: [world.bob.id, world.carol.id]) }) else {
            Issue.record("AMBER+STRICT with another organisation"); return
        }
        #expect(why.contains(world.carol.id) && why.contains("TLP:AMBER+STRICT") && !why.contains("\\("))
        #expect(try c.compose(label: .amberStrict, recipients: [world.bob.id, world.expert.id]).participants.count == 2)
        #expect(try c.compose(label: .red, recipients: [world.carol.id, world.expert.id]).participants.count == 2)
        guard case .notAllowed? = refusal({ try c.compose(label: .green, recipients: [world.bob.id]) }) else {
            Issue.record("GREEN with participants"); return
        }
    }

    @Test func participantsAddUnderTheirLabelsRules() throws {
        let world = try ThreadWorld()
        func add(_ member: Person, by actor: Person) throws -> AddDraft {
            try ParticipantActions.add(member.id, to: world.view(actor), community: world.community.verified, by: actor.me, now: Clock.now)
        }
        // AMBER: a participant adds colleagues of its own organisation and experts, not others.
        guard case .notAllowed? = refusal({ try add(world.dave, by: world.bob) }) else { Issue.record("bob adds dave"); return }
        let daveByCarol = try add(world.dave, by: world.carol)
        #expect(daveByCarol.entry.seq == 4 && daveByCarol.wraps.map(\.epoch) == [1])
        // RED: the author alone.
        let red = try ThreadWorld(label: .red, recipients: { [$0.bob.id, $0.carol.id] })
        guard case .notAllowed? = refusal({
            try ParticipantActions.add(red.dave.id, to: red.view(red.carol), community: red.community.verified, by: red.carol.me, now: Clock.now)
        }) else { Issue.record("a RED participant adds"); return }
        // Only the author removes; anyone leaves.
        guard case .notAllowed? = refusal({
            try ParticipantActions.remove(world.bob.id, from: world.view(world.carol), community: world.community.verified, by: world.carol.me,
                                          now: Clock.now)
        }) else { Issue.record("a participant removes another"); return }
    }

    @Test func recipientsMustBeUsableNow() throws {
        var world = try ThreadWorld()
        let c = composer(world, world.alice)
        let stranger = newID()
        #expect(refusal { try c.compose(label: .amber, recipients: [stranger]) }
            == .recipient(stranger, "is neither a member nor an organisation with active members"))
        guard case .recipient? = refusal({ try c.compose(label: .amber, recipients: ["Bob"]) }) else { Issue.record("not an id"); return }
        guard case .notAllowed? = refusal({ try c.compose(label: .amber, topics: ["crypto-mining-offers"]) }) else {
            Issue.record("unknown topic"); return
        }
        try world.community.sanction(.suspend, world.carol, by: world.moderator)
        #expect(refusal { try composer(world, world.alice).compose(label: .amber, recipients: [world.carol.id]) }
            == .recipient(world.carol.id, "is suspended"))
        // An organisation id names only its members valid now.
        #expect(try composer(world, world.alice).compose(label: .amber, recipients: [world.carol.org]).participants.map(\.memberID)
            == [world.dave.id])
        // A suspended author, or a keystore that is not the member's, acts on nothing.
        guard case .notCertified? = refusal({ try composer(world, world.carol).compose(label: .green) }) else {
            Issue.record("a suspended author"); return
        }
        let impostor = ThreadMember(memberID: world.alice.id, signingKey: SigningSecretKey(), boxKey: BoxSecretKey())
        guard case .notCertified? = refusal({
            try ThreadComposer(community: world.community.verified, author: impostor, now: Clock.now).compose(label: .green)
        }) else { Issue.record("other keys"); return }
    }
}
