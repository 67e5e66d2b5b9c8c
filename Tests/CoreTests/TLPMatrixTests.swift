import Core
import Testing

// DESIGN.md's TLP table as a full matrix: every label × relationship ×
// action, each cell's expected outcome WRITTEN OUT below (not derived from
// TLPRules) and then asserted against TLPRules. ProtocolTests/TLPMatrixLogTests
// holds the same table and asserts it against KeyringLog.apply on real signed logs.
//
// The thread: author A of organisation O, in a collaboration circle C.
// Relationships (the one who acts):
//   author      A itself (a participant)
//   colleague+  a member of O the author added (for CLEAR/GREEN: a member of C)
//   colleague-  a member of O, not added (for CLEAR/GREEN: a member of C)
//   other-org+  a member of another organisation P, added (impossible under AMBER+STRICT: "-")
//   other-org-  a member of P, not added
//   expert+     an expert (organisation E) invited (added)
//   expert-     an expert not invited (for CLEAR/GREEN: a member of C)
//   moderator   a community moderator (organisation M), member of C, not a participant
//   outsider    a member of O who is not a member of C
//   suspended   a colleague+ the community log has since suspended
// Actions:
//   see         that the thread exists (metadata); read = hold the keyring (decrypt); post
//   add …       aC: a colleague of the author (O, in C)
//               oC: a colleague of the actor (its organisation and kind: another expert of E for an expert)
//               oO: a member of a third organisation Q (in C)
//               ex: an expert (in C)
//               sK: the actor's organisation id, the other kind (an expert of O for a member of O;
//                   a non-expert under E for an expert) - "experts are colleagues of the experts
//                   of their own organisation only"
//               nM: a colleague of the author who is not a member of C
//               nE: an expert who is not a member of C
//   rm          remove another participant; lv: leave; lb: change the label
//
// Ambiguities of DESIGN.md's table, resolved the secure way (marked ‹n› in the table):
//   ‹1› Every add needs the target in the thread's circle, experts included
//       ("a participant may add … experts" says nothing about the circle): the
//       circle bounds every thread's audience; its moderators admit an expert first.
//   ‹2› AMBER+STRICT "a participant may add colleagues of the author's organisation":
//       only the author and the author's colleagues do; an invited expert adds
//       nobody (TLP:AMBER+STRICT lets a recipient share within its own organisation only).
//   ‹3› "experts are colleagues of the other experts of their own organisation only":
//       an expert and a non-expert are never colleagues, even under one organisation id.
//   ‹4› A suspended member is no holder (PROTOCOL.md §4.1): it sees, reads, posts
//       and does nothing, leaving included, until reinstated.
//   ‹5› A community moderator who is not a participant of an AMBER/AMBER+STRICT/RED
//       thread does not see it (moderators act on community membership and on
//       reports, not by joining threads); in CLEAR/GREEN it reads as a circle member.
//   ‹6› The author who left no longer adds or removes (only holders act; KeyringLogTests).
//   ‹7› "see" and "read" are one rule (TLPRules.maySee): whoever sees that a thread
//       exists holds its keyring; nobody else gets more than a 404.
//   ‹8› CLEAR/GREEN threads have no participants: adding to, removing from and leaving
//       them is the circle's log (circle moderators), not the thread's.

enum Relationship: String, CaseIterable, Sendable {
    case author, colleagueAdded, colleagueNotAdded, otherOrgAdded, otherOrgNotAdded, expertInvited, expertNotInvited,
         moderator, outsider, suspended
}

enum Action: String, CaseIterable, Sendable {
    case see, read, post
    case addAuthorColleague, addOwnColleague, addOtherOrg, addExpert, addSameOrgOtherKind, addNonMember, addNonMemberExpert
    case remove, leave, changeLabel
}

