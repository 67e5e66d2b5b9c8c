import Crypto
import Protocol

/// A new epoch as a creator sends it (`POST /v1/keyrings/{id}/epochs`, or
/// inside a thread creation or a removal): the signed epoch, its wraps for
/// exactly the holders, and the key, which the creator caches once the
/// server has accepted the epoch.
public struct EpochDraft: Sendable {
    public let epoch: Epoch
    public let key: SecureBytes
    public let wraps: [Wrap]

    public var body: KeyringWire.NewEpoch { KeyringWire.NewEpoch(epoch: epoch, wraps: wraps) }
}

/// New epochs (PROTOCOL.md §4): a fresh random key, signed with its key
/// check and the log position the creator saw, wrapped for exactly the
/// holder set on every core; and a new holder's wraps of existing epochs.
///
///     let draft = try Rotation.rotate(keyring, community: community, by: me, now: now)
///     try api.post("/v1/keyrings/\(keyring.keyringID)/epochs", draft.body)    // 409 epoch-taken: verify again, retry
///     keystore.cacheEpochKeys([draft.epoch.number: draft.key], keyringID: keyring.keyringID)
public enum Rotation {
    /// The next epoch of `keyring` for its current holders at its current head.
    public static func rotate(_ keyring: VerifiedKeyring, community: VerifiedCommunity, by member: ThreadMember, now: UInt64,
                              confirmed: [String: String] = [:]) throws(ThreadFailure) -> EpochDraft {
        guard let head = keyring.head else { throw .notAllowed("keyring \(keyring.keyringID) has no holders yet") }
        return try newEpoch(keyringID: keyring.keyringID, number: keyring.currentEpoch + 1, head: head, holders: keyring.holders,
                            community: community, by: member, now: now, confirmed: confirmed)
    }

    /// Epoch `number` of `keyringID` bound at `head`, wrapped for exactly
    /// `holders`, of whom the creator must be one.
    public static func newEpoch(keyringID: String, number: UInt64, head: LogFollower.Head, holders: Set<String>,
                                community: VerifiedCommunity, by member: ThreadMember, now: UInt64,
                                confirmed: [String: String] = [:]) throws(ThreadFailure) -> EpochDraft {
        guard holders.contains(member.memberID) else { throw .notAllowed("only a holder of keyring \(keyringID) makes its epochs") }
        _ = try member.currentCertificate(in: community.state, now: now)
        let recipients = try Recipients.resolve(holders, state: community.state, now: now, confirmed: confirmed)
        let key = SecureBytes.random(count: 32)
        let epoch = Epoch.make(communityID: community.communityID, keyringID: keyringID, number: number, key: key, logSeq: head.seq,
                               logHead: head.hash, creatorID: member.memberID, creator: member.signingKey)
        let wraps = try WrapBatch.wrap(key, keyringID: keyringID, epoch: number, for: recipients, by: member)
        return EpochDraft(epoch: epoch, key: key, wraps: wraps)
    }

    /// The wraps that give `recipient` the keys of `keyring` this member
    /// has: every epoch (history, the default) or only the current one.
    public static func historyWraps(for recipient: WrapRecipient, keyring: VerifiedKeyring, by member: ThreadMember,
                                    history: Bool = true) throws(ThreadFailure) -> [Wrap] {
        guard let current = keyring.currentKey else { throw .noKey(keyringID: keyring.keyringID, epoch: keyring.currentEpoch) }
        let keys = history ? keyring.keys.sorted { $0.key < $1.key } : [(key: keyring.currentEpoch, value: current)]
        var wraps: [Wrap] = []
        for (epoch, key) in keys {
            do {
                wraps.append(try Wrap.make(keyringID: keyring.keyringID, epoch: epoch, key: key, recipientID: recipient.memberID,
                                           recipient: recipient.certificate, recipientCertHash: recipient.certHash,
                                           wrapperID: member.memberID, wrapper: member.signingKey))
            } catch {
                throw .recipient(recipient.memberID, "its certified box key cannot be sealed to")
            }
        }
        return wraps
    }
}
