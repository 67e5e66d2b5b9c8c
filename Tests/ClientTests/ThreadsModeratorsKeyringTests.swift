import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

/// The moderators' keyring as a client verifies it: holders are the active
/// moderators and admins at each community-log position; a rotation wraps
/// for exactly them; a wrap signed by a member, a keyring served under
/// another id, or a demoted moderator left holding is refused.
@Suite struct ThreadsModeratorsKeyringTests {
    struct World {
        var community = try! Community()
        var moderator: Person
        var member: Person
        var keyring: FakeKeyring

        init() throws {
            moderator = try community.add(.moderator, by: community.root)
            member = try community.add(.member, by: moderator)
            keyring = FakeKeyring(communityID: community.id, kind: "moderators", keyringID: community.state.moderatorsKeyringID)
        }

        func view(_ person: Person) throws -> VerifiedKeyring {
            try KeyringView.verify(keyring.answer(for: person.id, communityHead: community.head), log: nil, community: community.verified,
                                   member: person.me)
        }
    }

    @Test func rotationWrapsForTheModeratorsAndAdminsOnly() throws {
        var w = try World()
        let view = try w.view(w.moderator)
        #expect(view.kind == .moderators)
        #expect(view.holders == [w.community.root.id, w.moderator.id])
        #expect(view.rotationRequired)
        let draft = try Rotation.rotate(view, community: w.community.verified, by: w.moderator.me, now: Clock.now)
        #expect(Set(draft.wraps.map(\.recipientID)) == [w.community.root.id, w.moderator.id])
        try w.keyring.accept(draft.body)
        let root = try w.view(w.community.root)
        #expect(root.currentKey.map { draft.epoch.matches($0) } == true)
        #expect(!root.rotationRequired)
        // A member is no holder and may not make epochs.
        #expect(refusal { try Rotation.rotate(try w.view(w.member), community: w.community.verified, by: w.member.me, now: Clock.now) } != nil)
    }

    @Test func aDemotionOrSuspensionRequiresRotation() throws {
        for demote in [true, false] {
            var w = try World()
            let draft = try Rotation.rotate(try w.view(w.moderator), community: w.community.verified, by: w.moderator.me, now: Clock.now)
            try w.keyring.accept(draft.body)
            #expect(try !w.view(w.community.root).rotationRequired)
            if demote {
                try w.community.certify(w.moderator, as: .member, by: w.community.root, issuedAt: Clock.t0 + 2 * Clock.day)
            } else {
                try w.community.sanction(.suspend, w.moderator, by: w.community.root)
            }
            let root = try w.view(w.community.root)
            #expect(root.rotationRequired)
            #expect(root.removedSinceCurrentEpoch == [w.moderator.id])
            #expect(root.holders == [w.community.root.id])
        }
    }

    @Test func aWrapFromAMemberIsRefused() throws {
        var w = try World()
        let draft = try Rotation.rotate(try w.view(w.moderator), community: w.community.verified, by: w.moderator.me, now: Clock.now)
        try w.keyring.accept(draft.body)
        // A server that hands the root a wrap signed by a member (who never held the keyring):
        let forged = try Wrap.make(keyringID: w.keyring.keyringID, epoch: 1, key: draft.key, recipientID: w.community.root.id,
                                   recipient: w.community.state.member(w.community.root.id)!.current.certificate,
                                   recipientCertHash: w.community.state.member(w.community.root.id)!.current.hash,
                                   wrapperID: w.member.id, wrapper: w.member.sign)
        w.keyring.wraps.removeAll { $0.recipientID == w.community.root.id }
        w.keyring.wraps.append(forged)
        guard case .wrap(1, let reason) = refusal({ try w.view(w.community.root) }) else {
            Issue.record("the forged wrap was not refused")
            return
        }
        #expect(reason.contains("has not held the keyring"))
    }

    @Test func aKeyringServedUnderAnotherIDIsRefused() throws {
        let w = try World()
        let other = FakeKeyring(communityID: w.community.id, kind: "moderators", keyringID: newID())
        #expect(refusal {
            try KeyringView.verify(other.answer(for: w.moderator.id, communityHead: w.community.head), log: nil,
                                   community: w.community.verified, member: w.moderator.me)
        } != nil)
        let asDefault = FakeKeyring(communityID: w.community.id, kind: "moderators")
        #expect(refusal {
            try KeyringView.verify(asDefault.answer(for: w.moderator.id, communityHead: w.community.head), log: nil,
                                   community: w.community.verified, member: w.moderator.me)
        } != nil)
    }
}