/// The table, as written: per label, per relationship, one letter per action
/// in `Action.allCases` order (Y allowed, N refused, - cannot arise). Spaces and | are for reading.
let tlpTable: [TLPLabel: [Relationship: String]] = [
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

/// One cell: true, false, or nil when the relationship cannot arise under the label.
func expected(_ label: TLPLabel, _ relationship: Relationship, _ action: Action) -> Bool? {
    let letters = Array(tlpTable[label]![relationship]!.filter { $0 == "Y" || $0 == "N" || $0 == "-" })
    precondition(letters.count == Action.allCases.count, "row \(label.rawValue) \(relationship) has \(letters.count) cells")
    switch letters[Action.allCases.firstIndex(of: action)!] {
    case "Y": return true
    case "N": return false
    default: return nil
    }
}

@Suite struct TLPMatrixTests {
    // Organisations: the author's, another, a third, the experts', the moderator's.
    static let o = "org-author", p = "org-other", q = "org-third", e = "org-experts", m = "org-moderators"

    /// What TLPRules is told about the one who acts.
    static func actor(_ r: Relationship, _ label: TLPLabel) -> TLPRules.Actor {
        let circleHolder = label.usesCircleKeyring // a member of the circle holds a CLEAR/GREEN thread's keyring
        switch r {
        case .author: return .init(isAuthor: true, isHolder: true, orgID: o, isExpert: false)
        case .colleagueAdded: return .init(isAuthor: false, isHolder: true, orgID: o, isExpert: false)
        case .colleagueNotAdded: return .init(isAuthor: false, isHolder: circleHolder, orgID: o, isExpert: false)
        case .otherOrgAdded: return .init(isAuthor: false, isHolder: true, orgID: p, isExpert: false)
        case .otherOrgNotAdded: return .init(isAuthor: false, isHolder: circleHolder, orgID: p, isExpert: false)
        case .expertInvited: return .init(isAuthor: false, isHolder: true, orgID: e, isExpert: true)
        case .expertNotInvited: return .init(isAuthor: false, isHolder: circleHolder, orgID: e, isExpert: true)
        case .moderator: return .init(isAuthor: false, isHolder: circleHolder, orgID: m, isExpert: false)
        case .outsider: return .init(isAuthor: false, isHolder: false, orgID: o, isExpert: false)
        case .suspended: return .init(isAuthor: false, isHolder: false, orgID: o, isExpert: false)
        }
    }

    /// The one being added, for the add actions.
    static func target(_ action: Action, actor: TLPRules.Actor) -> TLPRules.Target? {
        switch action {
        case .addAuthorColleague: .init(orgID: o, isExpert: false, inCircle: true)
        case .addOwnColleague: .init(orgID: actor.orgID, isExpert: actor.isExpert, inCircle: true)
        case .addOtherOrg: .init(orgID: q, isExpert: false, inCircle: true)
        case .addExpert: .init(orgID: e, isExpert: true, inCircle: true)
        case .addSameOrgOtherKind: .init(orgID: actor.orgID, isExpert: !actor.isExpert, inCircle: true)
        case .addNonMember: .init(orgID: o, isExpert: false, inCircle: false)
        case .addNonMemberExpert: .init(orgID: e, isExpert: true, inCircle: false)
        default: nil
        }
    }

    static func rules(_ label: TLPLabel, _ r: Relationship, _ action: Action) -> Bool {
        let who = actor(r, label)
        switch action {
        case .see, .read: return TLPRules.maySee(label: label, isHolder: who.isHolder)
        case .post: return TLPRules.mayPost(label: label, isHolder: who.isHolder)
        case .remove: return TLPRules.mayRemove(label: label, actor: who)
        case .leave: return TLPRules.mayLeave(label: label, actor: who)
        case .changeLabel: return TLPRules.mayChangeLabel()
        default: return TLPRules.mayAdd(label: label, actor: who, authorOrg: o, target: target(action, actor: who)!)
        }
    }

    @Test func theTableHasEveryCell() {
        #expect(Set(tlpTable.keys) == Set(TLPLabel.allCases))
        for label in TLPLabel.allCases {
            #expect(Set(tlpTable[label]!.keys) == Set(Relationship.allCases), "\(label.rawValue)")
            for r in Relationship.allCases { for a in Action.allCases { _ = expected(label, r, a) } }
        }
    }

    @Test(arguments: TLPLabel.allCases)
    func everyCellAgainstTLPRules(_ label: TLPLabel) {
        for r in Relationship.allCases {
            for action in Action.allCases {
                guard let want = expected(label, r, action) else { continue }
                #expect(TLPMatrixTests.rules(label, r, action) == want, "\(label.rawValue) \(r.rawValue) \(action.rawValue)")
            }
        }
    }

    /// CLEAR and GREEN are one audience (the circle); the other labels each narrower than the one before.
    @Test func labelsOrderByAudience() {
        #expect(TLPLabel.allCases.filter(\.usesCircleKeyring) == [.clear, .green])
        #expect(TLPLabel.clear < .green && .green < .amber && .amber < .amberStrict && .amberStrict < .red)
        for r in Relationship.allCases {
            for a in Action.allCases where a.rawValue.hasPrefix("add") {
                // Whatever AMBER+STRICT or RED allows, AMBER allows too.
                if expected(.amberStrict, r, a) == true { #expect(expected(.amber, r, a) == true, "\(r) \(a)") }
                if expected(.red, r, a) == true { #expect(expected(.amber, r, a) == true, "\(r) \(a)") }
            }
        }
    }

    /// An expert author of an AMBER+STRICT thread invites experts only: a
    /// non-expert under the expert's organisation id is no colleague ‹3›.
    @Test func anExpertAuthorOfAnAmberStrictThreadInvitesExpertsOnly() {
        let author = TLPRules.Actor(isAuthor: true, isHolder: true, orgID: TLPMatrixTests.e, isExpert: true)
        #expect(TLPRules.mayAdd(label: .amberStrict, actor: author, authorOrg: TLPMatrixTests.e,
                                target: .init(orgID: TLPMatrixTests.e, isExpert: true, inCircle: true)))
        #expect(!TLPRules.mayAdd(label: .amberStrict, actor: author, authorOrg: TLPMatrixTests.e,
                                 target: .init(orgID: TLPMatrixTests.e, isExpert: false, inCircle: true)))
        #expect(TLPRules.mayAdd(label: .amber, actor: author, authorOrg: TLPMatrixTests.e,
                                target: .init(orgID: TLPMatrixTests.o, isExpert: false, inCircle: true)))
    }

    @Test func colleagues() {
        typealias A = TLPRules.Actor
        typealias T = TLPRules.Target
        #expect(TLPRules.areColleagues("x", "x") && !TLPRules.areColleagues("x", "y"))
        #expect(TLPRules.areColleagues(A(isAuthor: false, isHolder: true, orgID: "x", isExpert: false), T(orgID: "x", isExpert: false, inCircle: true)))
        #expect(TLPRules.areColleagues(A(isAuthor: false, isHolder: true, orgID: "x", isExpert: true), T(orgID: "x", isExpert: true, inCircle: true)))
        #expect(!TLPRules.areColleagues(A(isAuthor: false, isHolder: true, orgID: "x", isExpert: true), T(orgID: "x", isExpert: false, inCircle: true)))
        #expect(!TLPRules.areColleagues(A(isAuthor: false, isHolder: true, orgID: "x", isExpert: false), T(orgID: "x", isExpert: true, inCircle: true)))
        #expect(!TLPRules.areColleagues(A(isAuthor: false, isHolder: true, orgID: "x", isExpert: true), T(orgID: "y", isExpert: true, inCircle: true)))
    }

    @Test func labelsAreTheProtocolsStrings() {
        #expect(TLPLabel.allCases.map(\.rawValue) == ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"])
        #expect(TLPLabel(rawValue: "TLP:WHITE") == nil && TLPLabel(rawValue: "tlp:red") == nil)
    }
}
