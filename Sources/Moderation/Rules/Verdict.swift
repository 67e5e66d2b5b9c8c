/// The outcome of evaluating one text: the strongest action of the rules
/// that matched (`allow` when none did) and those rules, sorted by id, each
/// once.
public struct Verdict: Sendable, Equatable, CustomStringConvertible {
    /// One matched rule.
    public struct Match: Sendable, Equatable {
        /// The rule's id.
        public let id: String
        /// The rule's action.
        public let action: ModerationAction
        /// The rule's reason, for the author.
        public let reason: String
    }

    /// `block` > `hold` > `flag` > `allow`.
    public let action: ModerationAction
    /// Every matched rule, sorted by id, without duplicates.
    public let matches: [Match]

    /// The matched rules' ids, sorted.
    public var ruleIDs: [String] { matches.map(\.id) }

    /// No rule matched. Made on each use, not stored: a stored static is
    /// checked for its initialiser and its array retained at every read
    /// (the engine returns it for most texts).
    public static var allow: Verdict { Verdict(sortedUnique: []) }

    /// The verdict of matches already sorted by id, each rule once.
    init(sortedUnique matches: [Match]) {
        self.matches = matches
        var action = ModerationAction.allow
        for match in matches where match.action > action { action = match.action }
        self.action = action
    }

    /// `hold [id-a, id-b]`.
    public var description: String {
        matches.isEmpty ? "allow" : "\(action) [\(ruleIDs.joined(separator: ", "))]"
    }
}
