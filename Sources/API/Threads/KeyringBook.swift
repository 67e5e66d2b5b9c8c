import Core
import Protocol

/// One keyring as the server holds it in memory: its membership log
/// (replayed with every check; none for the default keyring, whose log is
/// the community log), its epochs and the rotation flag.
struct KeyringState: Sendable {
    enum Kind: Sendable, Equatable {
        /// The default circle's keyring: every active member holds it.
        case `default`
        /// The moderators' keyring (reports): active moderators and admins hold it.
        case moderators
        case circle
        case thread(threadID: String)

        var name: String {
            switch self {
            case .default: "default"
            case .moderators: "moderators"
            case .circle: "circle"
            case .thread: "thread"
            }
        }

        /// Keyrings without a membership log of their own: their holders and
        /// positions come from the community log.
        var followsCommunityLog: Bool { self == .default || self == .moderators }
    }

    let id: String
    let kind: Kind
    let circleID: String
    /// Nil for the default keyring.
    var log: KeyringLog?
    /// `epochs[i].number == i + 1`.
    var epochs: [Epoch]
    var rotationRequired: Bool

    var currentEpoch: UInt64 { UInt64(epochs.count) }
    var label: TLPLabel? { log?.label }
    var threadID: String? {
        if case .thread(let id) = kind { return id }
        return nil
    }

    /// The holders now: for the default keyring every active member, for the
    /// moderators' keyring the active moderators and admins, else the log's
    /// participants that are active (PROTOCOL.md §4.1).
    func holders(_ community: CommunityState) -> Set<String> {
        if let log { return log.holders(community: community) }
        if kind == .moderators { return Set(community.members.keys.filter { community.holdsModeratorsKeyring($0) }) }
        return Set(community.members.values.lazy.filter { $0.status == .active }.map(\.memberID))
    }

    func isHolder(_ memberID: String, _ community: CommunityState) -> Bool {
        guard community.member(memberID)?.status == .active else { return false }
        if kind == .moderators { return community.holdsModeratorsKeyring(memberID) }
        return log.map { $0.participants[memberID] != nil } ?? true
    }

    /// True when the keyring's holders include `memberID` (active or not, for
    /// the moderators' keyring by role): what a sanction of that member, or
    /// losing the role, makes stale.
    func names(_ memberID: String, _ community: CommunityState) -> Bool {
        if kind == .moderators { return [.moderator, .admin].contains(community.member(memberID)?.role) }
        return log.map { $0.participants[memberID] != nil } ?? true
    }
}

/// What the server knows of a thread besides its posts.
struct ThreadInfo: Sendable {
    let record: ThreadRecord
    let topics: [String]
    let askExperts: Bool
    let createdAt: UInt64

    var id: String { record.threadID }
    var keyringID: String { record.keyringID }
    var circleID: String { record.circleID }
    var label: TLPLabel { record.label }
}

/// Every keyring, thread and circle name, as one value: readers take a copy
/// (copy-on-write, so a copy is cheap) and changes publish a new one.
struct KeyringBook: Sendable {
    let communityID: String
    var keyrings: [String: KeyringState] = [:]
    var threads: [String: ThreadInfo] = [:]
    var circleNames: [String: String] = [:]
    /// The order the next keyring event (entry or thread record) gets.
    var nextEventOrder: UInt64 = 1

    init(communityID: String) {
        self.communityID = communityID
    }

    /// The default keyring's id: the community id.
    var defaultKeyringID: String { communityID }

    /// The keyring of a circle (the default circle's is the community id).
    func circleKeyringID(_ circleID: String, _ community: CommunityState) -> String? {
        circleID == community.defaultCircleID ? defaultKeyringID : community.circles[circleID]?.keyringID
    }

    /// True when `id` names a thread or keyring already (ids are never reused).
    func isTaken(_ id: String, _ community: CommunityState) -> Bool {
        keyrings[id] != nil || threads[id] != nil || community.circles[id] != nil || id == communityID
    }

    /// Who belongs to a circle, as the TLP rules need it for adding to a
    /// thread (nil for the default circle: every member).
    func circleMembers(_ circleID: String, _ community: CommunityState) -> Set<String>? {
        guard circleID != community.defaultCircleID else { return nil }
        guard let keyringID = community.circles[circleID]?.keyringID, let ring = keyrings[keyringID] else { return [] }
        return ring.holders(community)
    }

    /// True when the member may see the thread (`TLPRules.maySee`): a holder
    /// of the keyring the thread uses.
    func maySee(_ thread: ThreadInfo, _ memberID: String, _ community: CommunityState) -> Bool {
        let isHolder = keyrings[thread.keyringID]?.isHolder(memberID, community) ?? false
        return TLPRules.maySee(label: thread.label, isHolder: isHolder)
    }

    /// The keyrings whose holders lose `memberID` when it is suspended or
    /// removed (judged on the state before), and that have a key to rotate.
    func keyringsToRotate(after memberID: String, _ community: CommunityState) -> [String] {
        keyrings.values.filter { $0.currentEpoch > 0 && $0.names(memberID, community) }.map(\.id).sorted()
    }
}
