import Core
import Crypto
import Protocol

/// A keyring as this client verified it (`KeyringView.verify`): the
/// replayed membership log, the checked epochs, the epoch keys this member
/// can use, and whether a new epoch is due. What the thread code builds
/// requests and reads posts from.
public struct VerifiedKeyring: Sendable {
    /// Which kind of keyring, with what identifies it.
    public enum Kind: Sendable, Equatable {
        /// The whole community's (the default circle's): holders are the
        /// active members, positions are community-log positions.
        case defaultCircle
        /// The moderators' own (reports): holders are the active moderators
        /// and admins, positions are community-log positions.
        case moderators
        /// A collaboration circle's.
        case circle(String)
        /// An AMBER, AMBER+STRICT or RED thread's, from its creation record.
        case thread(ThreadRecord)
    }

    public let communityID: String
    public let keyringID: String
    public let kind: Kind
    /// The circle the keyring (or its thread) belongs to.
    public let circleID: String
    /// The replayed membership log (nil for the default keyring).
    public let log: KeyringLog?
    /// Who held the keyring at each position.
    public let history: HolderHistory
    /// The position new epochs and posts bind (nil: a circle with no entries yet).
    public let head: LogFollower.Head?
    /// Every epoch, checked, by number.
    public let epochs: [UInt64: Epoch]
    /// The newest epoch (0: none yet).
    public let currentEpoch: UInt64
    /// The epoch keys this member can use, from its wraps and its cache.
    public let keys: [UInt64: SecureBytes]
    /// The epochs whose keys came from wraps in this answer.
    public let openedEpochs: [UInt64]
    /// The server says so, or this client sees a removal after the current
    /// epoch's position (or there is no epoch yet).
    public let rotationRequired: Bool
    /// The members who stopped holding after the current epoch was made.
    public let removedSinceCurrentEpoch: [String]
    /// The holders now (the set new epochs are wrapped for).
    public let holders: Set<String>
    /// The community-log hashes, for the default keyring's positions.
    let communityHashes: [[UInt8]]

    /// The thread's label for a thread keyring.
    public var label: TLPLabel? {
        if case .thread(let record) = kind { return record.label }
        return nil
    }

    /// The key of the current epoch, when this member has it.
    public var currentKey: SecureBytes? { keys[currentEpoch] }

    /// The hash at position `seq` of the keyring's log (the community log
    /// for the default keyring), when the verified log reaches it.
    public func hash(at seq: UInt64) -> [UInt8]? {
        if let log { return log.hash(at: seq) }
        return seq < communityHashes.count ? communityHashes[Int(seq)] : nil
    }

    /// True when the verified log has `hash` at `seq`.
    public func reaches(seq: UInt64, hash: [UInt8]) -> Bool {
        self.hash(at: seq) == hash
    }
}
