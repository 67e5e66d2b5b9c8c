import Core
import Crypto
import Protocol
import Testing

// KeyringLog (PROTOCOL.md §4.1): replaying and appending thread and circle
// membership logs, with every check - chain, signature, certificate, right.

@Suite struct KeyringLogTests {
    /// An AMBER thread by `author` (org O) with its colleague and an expert added.
    struct Amber {
        var forum: Forum
        let author: Person, colleague: Person, expert: Person, other: Person
        var book: KeyringBook

        init(_ label: TLPLabel = .amber) throws {
            forum = try Forum()
            author = try forum.member()
            colleague = try forum.member()
            expert = try forum.expert()
            other = try forum.member(forum.orgP)
            book = try forum.thread(label, by: author)
            try forum.append(&book, .add, colleague, by: author)
            try forum.append(&book, .add, expert, by: author)
        }

        var log: CommunityLog { forum.log }
    }

    // MARK: - The happy path, hash(at:), replay

    @Test func aThreadLogReplaysToItsParticipantsAndPositions() throws {
        let t = try Amber()
        let log = t.book.log
        #expect(log.nextSeq == 3)
        #expect(log.participants == [t.author.id: t.log.certHash(t.author), t.colleague.id: t.log.certHash(t.colleague),
                                     t.expert.id: t.log.certHash(t.expert)])
        #expect(log.holders(community: t.forum.state) == [t.author.id, t.colleague.id, t.expert.id])
        #expect(log.label == .amber)
        #expect(log.keyringID == t.book.record!.keyringID)
        // hash(at:) is the record at 0, then each entry's hash; nothing beyond the head.
        #expect(log.hash(at: 0) == t.book.record!.hash)
        #expect(log.hash(at: 1) == t.book.entries[0].hash)
        #expect(log.hash(at: 2) == t.book.entries[1].hash)
        #expect(log.hash(at: 2) == log.head)
        #expect(log.hash(at: 3) == nil)
        #expect(log.hash(at: .max) == nil)
        #expect(log.hashes.count == 3)
        #expect(t.book.entries[1].prevHash == t.book.entries[0].hash && t.book.entries[0].prevHash == t.book.record!.hash)
        // A client's replay (no `now`) reaches the same state.
        let replayed = try t.book.replay(community: t.forum.state, circleMembers: t.forum.circleMembers)
        #expect(replayed.head == log.head && replayed.participants == log.participants && replayed.hashes == log.hashes)
        #expect(replayed.admitted == [t.author.id, t.colleague.id, t.expert.id])
    }

    @Test func aCircleLogStartsAtSeqZeroFromZeroBytes() throws {
        let forum = try Forum()
        let circle = forum.circle
        #expect(circle.entries[0].seq == 0 && circle.entries[0].prevHash == LogEntry.genesis)
        #expect(circle.log.hash(at: 0) == circle.entries[0].hash)
        #expect(circle.log.label == nil)
        #expect(circle.log.keyringID == forum.state.circles[forum.circleID]!.keyringID)
        var empty = try KeyringLog.circle(forum.circleID, community: forum.state)
        #expect(empty.nextSeq == 0 && empty.head == LogEntry.genesis && empty.hash(at: 0) == nil && empty.participants.isEmpty)
        try empty.apply(circle.entries[0], community: forum.state)
        #expect(empty.head == circle.entries[0].hash)
        expectRefused(.invalid) { try KeyringLog.circle(newID(), community: forum.state) }
        expectRefused(.invalid) { try KeyringLog.circle(forum.state.communityID, community: forum.state) }
    }

    // MARK: - Replay checks

    @Test func aForgedSignatureIsRefused() throws {
        var t = try Amber()
        let mallory = SigningSecretKey()
        let forged = t.book.entry(.add, t.other, by: t.author, in: t.log, signer: mallory)
        expectRefused(.badSignature) { try t.forum.judge(&t.book, forged) }
        let good = t.book.entry(.add, t.colleague, by: t.author, in: t.log)
        for index in [0, 31, 63] {
            let bad = MembershipEntry(keyringID: good.keyringID, seq: good.seq, action: good.action, memberID: good.memberID,
                                      memberCertHash: good.memberCertHash, prevHash: good.prevHash, actorID: good.actorID,
                                      signature: flipped(good.signature, at: index))
            expectRefused(.badSignature) { try t.book.replay(t.book.entries + [bad], community: t.forum.state, circleMembers: t.forum.circleMembers) }
        }
        // An entry signed by the colleague but claiming the author as its actor.
        let claimed = t.book.entry(.add, t.other, by: t.author, in: t.log, signer: t.colleague.sign)
        expectRefused(.badSignature) { try t.forum.judge(&t.book, claimed) }
    }

    @Test func anEntrySignedByANonMemberIsRefused() throws {
        var t = try Amber()
        let stranger = Person(org: t.forum.orgO)
        let entry = t.book.entry(.add, t.other, by: stranger, in: t.log)
        let error = expectRefused(.notAllowed) { try t.forum.judge(&t.book, entry) }
        #expect(error?.description.contains("keyring entry 3") == true, "\(String(describing: error))")
        expectRefused(.notAllowed) { try t.book.replay(t.book.entries + [entry], community: t.forum.state, circleMembers: t.forum.circleMembers) }
    }

    @Test func aDroppedEntryIsRefused() throws {
        var t = try Amber()
        try t.forum.append(&t.book, .add, t.other, by: t.author)
        let e = t.book.entries
        let state = t.forum.state, members = t.forum.circleMembers
        expectRefused(.brokenChain) { try t.book.replay([e[0], e[2]], community: state, circleMembers: members) }
        expectRefused(.brokenChain) { try t.book.replay([e[1], e[2]], community: state, circleMembers: members) }
        // Dropping the tail replays, to an earlier head: only a bound position
        // (an epoch's or a post's log_seq/log_head) shows it (CompromisedServerTests).
        let truncated = try t.book.replay([e[0], e[1]], community: state, circleMembers: members)
        #expect(truncated.head != t.book.head && truncated.hash(at: 3) == nil)
    }

    @Test func reorderedEntriesAreRefused() throws {
        let t = try Amber()
        let e = t.book.entries
        let error = expectRefused(.brokenChain) { try t.book.replay([e[1], e[0]], community: t.forum.state, circleMembers: t.forum.circleMembers) }
        #expect(error?.description.contains("keyring entry 1 is missing") == true, "\(String(describing: error))")
        // Re-signed at the swapped seqs by the author, the chain still does not link (prev_hash).
        let swapped = t.book.entry(.add, t.expert, by: t.author, in: t.log, seq: 1, prevHash: e[0].hash)
        expectRefused(.brokenChain) { try t.book.replay([swapped], community: t.forum.state, circleMembers: t.forum.circleMembers) }
    }

    @Test func aReplayedEntryIsRefused() throws {
        var t = try Amber()
        let e = t.book.entries
        let error = expectRefused(.brokenChain) { try t.forum.judge(&t.book, e[1]) }
        #expect(error?.description.contains("keyring entry 2 again") == true, "\(String(describing: error))")
        expectRefused(.brokenChain) { try t.book.replay([e[0], e[1], e[1]], community: t.forum.state, circleMembers: t.forum.circleMembers) }
        expectRefused(.brokenChain) { try t.book.replay([e[0], e[0]], community: t.forum.state, circleMembers: t.forum.circleMembers) }
        // The same add again at the next seq, re-signed by the author: already a participant.
        let again = t.book.entry(.add, t.expert, by: t.author, in: t.log)
        expectRefused(.invalid) { try t.forum.judge(&t.book, again) }
    }

    @Test func anEntryForAnotherKeyringIsRefused() throws {
        var t = try Amber()
        let other = try t.forum.thread(.amber, by: t.author)
        // Named for the other keyring.
        let foreign = t.book.entry(.add, t.other, by: t.author, in: t.log, keyringID: other.keyringID)
        let error = expectRefused(.invalid) { try t.forum.judge(&t.book, foreign) }
        #expect(error?.description.contains("entry 3 is for another keyring") == true, "\(String(describing: error))")
        // Signed for the other keyring but served under this one (the wire takes the keyring id from the URL).
        let served = MembershipEntry(keyringID: t.book.keyringID, seq: foreign.seq, action: foreign.action, memberID: foreign.memberID,
                                     memberCertHash: foreign.memberCertHash, prevHash: foreign.prevHash, actorID: foreign.actorID,
                                     signature: foreign.signature)
        expectRefused(.badSignature) { try t.forum.judge(&t.book, served) }
    }

    @Test func aCertHashThatIsNotTheMembersIsRefused() throws {
        var t = try Amber()
        for hash in [t.log.certHash(t.expert), GenericHash.hash([1, 2, 3]), [UInt8](repeating: 0, count: 32)] {
            let entry = t.book.entry(.add, t.other, by: t.author, in: t.log, certHash: hash)
            expectRefused(.invalid) { try t.forum.judge(&t.book, entry) }
            expectRefused(.invalid) { try t.book.replay(t.book.entries + [entry], community: t.forum.state, circleMembers: t.forum.circleMembers) }
        }
    }

    /// A member re-keyed: a new add names its current certificate; a replay
    /// accepts the old one (the entry may have been signed before the change).
    @Test func anAddNamesTheMembersCurrentCertificate() throws {
        var t = try Amber()
        let old = t.log.certHash(t.other)
        let rekeyed = t.other.rekeyed()
        try t.forum.log.apply(t.log.certify(rekeyed, as: .member, by: t.forum.moderator, issuedAt: t0 + day + 3600,
                                            keyChangeBy: t.other.sign))
        let stale = t.book.entry(.add, t.other, by: t.author, in: t.log, certHash: old)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, stale) }
        _ = try t.book.replay(t.book.entries + [stale], community: t.forum.state, circleMembers: t.forum.circleMembers)
        try t.forum.judge(&t.book, t.book.entry(.add, rekeyed, by: t.author, in: t.log))
        // The re-keyed member signs with its new key; its old key no longer signs new entries…
        let byOldKey = t.book.entry(.leave, rekeyed, by: rekeyed, in: t.log, signer: t.other.sign)
        expectRefused(.badSignature) { try t.forum.judge(&t.book, byOldKey) }
        // …though a replay accepts it (it may predate the change).
        _ = try t.book.replay(t.book.entries + [byOldKey], community: t.forum.state, circleMembers: t.forum.circleMembers)
        try t.forum.judge(&t.book, t.book.entry(.leave, rekeyed, by: rekeyed, in: t.log))
    }

    @Test func anInjectedParticipantIsRefused() throws {
        var t = try Amber()
        let mallory = try t.forum.member(t.forum.orgP)
        // Forged in the author's name.
        let forged = t.book.entry(.add, mallory, by: t.author, in: t.log, signer: SigningSecretKey())
        expectRefused(.badSignature) { try t.forum.judge(&t.book, forged) }
        // Signed by someone without the right: a community member who is no participant…
        let byOutsider = t.book.entry(.add, mallory, by: t.other, in: t.log)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, byOutsider) }
        // …mallory itself, the circle's moderator, the root admin.
        for actor in [mallory, t.forum.moderator, t.forum.admin] {
            expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, mallory, by: actor, in: t.log)) }
            expectRefused(.notAllowed) {
                try t.book.replay(t.book.entries + [t.book.entry(.add, mallory, by: actor, in: t.log)], community: t.forum.state,
                                  circleMembers: t.forum.circleMembers)
            }
        }
        #expect(t.book.log.participants[mallory.id] == nil)
    }

    // MARK: - Adds against each TLP rule (the full matrix: TLPMatrixLogTests)

    @Test func addsThatBreakEachRule() throws {
        // AMBER: a participant adds neither another organisation nor a circle outsider.
        var t = try Amber()
        let outsider = try t.forum.member(inCircle: false)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, t.other, by: t.colleague, in: t.log)) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, outsider, by: t.author, in: t.log)) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, outsider, by: t.colleague, in: t.log)) }
        let outsideExpert = try t.forum.expert(inCircle: false)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, outsideExpert, by: t.author, in: t.log)) }
        // An expert participant adds an expert, not a member (not even one under its organisation id).
        let expert2 = try t.forum.expert()
        let underExpertsOrg = try t.forum.member(t.forum.orgE)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, underExpertsOrg, by: t.expert, in: t.log)) }
        try t.forum.judge(&t.book, t.book.entry(.add, expert2, by: t.expert, in: t.log))

        // AMBER+STRICT: nobody adds another organisation; only the author invites experts; an invited expert adds nobody.
        var s = try Amber(.amberStrict)
        let colleague2 = try s.forum.member()
        let expert3 = try s.forum.expert()
        let other = try s.forum.member(s.forum.orgP)
        expectRefused(.notAllowed) { try s.forum.judge(&s.book, s.book.entry(.add, other, by: s.author, in: s.log)) }
        expectRefused(.notAllowed) { try s.forum.judge(&s.book, s.book.entry(.add, expert3, by: s.colleague, in: s.log)) }
        expectRefused(.notAllowed) { try s.forum.judge(&s.book, s.book.entry(.add, colleague2, by: s.expert, in: s.log)) }
        try s.forum.judge(&s.book, s.book.entry(.add, colleague2, by: s.colleague, in: s.log))

        // RED: the author alone.
        var r = try Amber(.red)
        let colleague3 = try r.forum.member()
        let expert4 = try r.forum.expert()
        for actor in [r.colleague, r.expert] {
            for target in [colleague3, expert4] {
                expectRefused(.notAllowed) { try r.forum.judge(&r.book, r.book.entry(.add, target, by: actor, in: r.log)) }
            }
        }
        try r.forum.judge(&r.book, r.book.entry(.add, expert4, by: r.author, in: r.log))
    }

    @Test func clearAndGreenThreadsHaveNoKeyringLog() throws {
        var forum = try Forum()
        let author = try forum.member()
        for label in [TLPLabel.clear, .green] {
            let error = expectRefused(.invalid) { try forum.thread(label, by: author) }
            #expect(error?.description.contains(label.rawValue) == true, "\(String(describing: error))")
        }
    }

    // MARK: - Remove and leave

    @Test func onlyTheAuthorRemoves() throws {
        var t = try Amber()
        try t.forum.append(&t.book, .add, t.other, by: t.author)
        for actor in [t.colleague, t.expert, t.other, t.forum.moderator, t.forum.admin] {
            let target = actor.id == t.colleague.id ? t.expert : t.colleague
            expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.remove, target, by: actor, in: t.log)) }
        }
        // Removing oneself is leaving; removing a non-participant is nothing.
        expectRefused(.invalid) { try t.forum.judge(&t.book, t.book.entry(.remove, t.author, by: t.author, in: t.log)) }
        let stranger = try t.forum.member()
        expectRefused(.invalid) { try t.forum.judge(&t.book, t.book.entry(.remove, stranger, by: t.author, in: t.log)) }
        try t.forum.append(&t.book, .remove, t.colleague, by: t.author)
        #expect(t.book.log.participants[t.colleague.id] == nil)
        #expect(!t.book.log.holders(community: t.forum.state).contains(t.colleague.id))
        #expect(t.book.log.admitted.contains(t.colleague.id))
        // The removed one acts no more…
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.leave, t.colleague, by: t.colleague, in: t.log)) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, stranger, by: t.colleague, in: t.log)) }
        // …and may be added again.
        try t.forum.append(&t.book, .add, t.colleague, by: t.author)
        #expect(t.book.log.participants[t.colleague.id] != nil)
        // The author may remove a suspended participant.
        try t.forum.sanction(.suspend, t.other)
        try t.forum.append(&t.book, .remove, t.other, by: t.author)
    }

    @Test func leavingIsForOneself() throws {
        var t = try Amber()
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.leave, t.expert, by: t.colleague, in: t.log)) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.leave, t.colleague, by: t.author, in: t.log)) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.leave, t.other, by: t.other, in: t.log)) }
        try t.forum.append(&t.book, .leave, t.expert, by: t.expert)
        #expect(t.book.log.participants[t.expert.id] == nil)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.leave, t.expert, by: t.expert, in: t.log)) }
    }

    /// The author may leave; the thread stays, and the author no longer adds or removes (‹6›).
    @Test func anAuthorWhoLeftNoLongerActs() throws {
        var t = try Amber()
        try t.forum.append(&t.book, .leave, t.author, by: t.author)
        #expect(t.book.log.holders(community: t.forum.state) == [t.colleague.id, t.expert.id])
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, t.other, by: t.author, in: t.log)) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.remove, t.colleague, by: t.author, in: t.log)) }
        // A colleague may add the author back (a colleague of its own organisation), who then removes again.
        try t.forum.append(&t.book, .add, t.author, by: t.colleague)
        try t.forum.append(&t.book, .remove, t.colleague, by: t.author)
    }

    // MARK: - Suspended and revoked members

    @Test func holdersDropSuspendedAndRevokedMembers() throws {
        var t = try Amber()
        try t.forum.append(&t.book, .add, t.other, by: t.author)
        try t.forum.sanction(.suspend, t.colleague)
        try t.forum.sanction(.revoke, t.other)
        #expect(t.book.log.holders(community: t.forum.state) == [t.author.id, t.expert.id])
        // Still participants in the log: the log does not change with the community log.
        #expect(Set(t.book.log.participants.keys) == [t.author.id, t.colleague.id, t.expert.id, t.other.id])
        try t.forum.sanction(.reinstate, t.colleague)
        #expect(t.book.log.holders(community: t.forum.state) == [t.author.id, t.colleague.id, t.expert.id])
        // The circle's holders too.
        #expect(!t.forum.circleMembers.contains(t.other.id) && t.forum.circleMembers.contains(t.colleague.id))
    }

    /// A suspended or revoked participant acts no more when the server judges
    /// a new entry; a replay cannot tell when an entry was signed and accepts it.
    @Test func aSuspendedOrRevokedActorIsRefusedWhenJudgedNow() throws {
        var t = try Amber()
        let colleague2 = try t.forum.member()
        try t.forum.sanction(.suspend, t.author)
        let add = t.book.entry(.add, colleague2, by: t.author, in: t.log)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, add) }
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.leave, t.author, by: t.author, in: t.log)) }
        _ = try t.book.replay(t.book.entries + [add], community: t.forum.state, circleMembers: t.forum.circleMembers)
        try t.forum.sanction(.revoke, t.author)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, add) }
        // Nor is a suspended member added.
        try t.forum.sanction(.suspend, colleague2)
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, colleague2, by: t.colleague, in: t.log)) }
        // An actor whose certificate expired.
        let late = tNow + 400 * day
        expectRefused(.notAllowed) {
            try t.book.apply(t.book.entry(.leave, t.colleague, by: t.colleague, in: t.log), community: t.forum.state,
                             circleMembers: t.forum.circleMembers, now: late)
        }
    }

    /// A participant re-certified with another role after it added someone:
    /// the replay still accepts what its certificate then allowed.
    @Test func aLaterRoleChangeDoesNotBreakTheReplay() throws {
        var t = try Amber()
        let colleague2 = try t.forum.member()
        try t.forum.append(&t.book, .add, colleague2, by: t.colleague)
        // The colleague becomes an expert (same keys, same organisation), so a
        // colleague of non-experts no longer (‹3›).
        let cert = t.log.certificate(t.colleague, .expert, by: t.forum.admin, issuedAt: t0 + day + 60)
        try t.forum.log.apply(t.log.certify(cert, by: t.forum.admin))
        #expect(t.forum.state.member(t.colleague.id)?.role == .expert)
        let replayed = try t.book.replay(community: t.forum.state, circleMembers: t.forum.circleMembers)
        #expect(replayed.head == t.book.head)
        // Judged now, the expert adds experts only.
        let colleague3 = try t.forum.member()
        expectRefused(.notAllowed) { try t.forum.judge(&t.book, t.book.entry(.add, colleague3, by: t.colleague, in: t.log)) }
    }

    /// A member who left the circle after being added to a thread: a replay
    /// passes the circle log's `admitted`; the circle's members now would refuse.
    @Test func aReplayPassesEveryoneTheCircleEverAdmitted() throws {
        var t = try Amber()
        try t.forum.append(&t.book, .add, t.other, by: t.author)
        try t.forum.circle.append(.remove, t.other, by: t.forum.moderator, in: t.log)
        #expect(!t.forum.circleMembers.contains(t.other.id))
        expectRefused(.notAllowed) { try t.book.replay(community: t.forum.state, circleMembers: t.forum.circleMembers) }
        let replayed = try t.book.replay(community: t.forum.state, circleMembers: t.forum.circle.log.admitted)
        #expect(replayed.head == t.book.head)
    }

    // MARK: - The creation record

    @Test func theCreationRecordIsChecked() throws {
        var forum = try Forum()
        let author = try forum.member()
        let colleague = try forum.member()
        let state = forum.state
        // Signed by someone else, or naming another certificate.
        expectRefused(.badSignature) { try KeyringLog.thread(forum.log.record(.amber, by: author, signer: colleague.sign), community: state) }
        expectRefused(.invalid) {
            try KeyringLog.thread(forum.log.record(.amber, by: author, certHash: forum.log.certHash(colleague)), community: state)
        }
        // Another community, an unknown author, an unknown circle.
        let elsewhere = ThreadRecord.sign(communityID: newID(), threadID: newID(), keyringID: newID(), circleID: forum.circleID, label: .amber,
                                          authorID: author.id, authorCertHash: forum.log.certHash(author), key: author.sign)
        expectRefused(.invalid) { try KeyringLog.thread(elsewhere, community: state) }
        expectRefused(.invalid) { try KeyringLog.thread(forum.log.record(.amber, by: Person(), certHash: forum.log.certHash(author)), community: state) }
        expectRefused(.invalid) { try KeyringLog.thread(forum.log.record(.amber, by: author, circleID: newID()), community: state) }
        // A thread keyring may not take the id of a circle's keyring or of the default circle's.
        let circleKeyring = state.circles[forum.circleID]!.keyringID
        for id in [circleKeyring, forum.circleID, state.communityID] {
            expectRefused(.invalid) { try KeyringLog.thread(forum.log.record(.red, by: author, keyringID: id), community: state) }
        }
        // The default circle and a collaboration circle both hold threads.
        _ = try KeyringLog.thread(forum.log.record(.amber, by: author), community: state, now: tNow)
        _ = try KeyringLog.thread(forum.log.record(.amber, by: author, circleID: forum.circleID), community: state, now: tNow)
        // A suspended author opens no new thread (a replay accepts the record it signed before).
        let record = forum.log.record(.red, by: author)
        try forum.sanction(.suspend, author)
        expectRefused(.notAllowed) { try KeyringLog.thread(record, community: forum.state, now: tNow) }
        _ = try KeyringLog.thread(record, community: forum.state)
    }

    // MARK: - Circle logs

    @Test func circleAddsAreForTheCirclesModerators() throws {
        var forum = try Forum()
        let member = try forum.member()
        let newcomer = try forum.member(inCircle: false)
        let moderator2 = try forum.log.add(.moderator, by: forum.admin)
        // Not the members, not the community's admins and moderators who are not the circle's.
        for actor in [member, forum.admin, moderator2] {
            expectRefused(.notAllowed) { try forum.judge(&forum.circle, forum.circle.entry(.add, newcomer, by: actor, in: forum.log)) }
            expectRefused(.notAllowed) { try forum.judge(&forum.circle, forum.circle.entry(.remove, member, by: actor, in: forum.log)) }
        }
        // The circle's moderator admits and removes; a member leaves itself only.
        try forum.judge(&forum.circle, forum.circle.entry(.add, newcomer, by: forum.moderator, in: forum.log))
        expectRefused(.invalid) { try forum.judge(&forum.circle, forum.circle.entry(.add, newcomer, by: forum.moderator, in: forum.log)) }
        expectRefused(.notAllowed) { try forum.judge(&forum.circle, forum.circle.entry(.leave, member, by: newcomer, in: forum.log)) }
        try forum.judge(&forum.circle, forum.circle.entry(.leave, newcomer, by: newcomer, in: forum.log))
        expectRefused(.invalid) { try forum.judge(&forum.circle, forum.circle.entry(.remove, newcomer, by: forum.moderator, in: forum.log)) }
        try forum.judge(&forum.circle, forum.circle.entry(.remove, member, by: forum.moderator, in: forum.log))
        #expect(forum.circleMembers == [forum.moderator.id])
        #expect(forum.circle.log.admitted == [forum.moderator.id, member.id, newcomer.id])
        // A forged add in the moderator's name.
        let forged = forum.circle.entry(.add, newcomer, by: forum.moderator, in: forum.log, signer: SigningSecretKey())
        expectRefused(.badSignature) { try forum.judge(&forum.circle, forged) }
    }

    /// Relieving or suspending a circle moderator stops its new entries and
    /// keeps every client's replay of the ones it signed.
    @Test func aRelievedOrSuspendedCircleModerator() throws {
        var forum = try Forum()
        let moderator2 = try forum.log.add(.moderator, by: forum.admin)
        try forum.log.apply(forum.log.circleModerator(moderator2, of: forum.circleID, by: forum.admin))
        let a = try forum.member(inCircle: false), b = try forum.member(inCircle: false)
        try forum.judge(&forum.circle, forum.circle.entry(.add, a, by: moderator2, in: forum.log))
        try forum.log.apply(forum.log.circleModerator(moderator2, of: forum.circleID, add: false, by: forum.admin))
        expectRefused(.notAllowed) { try forum.judge(&forum.circle, forum.circle.entry(.add, b, by: moderator2, in: forum.log)) }
        _ = try forum.circle.replay(community: forum.state)
        // Suspended: no new entries (the replay stays good).
        try forum.sanction(.suspend, forum.moderator)
        expectRefused(.notAllowed) { try forum.judge(&forum.circle, forum.circle.entry(.add, b, by: forum.moderator, in: forum.log)) }
        _ = try forum.circle.replay(community: forum.state)
        try forum.sanction(.reinstate, forum.moderator)
        try forum.judge(&forum.circle, forum.circle.entry(.add, b, by: forum.moderator, in: forum.log))
        // Someone never appointed is refused on replay too.
        let member = try forum.member()
        let byMember = forum.circle.entry(.remove, a, by: member, in: forum.log)
        expectRefused(.notAllowed) { try forum.circle.replay(forum.circle.entries + [byMember], community: forum.state) }
    }
}
