import Core
import Crypto
import Protocol
import Testing

// The TLP matrix of CoreTests/TLPMatrixTests, on real signed logs: every
// label × relationship × action, the expected cells written out again below
// (the two test targets cannot share a file; the table is the same, letter
// for letter, with the same resolved ambiguities ‹1›-‹8› explained there).
// Here each cell is asserted against TLPRules and against KeyringLog on a
// thread keyring log built with fresh keys in a collaboration circle:
// see/read/post = a holder of the thread's keyring (for CLEAR/GREEN, of the
// circle's); add/remove/leave = KeyringLog.apply judging the entry as the
// server does (`now`), and as a client's replay; change label = a re-signed
// record with another label breaks the chain of every entry after it.
//
// A replay cannot tell when an entry was signed: for the suspended
// participant it accepts what the same participant could do before its
// suspension (the colleague+ row); the server, judging at `now`, refuses.

enum MatrixRelationship: String, CaseIterable, Sendable {
    case author, colleagueAdded, colleagueNotAdded, otherOrgAdded, otherOrgNotAdded, expertInvited, expertNotInvited,
         moderator, outsider, suspended
}

enum MatrixAction: String, CaseIterable, Sendable {
    case see, read, post
    case addAuthorColleague, addOwnColleague, addOtherOrg, addExpert, addSameOrgOtherKind, addNonMember, addNonMemberExpert
    case remove, leave, changeLabel
}

/// The table, as written: per label, per relationship, one letter per action
/// in `MatrixAction.allCases` order (Y allowed, N refused, - cannot arise).
let logTable: [TLPLabel: [MatrixRelationship: String]] = [
    //                               see read post | aC oC oO ex sK nM nE | rm lv lb
    .clear: [
        .author:            "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",  // ‹8›
        .colleagueAdded:    "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .colleagueNotAdded: "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",  // every circle member reads
        .otherOrgAdded:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .otherOrgNotAdded:  "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .expertInvited:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .expertNotInvited:  "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .moderator:         "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",  // ‹5›
        .outsider:          "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .suspended:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹4›
    ],
    .green: [
        .author:            "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",  // ‹8›
        .colleagueAdded:    "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .colleagueNotAdded: "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .otherOrgAdded:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .otherOrgNotAdded:  "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .expertInvited:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .expertNotInvited:  "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",
        .moderator:         "        Y   Y    Y    | N  N  N  N  N  N  N  | N  N  N",  // ‹5›
        .outsider:          "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .suspended:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹4›
    ],
    .amber: [
        .author:            "        Y   Y    Y    | Y  Y  Y  Y  Y  N  N  | Y  Y  N",  // any circle member ‹1›
        .colleagueAdded:    "        Y   Y    Y    | Y  Y  N  Y  Y  N  N  | N  Y  N",  // own colleagues and experts ‹1›
        .colleagueNotAdded: "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .otherOrgAdded:     "        Y   Y    Y    | N  Y  N  Y  Y  N  N  | N  Y  N",  // its own colleagues, not the author's
        .otherOrgNotAdded:  "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .expertInvited:     "        Y   Y    Y    | N  Y  N  Y  N  N  N  | N  Y  N",  // ‹3›: experts only
        .expertNotInvited:  "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .moderator:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹5›
        .outsider:          "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .suspended:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹4›
    ],
    .amberStrict: [
        .author:            "        Y   Y    Y    | Y  Y  N  Y  Y  N  N  | Y  Y  N",  // its colleagues, experts it invites ‹1›
        .colleagueAdded:    "        Y   Y    Y    | Y  Y  N  N  N  N  N  | N  Y  N",  // the author's colleagues only
        .colleagueNotAdded: "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .otherOrgAdded:     "        -   -    -    | -  -  -  -  -  -  -  | -  -  -",  // cannot be added
        .otherOrgNotAdded:  "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .expertInvited:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  Y  N",  // ‹2›
        .expertNotInvited:  "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .moderator:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹5›
        .outsider:          "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .suspended:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹4›
    ],
    .red: [
        .author:            "        Y   Y    Y    | Y  Y  Y  Y  Y  N  N  | Y  Y  N",  // the author alone ‹1›
        .colleagueAdded:    "        Y   Y    Y    | N  N  N  N  N  N  N  | N  Y  N",
        .colleagueNotAdded: "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .otherOrgAdded:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  Y  N",  // named by the author
        .otherOrgNotAdded:  "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .expertInvited:     "        Y   Y    Y    | N  N  N  N  N  N  N  | N  Y  N",  // named by the author
        .expertNotInvited:  "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .moderator:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹5›
        .outsider:          "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",
        .suspended:         "        N   N    N    | N  N  N  N  N  N  N  | N  N  N",  // ‹4›
    ],
]

