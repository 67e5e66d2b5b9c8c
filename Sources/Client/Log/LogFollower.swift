import Core
import Crypto
import Protocol

/// The client's side of PROTOCOL.md §3: replay the community log from entry
/// 0 against the pinned root, check every entry with the same
/// `CommunityState` the server uses, and compare with the head this client
/// verified before, so that a log that went backwards or forked is refused.
///
///     let state = try LogFollower.verify(entries, communityID: id, pinnedRoot: fingerprint,
///                                        policy: try RolePolicy.embedded(), knownHead: profile.logHead)
public enum LogFollower {
    /// A verified position of the log: the last entry's seq and hash.
    public struct Head: Sendable, Equatable, Codable {
        public let seq: UInt64
        public let hash: [UInt8]

        public init(seq: UInt64, hash: [UInt8]) {
            self.seq = seq
            self.hash = hash
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The log served is shorter than the head verified before.
        case wentBackwards(known: UInt64, served: Int64)
        /// The entry at the known head is another one: the log was rewritten.
        case forked(seq: UInt64)
        /// An entry fails its checks (signature, chain, right, pinned root).
        case invalid(seq: UInt64, ProtocolError)
        /// The server's head does not match what its entries hash to.
        case headMismatch

        public var description: String {
            switch self {
            case .wentBackwards(let known, let served):
                "THE COMMUNITY LOG WENT BACKWARDS: this client verified entry \(known) before, the server now ends at \(served)"
            case .forked(let seq):
                "THE COMMUNITY LOG FORKED: entry \(seq) is not the one this client verified before; the log was rewritten"
            case .invalid(let seq, let error):
                "the community log fails at entry \(seq): \(error)"
            case .headMismatch:
                "the server's log head does not match its entries"
            }
        }
    }

    /// Replays `entries` (the whole log, in order) and checks them against
    /// `knownHead`; returns the verified state.
    public static func verify(_ entries: [LogEntry], communityID: String, pinnedRoot: String, policy: RolePolicy,
                              knownHead: Head?, servedHead: Head? = nil) throws(Failure) -> CommunityState {
        var state = CommunityState(communityID: communityID, policy: policy, pinnedRoot: pinnedRoot)
        var hashes: [UInt8] = []
        for entry in entries {
            do {
                try state.apply(entry)
            } catch {
                throw .invalid(seq: entry.seq, error)
            }
            if let knownHead, entry.seq == knownHead.seq {
                hashes = state.head
                guard hashes == knownHead.hash else { throw .forked(seq: knownHead.seq) }
            }
        }
        if let knownHead, state.nextSeq <= knownHead.seq {
            throw .wentBackwards(known: knownHead.seq, served: Int64(state.nextSeq) - 1)
        }
        if let servedHead, servedHead.seq != state.nextSeq - 1 || servedHead.hash != state.head {
            throw .headMismatch
        }
        return state
    }

    /// The head of a verified state (nil before entry 0).
    public static func head(of state: CommunityState) -> Head? {
        state.nextSeq == 0 ? nil : Head(seq: state.nextSeq - 1, hash: state.head)
    }
}
