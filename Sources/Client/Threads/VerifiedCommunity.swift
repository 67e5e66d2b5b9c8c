import Core
import Crypto
import Protocol

/// The community log as this client verified it, in the form the thread
/// code needs: the replayed state, every entry's hash by seq (the positions
/// the default keyring's epochs and posts bind), and who held the default
/// keyring when (every active member: certified and not suspended or revoked).
///
///     let community = VerifiedCommunity(try context.follow())
public struct VerifiedCommunity: Sendable {
    public let state: CommunityState
    /// `hashes[n]` is the hash of community-log entry `n`.
    public let hashes: [[UInt8]]
    /// Who held the default keyring at each community-log position.
    public let defaultHolders: HolderHistory
    /// Who held the moderators' keyring at each community-log position:
    /// active members whose certificate in force says moderator or admin.
    public let moderatorHolders: HolderHistory

    /// `entries` must be the entries `state` was replayed from, all of them in order.
    public init(state: CommunityState, entries: [LogEntry]) {
        precondition(!entries.isEmpty && UInt64(entries.count) == state.nextSeq, "the entries are not the ones the state was replayed from")
        self.state = state
        hashes = entries.map { $0.hash(communityID: state.communityID) }
        precondition(hashes.last ?? LogEntry.genesis == state.head, "the entries do not hash to the state's head")
        var history = HolderHistory()
        var moderators = HolderHistory()
        var roles: [String: Role] = [:]
        func moderates(_ role: Role?) -> Bool { role == .moderator || role == .admin }
        for entry in entries {
            switch entry.kind {
            case .root, .certify:
                // The entries are verified: these parse, and only active
                // members are certified.
                if let certificate = try? SignedCertificate.parse(payload: entry.payload).certificate {
                    let member = certificate.memberID
                    history.start(member, at: entry.seq)
                    roles[member] = certificate.role
                    if moderates(certificate.role) { moderators.start(member, at: entry.seq) } else { moderators.end(member, at: entry.seq) }
                }
            case .suspend, .revoke:
                if let payload = try? SanctionPayload.parse(entry.payload, kind: entry.kind) {
                    history.end(payload.memberID, at: entry.seq)
                    moderators.end(payload.memberID, at: entry.seq)
                }
            case .reinstate:
                if let payload = try? SanctionPayload.parse(entry.payload, kind: entry.kind) {
                    history.start(payload.memberID, at: entry.seq)
                    if moderates(roles[payload.memberID]) { moderators.start(payload.memberID, at: entry.seq) }
                }
            case .circleCreate, .circleModerator:
                break
            }
        }
        defaultHolders = history
        moderatorHolders = moderators
    }

    /// From the client's verified log.
    public init(_ log: VerifiedLog) {
        self.init(state: log.state, entries: log.entries)
    }

    public var communityID: String { state.communityID }

    /// The last verified entry's seq and hash.
    public var head: LogFollower.Head { LogFollower.Head(seq: UInt64(hashes.count - 1), hash: state.head) }

    /// The hash of entry `seq`, when this client has verified that far.
    public func hash(at seq: UInt64) -> [UInt8]? {
        seq < hashes.count ? hashes[Int(seq)] : nil
    }
}
