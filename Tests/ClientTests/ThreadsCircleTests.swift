import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

/// Collaboration circles: a circle moderator admits, removes with a new
/// epoch; members leave; GREEN threads use the circle's keyring; the
/// default circle's keys reach a new member with its approval.
@Suite struct ThreadsCircleTests {
    struct Port {
        var community: Community
        let moderator: Person
        let chair: Person
        let alice: Person
        let bob: Person
        let circleID: String
        var keyring: FakeKeyring

        init() throws {
            community = try Community()
            moderator = try community.add(.moderator, by: community.root)
            chair = try community.add(.member, by: moderator)
            alice = try community.add(.member, by: moderator)
            bob = try community.add(.member, by: moderator)
            let (circleID, keyringID) = try community.createCircle(by: community.root)
            try community.appointCircleModerator(chair, of: circleID, by: community.root)
            self.circleID = circleID
            keyring = FakeKeyring(communityID: community.id, kind: "circle", circleID: circleID, keyringID: keyringID)
        }

        func view(_ person: Person) throws -> VerifiedKeyring {
            try KeyringView.verify(keyring.answer(for: person.id), log: keyring.log, community: community.verified, member: person.me)
        }

        /// The chair admits itself, makes epoch 1, and admits alice with it.
        mutating func open() throws {
            let first = try CircleActions.admit(chair.id, to: view(chair), community: community.verified, by: chair.me, now: Clock.now)
            #expect(first.wraps.isEmpty)
            try keyring.accept(add: first.body)
            let empty = try view(chair)
            #expect(empty.rotationRequired && empty.currentEpoch == 0 && empty.holders == [chair.id])
            try keyring.accept(Rotation.rotate(empty, community: community.verified, by: chair.me, now: Clock.now).body)
            try keyring.accept(add: CircleActions.admit(alice.id, to: view(chair), community: community.verified, by: chair.me,
                                                        now: Clock.now).body)
        }
    }

    @Test func aCircleModeratorAdmitsWithKeysAndRemovesWithANewEpoch() throws {
        var port = try Port()
        try port.open()
        let alice = try port.view(port.alice)
        #expect(alice.keys.keys.sorted() == [1] && alice.holders == [port.chair.id, port.alice.id])

        // A GREEN thread of the circle: its keyring, read by its members only.
        let draft = try ThreadComposer(community: port.community.verified, author: port.alice.me, now: Clock.now)
            .compose(label: .green, circle: alice)
        #expect(draft.keyringID == port.keyring.keyringID && draft.record.circleID == port.circleID && draft.epoch == nil)
        var thread = FakeThread(draft.record)
        try thread.store(PostComposer.compose(PostPayload(body: "berth 4 is down"), thread: draft.record, keyring: alice,
                                              community: port.community.verified, author: port.alice.me, now: Clock.now,
                                              policyVersion: currentPolicyVersion), communityID: port.community.id)
        #expect(try PostReader(thread: draft.record, keyring: port.view(port.chair), community: port.community.verified).read(thread.page)
            .map(\.post?.body) == ["berth 4 is down"])
        #expect(try PostReader(thread: draft.record, keyring: port.view(port.bob), community: port.community.verified).read(thread.page)
            .map(\.refusal) == [.noKey(1)])

        // Only the circle's moderators admit.
        guard case .notAllowed? = refusal({
            try CircleActions.admit(port.bob.id, to: port.view(port.alice), community: port.community.verified, by: port.alice.me,
                                    now: Clock.now)
        }) else { Issue.record("a member admits"); return }

        let removal = try CircleActions.remove(port.alice.id, from: port.view(port.chair), community: port.community.verified,
                                               by: port.chair.me, now: Clock.now)
        #expect(removal.epoch?.wraps.map(\.recipientID) == [port.chair.id])
        try port.keyring.accept(remove: removal.body)
        let after = try port.view(port.alice)
        #expect(after.keys.keys.sorted() == [1] && !after.holders.contains(port.alice.id) && !after.rotationRequired)
        #expect(try port.view(port.chair).keys.keys.sorted() == [1, 2])
    }

    @Test func amberThreadsOfACircleTakeOnlyItsMembers() throws {
        var port = try Port()
        try port.open()
        let circle = try port.view(port.alice)
        let composer = ThreadComposer(community: port.community.verified, author: port.alice.me, now: Clock.now)
        guard case .notAllowed(let why)? = refusal({ try composer.compose(label: .amber, circle: circle, recipients: [port.bob.id]) }) else {
            Issue.record("an outsider in a circle's AMBER thread"); return
        }
        #expect(why.contains(port.circleID))
        let draft = try composer.compose(label: .amber, circle: circle, recipients: [port.chair.id])
        let keyring = try FakeKeyring(thread: draft.body, communityID: port.community.id)
        let view = try KeyringView.verify(keyring.answer(for: port.chair.id), log: keyring.log, community: port.community.verified,
                                          member: port.chair.me, circleMembers: circle.history.everHeld)
        #expect(view.keys[1] != nil && view.circleID == port.circleID)
        guard case .mismatch? = refusal({
            try KeyringView.verify(keyring.answer(for: port.chair.id), log: keyring.log, community: port.community.verified, member: port.chair.me)
        }) else { Issue.record("a circle thread checked without the circle"); return }
    }

    @Test func leavingACircleAsksTheNextHolderToRotate() throws {
        var port = try Port()
        try port.open()
        let leave = try CircleActions.leave(port.view(port.alice), community: port.community.verified, by: port.alice.me, now: Clock.now)
        #expect(leave.epoch == nil && leave.entry.action == .leave && leave.entry.actorID == port.alice.id)
        try port.keyring.accept(remove: leave.body)
        #expect(try port.view(port.chair).rotationRequired)
        let body = try JSONEncoder().encode(CircleActions.joinRequest())
        #expect(String(decoding: body, as: UTF8.self) == "{}")
    }

    @Test func anApprovalCarriesTheDefaultKeyringForTheNewMember() throws {
        var community = try Community()
        let moderator = try community.add(.moderator, by: community.root)
        var keyring = FakeKeyring(communityID: community.id)
        let first = try KeyringView.verify(keyring.answer(for: moderator.id, communityHead: community.head), log: nil,
                                           community: community.verified, member: moderator.me)
        try keyring.accept(Rotation.rotate(first, community: community.verified, by: moderator.me, now: Clock.now).body)
        let view = try KeyringView.verify(keyring.answer(for: moderator.id, communityHead: community.head), log: nil,
                                          community: community.verified, member: moderator.me)
        // The moderator approves an application: the certificate and, with it, the wraps.
        let applicant = Person()
        let certificate = SignedCertificate.issue(community.certificate(applicant, .member, issuer: moderator), by: moderator.sign)
        let wraps = try CircleActions.defaultCircleWraps(for: certificate, keyring: view, by: moderator.me)
        #expect(wraps.map(\.epoch) == [1] && wraps.map(\.recipient_id) == [applicant.id])
        try community.certify(applicant, as: .member, by: moderator)
        keyring.wraps += try wraps.map { try $0.wrap(keyringID: community.id) }
        let theirs = try KeyringView.verify(keyring.answer(for: applicant.id, communityHead: community.head), log: nil,
                                            community: community.verified, member: applicant.me)
        #expect(theirs.keys[1] == view.keys[1] && theirs.holders.contains(applicant.id))
    }
}
