import Core
import Crypto
import Protocol
import Testing

// CommunityState: the replay of the community log (PROTOCOL.md §3) with
// every signature, link and right checked. Each rule is tested both ways:
// the entry that follows it is accepted and the one that breaks it refused,
// with the kind of refusal.

/// A state for `communityID` pinned to `root`'s fingerprint (nil: the server's, unpinned).
func freshState(_ communityID: String, pinnedTo root: Person?) throws -> CommunityState {
    CommunityState(communityID: communityID, policy: try RolePolicy.embedded(),
                   pinnedRoot: root.map { KeyBundle.fingerprint(signPublicKey: $0.sign.publicKey, boxPublicKey: $0.box.publicKey) })
}

@Suite struct CommunityStateTests {
    // MARK: - A community with every role

    @Test func aCommunityWithEveryRoleReplays() throws {
        let cast = try Cast()
        let state = cast.log.state
        #expect(state.rootID == cast.root.id)
        #expect(state.nextSeq == 6)
        #expect(state.head == cast.log.head)
        #expect(state.members.count == 6)
        for role in Role.allCases {
            let person = cast.person(role)
            let member = try #require(state.member(person.id))
            #expect(member.role == role)
            #expect(member.status == .active)
            let flagged = member.unverifiedKeyChange
            #expect(!flagged)
            #expect(member.orgID == person.org)
            #expect(member.current.certificate.signPublicKey == person.sign.publicKey)
            #expect(member.isValid(at: t0 + 2 * day))
        }
        #expect(state.member(cast.orgAdmin.id)?.orgID == state.member(cast.member.id)?.orgID)
        #expect(state.member(newID()) == nil)

        // A client replaying from nothing and the unpinned server reach the same head.
        let replayed = try cast.log.replay()
        #expect(replayed.head == state.head && replayed.nextSeq == state.nextSeq)
        var server = try freshState(cast.log.communityID, pinnedTo: nil)
        for entry in cast.log.entries { try server.apply(entry) }
        #expect(server.head == state.head)
    }