func logExpected(_ label: TLPLabel, _ relationship: MatrixRelationship, _ action: MatrixAction) -> Bool? {
    let letters = Array(logTable[label]![relationship]!.filter { $0 == "Y" || $0 == "N" || $0 == "-" })
    precondition(letters.count == MatrixAction.allCases.count, "row \(label.rawValue) \(relationship) has \(letters.count) cells")
    switch letters[MatrixAction.allCases.firstIndex(of: action)!] {
    case "Y": return true
    case "N": return false
    default: return nil
    }
}

@Suite struct TLPMatrixLogTests {
    /// A thread of `label` in a collaboration circle, with a person for every
    /// relationship and every target.
    struct Scene {
        var forum: Forum
        let label: TLPLabel
        let actors: [MatrixRelationship: Person]
        // Targets.
        let authorColleague: Person, otherOrg: Person, expert: Person, nonMember: Person, nonMemberExpert: Person
        let ownColleague: [String: Person]     // by organisation id (non-experts) or "experts"
        let otherKind: [String: Person]        // by organisation id: the other kind under it
        let moderatorOrg: String
        /// The thread's log after the adds (nil for CLEAR/GREEN).
        let book: KeyringBook?
        let record: ThreadRecord

        init(_ label: TLPLabel) throws {
            self.label = label
            var f = try Forum()
            let orgQ = newID()
            moderatorOrg = f.moderator.org
            let author = try f.member(), colP = try f.member(), colN = try f.member(), susp = try f.member()
            let othP = try f.member(f.orgP), othN = try f.member(f.orgP)
            let expI = try f.expert(), expN = try f.expert()
            let outsider = try f.member(inCircle: false)
            authorColleague = try f.member()
            otherOrg = try f.member(orgQ)
            expert = try f.expert()
            nonMember = try f.member(inCircle: false)
            nonMemberExpert = try f.expert(inCircle: false)
            ownColleague = [f.orgO: authorColleague, f.orgP: try f.member(f.orgP), "experts": expert,
                            moderatorOrg: try f.person(.member, org: moderatorOrg)]
            otherKind = [f.orgO: try f.person(.expert, org: f.orgO), f.orgP: try f.person(.expert, org: f.orgP),
                         f.orgE: try f.member(f.orgE), moderatorOrg: try f.person(.expert, org: moderatorOrg)]
            actors = [.author: author, .colleagueAdded: colP, .colleagueNotAdded: colN, .otherOrgAdded: othP, .otherOrgNotAdded: othN,
                      .expertInvited: expI, .expertNotInvited: expN, .moderator: f.moderator, .outsider: outsider, .suspended: susp]
            record = f.log.record(label, by: author, circleID: f.circleID)
            if label.usesCircleKeyring {
                book = nil
            } else {
                var book = try KeyringBook(thread: record, community: f.state)
                for participant in [colP, expI, susp] { try f.append(&book, .add, participant, by: author) }
                if label == .amberStrict {
                    // Another organisation cannot be added to AMBER+STRICT: that row cannot arise.
                    let entry = book.entry(.add, othP, by: author, in: f.log)
                    expectRefused(.notAllowed) { try f.judge(&book, entry) }
                } else {
                    try f.append(&book, .add, othP, by: author)
                }
                self.book = book
            }
            try f.sanction(.suspend, susp)
            forum = f
        }

        func target(_ action: MatrixAction, for actor: Person) -> Person {
            let isExpert = forum.state.member(actor.id)!.role == .expert
            switch action {
            case .addAuthorColleague: return authorColleague
            case .addOwnColleague: return ownColleague[isExpert ? "experts" : actor.org]!
            case .addOtherOrg: return otherOrg
            case .addExpert: return expert
            case .addSameOrgOtherKind: return otherKind[actor.org]!
            case .addNonMember: return nonMember
            case .addNonMemberExpert: return nonMemberExpert
            default: fatalError("not an add")
            }
        }

        /// The entry `relationship` would sign for `action` (add, remove, leave).
        func entry(_ action: MatrixAction, by relationship: MatrixRelationship, in book: KeyringBook) -> MembershipEntry {
            let actor = actors[relationship]!
            switch action {
            case .remove:
                let target = relationship == .expertInvited ? actors[.colleagueAdded]! : actors[.expertInvited]!
                return book.entry(.remove, target, by: actor, in: forum.log)
            case .leave:
                return book.entry(.leave, actor, by: actor, in: forum.log)
            default:
                return book.entry(.add, target(action, for: actor), by: actor, in: forum.log)
            }
        }

