import Crypto
import Protocol

/// An addition as sent: the signed add entry and the new holder's wraps.
public struct AddDraft: Sendable {
    public let entry: MembershipEntry
    public let wraps: [Wrap]

    public var body: ThreadWire.AddMember {
        ThreadWire.AddMember(entry: KeyringWire.Entry(entry), wraps: wraps.map(KeyringWire.WrapJSON.init))
    }
}

/// A removal or departure as sent: the signed entry and, when the actor
/// still holds the keyring, the next epoch for the holders that remain
/// ("remove and rotate in one request"). Without an epoch the server marks
/// the keyring `rotation_required` and the next holder rotates.
public struct RemoveDraft: Sendable {
    public let entry: MembershipEntry
    public let epoch: EpochDraft?

    public var body: ThreadWire.RemoveMember {
        ThreadWire.RemoveMember(entry: KeyringWire.Entry(entry), epoch: epoch?.body)
    }
}

/// Membership entries of thread and circle keyrings, built by the actor's
/// client and checked with `KeyringLog.apply` on a copy of the verified log
/// before they leave, so the client never sends what the rules forbid.
enum MembershipChange {
    /// The next entry of `keyring`'s log, signed by `actor`, and the log with it.
    static func entry(_ action: MembershipEntry.Action, memberID: String, certHash: [UInt8], keyring: VerifiedKeyring,
                      community: VerifiedCommunity, by actor: ThreadMember,
                      circleMembers: Set<String>?) throws(ThreadFailure) -> (MembershipEntry, KeyringLog) {
        guard var log = keyring.log else { throw .notAllowed("the default circle's holders are the community log's active members") }
        let entry = MembershipEntry.sign(keyringID: keyring.keyringID, seq: log.nextSeq, action: action, memberID: memberID,
                                         memberCertHash: certHash, prevHash: log.head, actorID: actor.memberID, key: actor.signingKey)
        do {
            try log.apply(entry, community: community.state, circleMembers: circleMembers)
        } catch {
            if action == .add, case .thread(let record) = keyring.kind {
                throw .notAllowed(TLPExplanation.addition(of: memberID, label: record.label, circleID: record.circleID,
                                                          state: community.state, error: error))
            }
            throw .notAllowed("\(action.rawValue) \(memberID): \(error)")
        }
        return (entry, log)
    }

    static func add(_ memberID: String, keyring: VerifiedKeyring, community: VerifiedCommunity, by actor: ThreadMember, now: UInt64,
                    confirmed: [String: String], history: Bool, circleMembers: Set<String>?,
                    keysOptional: Bool) throws(ThreadFailure) -> AddDraft {
        _ = try actor.currentCertificate(in: community.state, now: now)
        guard let recipient = try Recipients.resolve([memberID], state: community.state, now: now, confirmed: confirmed).first else {
            throw .recipient(memberID, "cannot be given keys")
        }
        let (entry, _) = try self.entry(.add, memberID: memberID, certHash: recipient.certHash, keyring: keyring, community: community,
                                         by: actor, circleMembers: circleMembers)
        let noKeys = keyring.currentKey == nil && (keysOptional || keyring.currentEpoch == 0)
        let wraps = noKeys ? [] : try Rotation.historyWraps(for: recipient, keyring: keyring, by: actor, history: history)
        return AddDraft(entry: entry, wraps: wraps)
    }

    static func remove(_ memberID: String, action: MembershipEntry.Action, keyring: VerifiedKeyring, community: VerifiedCommunity,
                       by actor: ThreadMember, now: UInt64, confirmed: [String: String], rotate: Bool) throws(ThreadFailure) -> RemoveDraft {
        _ = try actor.currentCertificate(in: community.state, now: now)
        guard let subject = community.state.member(memberID) else { throw .recipient(memberID, "is not a member") }
        let (entry, log) = try self.entry(action, memberID: memberID, certHash: subject.current.hash, keyring: keyring, community: community,
                                          by: actor, circleMembers: nil)
        let holders = log.holders(community: community.state)
        guard rotate, holders.contains(actor.memberID) else { return RemoveDraft(entry: entry, epoch: nil) }
        let epoch = try Rotation.newEpoch(keyringID: keyring.keyringID, number: keyring.currentEpoch + 1,
                                          head: LogFollower.Head(seq: log.nextSeq - 1, hash: log.head), holders: holders,
                                          community: community, by: actor, now: now, confirmed: confirmed)
        return RemoveDraft(entry: entry, epoch: epoch)
    }
}
