/// The TLP 2.0 labels (FIRST's Traffic Light Protocol), as PROTOCOL.md
/// writes them. A thread's label is fixed when it is created.
public enum TLPLabel: String, Sendable, CaseIterable, Codable, Comparable {
    case clear = "TLP:CLEAR"
    case green = "TLP:GREEN"
    case amber = "TLP:AMBER"
    case amberStrict = "TLP:AMBER+STRICT"
    case red = "TLP:RED"

    /// CLEAR and GREEN threads use their circle's keyring; the others have
    /// their own keyring and named participants.
    public var usesCircleKeyring: Bool { self == .clear || self == .green }

    public static func < (a: TLPLabel, b: TLPLabel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// DESIGN.md's TLP table in one place: who may see that a thread exists,
/// read it, post in it, add whom, remove whom. The server enforces these
/// rules and every client checks a thread's membership log against them.
///
///     let actor = TLPRules.Actor(isAuthor: false, isHolder: true, orgID: org, isExpert: false)
///     TLPRules.mayAdd(label: .amber, actor: actor, authorOrg: authorOrg,
///                     target: TLPRules.Target(orgID: org, isExpert: false, inCircle: true))   // true: a colleague
public enum TLPRules {
    /// What the rules need to know about the one who acts on a thread.
    public struct Actor: Sendable, Equatable {
        public var isAuthor: Bool
        /// A current holder of the thread's keyring (a participant; for
        /// CLEAR/GREEN a member of the circle).
        public var isHolder: Bool
        public var orgID: String
        public var isExpert: Bool

        public init(isAuthor: Bool, isHolder: Bool, orgID: String, isExpert: Bool) {
            self.isAuthor = isAuthor
            self.isHolder = isHolder
            self.orgID = orgID
            self.isExpert = isExpert
        }
    }

    /// What they need to know about the one being added.
    public struct Target: Sendable, Equatable {
        public var orgID: String
        public var isExpert: Bool
        /// A member of the thread's circle.
        public var inCircle: Bool

        public init(orgID: String, isExpert: Bool, inCircle: Bool) {
            self.orgID = orgID
            self.isExpert = isExpert
            self.inCircle = inCircle
        }
    }

    /// The same organisation id. This alone is not DESIGN.md's "colleague":
    /// experts are colleagues of the experts of their own organisation only,
    /// so an expert and a non-expert are never colleagues, even under one
    /// organisation id (`areColleagues(_:_:)` with an actor and a target).
    public static func areColleagues(_ a: String, _ b: String) -> Bool { a == b }

    /// DESIGN.md's "colleague": the same organisation id, and both experts or
    /// both not (experts are colleagues of the experts of their own organisation only).
    public static func areColleagues(_ actor: Actor, _ target: Target) -> Bool {
        areColleagues(actor.orgID, target.orgID) && actor.isExpert == target.isExpert
    }

    /// Who sees that the thread exists, and reads it: CLEAR and GREEN, the
    /// circle; the others, their participants only (everyone else gets 404).
    public static func maySee(label: TLPLabel, isHolder: Bool) -> Bool { isHolder }

    /// Who posts: the holders of the keyring the thread uses.
    public static func mayPost(label: TLPLabel, isHolder: Bool) -> Bool { isHolder }

    /// Who may add `target` to a thread whose author belongs to `authorOrg`.
    /// CLEAR/GREEN threads have no participants to add: their circle reads.
    /// Nobody outside the thread's circle is added, experts included: the
    /// circle bounds every thread's audience (its moderators admit an expert
    /// to the circle first).
    public static func mayAdd(label: TLPLabel, actor: Actor, authorOrg: String, target: Target) -> Bool {
        guard actor.isHolder, target.inCircle else { return false }
        switch label {
        case .clear, .green:
            return false
        case .amber:
            // The author adds any circle member; a participant adds colleagues
            // of its own organisation (an expert: other experts of its own) and experts.
            if actor.isAuthor || target.isExpert { return true }
            return areColleagues(actor, target)
        case .amberStrict:
            // Participants are of the author's organisation, plus experts the
            // author invites. Colleagues of the author's organisation are added
            // by the author or by a colleague of the author (sharing stays
            // within that organisation, as TLP:AMBER+STRICT asks); an invited
            // expert adds nobody. (A non-author actor is checked against
            // `authorOrg` only: the log lets nobody but experts join an expert
            // author's AMBER+STRICT thread, so the author's role is not needed.)
            if target.isExpert { return actor.isAuthor }
            return areColleagues(actor, target) && areColleagues(target.orgID, authorOrg)
        case .red:
            // The author alone, and experts only when the author names them.
            return actor.isAuthor
        }
    }

    /// Who may remove someone else: the author (any participant).
    public static func mayRemove(label: TLPLabel, actor: Actor) -> Bool {
        !label.usesCircleKeyring && actor.isAuthor && actor.isHolder
    }

    /// Anyone may leave a thread they hold; the author too (the thread stays).
    public static func mayLeave(label: TLPLabel, actor: Actor) -> Bool {
        !label.usesCircleKeyring && actor.isHolder
    }

    /// A label never changes; to share more widely the author starts a new thread.
    public static func mayChangeLabel() -> Bool { false }
}