        /// What the signed logs say about one cell.
        func onTheLog(_ r: MatrixRelationship, _ action: MatrixAction, replay: Bool) -> Bool {
            let actor = actors[r]!
            switch action {
            case .see, .read, .post:
                guard let book else { return forum.circleMembers.contains(actor.id) }
                return book.log.holders(community: forum.state).contains(actor.id)
            case .changeLabel:
                return false // relabelled records: `aLabelNeverChanges`
            default:
                guard var book else {
                    // CLEAR/GREEN threads have no keyring log to add to, remove from or leave.
                    expectRefused(.invalid) { try KeyringLog.thread(record, community: forum.state) }
                    return false
                }
                let entry = entry(action, by: r, in: book)
                do {
                    if replay {
                        _ = try book.replay(book.entries + [entry], community: forum.state, circleMembers: forum.circle.log.admitted)
                    } else {
                        try forum.judge(&book, entry)
                    }
                    return true
                } catch {
                    return false
                }
            }
        }
    }

    /// What TLPRules says about one cell, from the scene's people.
    static func rules(_ scene: Scene, _ r: MatrixRelationship, _ action: MatrixAction) -> Bool {
        let state = scene.forum.state
        let person = scene.actors[r]!
        let member = state.member(person.id)!
        let holders = scene.book?.log.holders(community: state) ?? scene.forum.circleMembers
        let actor = TLPRules.Actor(isAuthor: r == .author, isHolder: holders.contains(person.id), orgID: member.orgID,
                                   isExpert: member.role == .expert)
        switch action {
        case .see, .read: return TLPRules.maySee(label: scene.label, isHolder: actor.isHolder)
        case .post: return TLPRules.mayPost(label: scene.label, isHolder: actor.isHolder)
        case .remove: return TLPRules.mayRemove(label: scene.label, actor: actor)
        case .leave: return TLPRules.mayLeave(label: scene.label, actor: actor)
        case .changeLabel: return TLPRules.mayChangeLabel()
        default:
            let target = scene.target(action, for: person)
            let cert = state.member(target.id)!
            return TLPRules.mayAdd(label: scene.label, actor: actor, authorOrg: scene.forum.orgO,
                                   target: .init(orgID: cert.orgID, isExpert: cert.role == .expert,
                                                 inCircle: scene.forum.circleMembers.contains(target.id)))
        }
    }

    @Test func theTableIsCoreTestsTable() {
        #expect(Set(logTable.keys) == Set(TLPLabel.allCases))
        for label in TLPLabel.allCases {
            #expect(Set(logTable[label]!.keys) == Set(MatrixRelationship.allCases))
        }
    }

    @Test(arguments: TLPLabel.allCases)
    func everyCellOnSignedLogs(_ label: TLPLabel) throws {
        let scene = try Scene(label)
        for r in MatrixRelationship.allCases {
            for action in MatrixAction.allCases {
                guard let want = logExpected(label, r, action) else { continue }
                let cell = "\(label.rawValue) \(r.rawValue) \(action.rawValue)"
                #expect(TLPMatrixLogTests.rules(scene, r, action) == want, "TLPRules: \(cell)")
                #expect(scene.onTheLog(r, action, replay: false) == want, "judged now: \(cell)")
                let replayWant = r == .suspended && ![.see, .read, .post].contains(action) ? logExpected(label, .colleagueAdded, action)! : want
                #expect(scene.onTheLog(r, action, replay: true) == replayWant, "replayed: \(cell)")
            }
        }
    }

    /// A label never changes: the same thread and keyring under another
    /// label, even re-signed by the author, is another record whose hash no
    /// entry of the real log follows.
    @Test(arguments: [TLPLabel.amber, .amberStrict, .red])
    func aLabelNeverChanges(_ label: TLPLabel) throws {
        let scene = try Scene(label)
        let book = try #require(scene.book)
        let author = scene.actors[.author]!
        for other in TLPLabel.allCases where other != label {
            let relabelled = scene.forum.log.record(other, by: author, circleID: scene.forum.circleID, threadID: scene.record.threadID,
                                                    keyringID: scene.record.keyringID)
            #expect(relabelled.hash != scene.record.hash)
            if other.usesCircleKeyring {
                expectRefused(.invalid) { try KeyringLog.thread(relabelled, community: scene.forum.state) }
                continue
            }
            var log = try KeyringLog.thread(relabelled, community: scene.forum.state)
            expectRefused(.brokenChain, "\(other.rawValue)") { try log.apply(book.entries[0], community: scene.forum.state) }
            // The original record with only its label changed fails its signature.
            let tampered = ThreadRecord(communityID: scene.record.communityID, threadID: scene.record.threadID, keyringID: scene.record.keyringID,
                                        circleID: scene.record.circleID, label: other, authorID: scene.record.authorID,
                                        authorCertHash: scene.record.authorCertHash, signature: scene.record.signature)
            expectRefused(.badSignature) { try KeyringLog.thread(tampered, community: scene.forum.state) }
        }
        #expect(!TLPRules.mayChangeLabel())
    }
}