    @Test func aRefusedEntryChangesNothing() throws {
        var cast = try Cast()
        let before = cast.log.state
        let newcomer = Person()
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(newcomer, as: .admin, by: cast.moderator)) }
        #expect(cast.log.state.head == before.head)
        #expect(cast.log.state.nextSeq == before.nextSeq)
        #expect(cast.log.state.member(newcomer.id) == nil)
        // The same position then takes a valid entry.
        try cast.log.apply(cast.log.certify(newcomer, as: .member, by: cast.moderator))
        #expect(cast.log.state.member(newcomer.id)?.role == .member)
    }

    // MARK: - Entry 0, the root

    @Test func theRootIsPinned() throws {
        let root = Person()
        let id = newID()
        let entry = CommunityLog.rootEntry(communityID: id, root: root)
        var pinnedElsewhere = try freshState(id, pinnedTo: Person())
        expectRefused(.notAllowed) { try pinnedElsewhere.apply(entry) }
        #expect(pinnedElsewhere.rootID == nil && pinnedElsewhere.nextSeq == 0)
        // Same sign key, other box key: another bundle, another fingerprint.
        var otherBox = try freshState(id, pinnedTo: root.newBoxKey())
        expectRefused(.notAllowed) { try otherBox.apply(entry) }
        var pinned = try freshState(id, pinnedTo: root)
        try pinned.apply(entry)
        #expect(pinned.rootID == root.id)
        var server = try freshState(id, pinnedTo: nil)
        try server.apply(entry)
        #expect(server.rootID == root.id)
    }

    @Test func entryZeroMustBeTheRoot() throws {
        let root = Person()
        let id = newID()
        let cert = Certificate(communityID: id, memberID: root.id, orgID: root.org, role: .admin, signPublicKey: root.sign.publicKey,
                               boxPublicKey: root.box.publicKey, issuedAt: t0, expiresAt: t0 + 365 * day, issuerID: root.id)
        let certify = LogEntry.sign(communityID: id, seq: 0, kind: .certify, actorID: root.id,
                                    payload: SignedCertificate.issue(cert, by: root.sign).payload, prevHash: LogEntry.genesis, key: root.sign)
        var state = try freshState(id, pinnedTo: root)
        expectRefused(.invalid) { try state.apply(certify) }
        let suspend = LogEntry.sign(communityID: id, seq: 0, kind: .suspend, actorID: root.id,
                                    payload: SanctionPayload(kind: .suspend, memberID: root.id, reason: "x").bytes,
                                    prevHash: LogEntry.genesis, key: root.sign)
        expectRefused(.invalid) { try state.apply(suspend) }
        #expect(state.nextSeq == 0)
    }

    @Test func aSecondRootIsRefused() throws {
        var log = try CommunityLog()
        let again = CommunityLog.rootEntry(communityID: log.communityID, root: log.root, seq: 1, prevHash: log.head)
        expectRefused(.invalid) { try log.apply(again) }
        let other = Person()
        let otherRoot = CommunityLog.rootEntry(communityID: log.communityID, root: other, seq: 1, prevHash: log.head)
        expectRefused(.invalid) { try log.apply(otherRoot) }
        #expect(log.state.rootID == log.root.id)
    }

    @Test func theRootMustBeSelfSigned() throws {
        let root = Person(), other = Person()
        let id = newID()
        var state = try freshState(id, pinnedTo: root)
        // Names another issuer.
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, issuerID: other.id)) }
        // Names itself but is signed by another key.
        expectRefused(.badSignature) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, certSigner: other.sign)) }
        // The entry is signed by another key.
        let good = CommunityLog.rootEntry(communityID: id, root: root)
        let forged = LogEntry(seq: 0, kind: .root, actorID: root.id, payload: good.payload, prevHash: LogEntry.genesis,
                              signature: other.sign.sign(good.signedBytes(communityID: id)))
        expectRefused(.badSignature) { try state.apply(forged) }
        let flippedSignature = LogEntry(seq: 0, kind: .root, actorID: root.id, payload: good.payload, prevHash: LogEntry.genesis,
                                        signature: flipped(good.signature, at: 10))
        expectRefused(.badSignature) { try state.apply(flippedSignature) }
        // The entry names another actor.
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, actorID: other.id)) }
        #expect(state.nextSeq == 0)
        try state.apply(good)
        #expect(state.nextSeq == 1)
    }

    @Test(arguments: [Role.member, .orgAdmin, .expert, .moderator])
    func theRootMustBeAnAdmin(_ role: Role) throws {
        let root = Person()
        let id = newID()
        var state = try freshState(id, pinnedTo: root)
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, role: role)) }
    }

    @Test func theRootMustBeOfThisCommunity() throws {
        let root = Person()
        let id = newID(), other = newID()
        var state = try freshState(id, pinnedTo: root)
        // A certificate for another community, in an entry signed for this one.
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, certCommunityID: other)) }
        // Another community's entry 0, as it is.
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: other, root: root)) }
        #expect(state.rootID == nil)
    }

    @Test func theRootRunsAtMostTwentyYears() throws {
        let root = Person()
        let id = newID()
        var state = try freshState(id, pinnedTo: root)
        let tooLong = CommunityLog.rootEntry(communityID: id, root: root, expiresAt: t0 + CommunityState.maxRootValidity + 1)
        expectRefused(.invalid) { try state.apply(tooLong) }
        try state.apply(CommunityLog.rootEntry(communityID: id, root: root, expiresAt: t0 + CommunityState.maxRootValidity))
        #expect(state.member(root.id)?.current.certificate.expiresAt == t0 + CommunityState.maxRootValidity)
    }

    @Test func theRootCarriesNoKeyChangeSignature() throws {
        let root = Person()
        let id = newID()
        var state = try freshState(id, pinnedTo: root)
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, keyChangeBy: root.sign)) }
        expectRefused(.invalid) { try state.apply(CommunityLog.rootEntry(communityID: id, root: root, keyChangeBy: Person().sign)) }
    }

    // MARK: - The chain: seq and prev_hash

    @Test func aTruncatedLogIsRefused() throws {
        let cast = try Cast()
        var state = try freshState(cast.log.communityID, pinnedTo: cast.root)
        let entries = cast.log.entries
        try state.apply(entries[0])
        try state.apply(entries[1])
        expectRefused(.brokenChain) { try state.apply(entries[3]) }
        expectRefused(.brokenChain) { try state.apply(entries[5]) }
        // A log that starts in the middle.
        var late = try freshState(cast.log.communityID, pinnedTo: cast.root)
        expectRefused(.brokenChain) { try late.apply(entries[1]) }
    }

    @Test func aForkedLogIsRefused() throws {
        var cast = try Cast()
        let fork = cast.log // the same history up to here
        let a = Person(), b = Person()
        try cast.log.apply(cast.log.certify(a, as: .member, by: cast.moderator))
        var forked = fork
        try forked.apply(forked.certify(b, as: .member, by: cast.moderator))
        // Both branches are valid on their own; the next entry of one branch does not follow the other.
        let next = forked.certify(Person(), as: .member, by: cast.moderator)
        expectRefused(.brokenChain) { try cast.log.apply(next) }
        // The same seq with a prev_hash that is not the head.
        let otherPrev = cast.log.certify(cast.log.certificate(Person(), .member, by: cast.moderator), by: cast.moderator,
                                         prevHash: flipped(cast.log.head, at: 0))
        expectRefused(.brokenChain) { try cast.log.apply(otherPrev) }
        let zeroPrev = cast.log.certify(cast.log.certificate(Person(), .member, by: cast.moderator), by: cast.moderator,
                                        prevHash: LogEntry.genesis)
        expectRefused(.brokenChain) { try cast.log.apply(zeroPrev) }
    }

    @Test func aChangedEarlierEntryBreaksTheChain() throws {
        let cast = try Cast()
        var entries = cast.log.entries
        // The moderator re-signs entry 4 (the member's certificate) with another expiry.
        let changed = cast.log.certificate(cast.member, .member, by: cast.moderator, expiresAt: t0 + 300 * day)
        entries[4] = cast.log.certify(changed, by: cast.moderator, seq: 4, prevHash: entries[3].hash(communityID: cast.log.communityID))
        var state = try freshState(cast.log.communityID, pinnedTo: cast.root)
        for entry in entries[0...4] { try state.apply(entry) }
        expectRefused(.brokenChain) { try state.apply(entries[5]) }
    }

    @Test func aReorderedLogIsRefused() throws {
        let cast = try Cast()
        let e = cast.log.entries
        var state = try freshState(cast.log.communityID, pinnedTo: cast.root)
        for entry in e[0...2] { try state.apply(entry) }
        expectRefused(.brokenChain) { try state.apply(e[4]) }
        try state.apply(e[3])
        try state.apply(e[4])
        // Entry 5 with seq 4's place: a relabelled seq breaks the signature.
        let relabelled = LogEntry(seq: 4, kind: e[5].kind, actorID: e[5].actorID, payload: e[5].payload,
                                  prevHash: e[5].prevHash, signature: e[5].signature)
        var other = try freshState(cast.log.communityID, pinnedTo: cast.root)
        for entry in e[0...3] { try other.apply(entry) }
        expectRefused(.brokenChain) { try other.apply(relabelled) } // prev_hash is entry 4's hash, not entry 3's
    }

    @Test func aReplayedEntryIsRefused() throws {
        var cast = try Cast()
        for entry in cast.log.entries {
            expectRefused(.brokenChain) { try cast.log.apply(entry) }
        }
        // The last entry again, the one a replay most likely repeats.
        let last = try #require(cast.log.entries.last)
        var state = try cast.log.replay()
        expectRefused(.brokenChain) { try state.apply(last) }
        #expect(state.nextSeq == 6)
    }

    @Test func seqPrevHashAndPayloadAreSigned() throws {
        var cast = try Cast()
        let log = cast.log
        let payload = SignedCertificate.issue(log.certificate(Person(), .member, by: cast.moderator), by: cast.moderator.sign).payload
        func relabel(_ e: LogEntry, seq: UInt64? = nil, prevHash: [UInt8]? = nil, payload: [UInt8]? = nil) -> LogEntry {
            LogEntry(seq: seq ?? e.seq, kind: e.kind, actorID: e.actorID, payload: payload ?? e.payload,
                     prevHash: prevHash ?? e.prevHash, signature: e.signature)
        }
        // Signed for another position, then moved to the right one.
        let signedForNext = log.entry(.certify, by: cast.moderator, payload: payload, seq: log.nextSeq + 1)
        expectRefused(.badSignature) { try cast.log.apply(relabel(signedForNext, seq: log.nextSeq)) }
        let signedOnOtherPrev = log.entry(.certify, by: cast.moderator, payload: payload, prevHash: LogEntry.genesis)
        expectRefused(.badSignature) { try cast.log.apply(relabel(signedOnOtherPrev, prevHash: log.head)) }
        // The payload swapped for another certificate the moderator signed.
        let good = log.entry(.certify, by: cast.moderator, payload: payload)
        let otherPayload = SignedCertificate.issue(log.certificate(Person(), .member, by: cast.moderator), by: cast.moderator.sign).payload
        expectRefused(.badSignature) { try cast.log.apply(relabel(good, payload: otherPayload)) }
        // The actor id is not signed: naming another actor only makes the entry fail.
        let otherActor = LogEntry(seq: good.seq, kind: good.kind, actorID: cast.admin.id, payload: good.payload,
                                  prevHash: good.prevHash, signature: good.signature)
        expectRefused(.badSignature) { try cast.log.apply(otherActor) }
        try cast.log.apply(good)
    }

    @Test func anEntryOfAnotherCommunityIsRefused() throws {
        var a = try Cast()
        // The same people and positions, signed for another community id.
        let other = newID()
        let cert = a.log.certificate(Person(), .member, by: a.moderator)
        let signed = SignedCertificate.issue(cert, by: a.moderator.sign)
        let entry = LogEntry.sign(communityID: other, seq: a.log.nextSeq, kind: .certify, actorID: a.moderator.id,
                                  payload: signed.payload, prevHash: a.log.head, key: a.moderator.sign)
        expectRefused(.badSignature) { try a.log.apply(entry) }
    }
}
