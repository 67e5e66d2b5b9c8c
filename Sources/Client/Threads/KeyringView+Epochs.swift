import Crypto
import Protocol

extension KeyringView {
    /// Checks every epoch: numbered 1…current, each bound to a position the
    /// verified log reaches (never earlier than the epoch before), made by
    /// a member who held the keyring there, signed with that member's key.
    static func verifyEpochs(_ answer: ThreadWire.Keyring, keyringID: String, community: VerifiedCommunity, position: Positions,
                             history: HolderHistory) throws(ThreadFailure) -> [UInt64: Epoch] {
        var epochs: [UInt64: Epoch] = [:]
        let sorted = answer.epochs.sorted { $0.epoch < $1.epoch }
        guard sorted.map(\.epoch) == Array(stride(from: 1, through: answer.current_epoch, by: 1)) else {
            throw .mismatch("the keyring lists epochs \(sorted.map(\.epoch)) for current epoch \(answer.current_epoch)")
        }
        var previous: Epoch?
        for json in sorted {
            let epoch: Epoch
            do { epoch = try json.epoch(keyringID: keyringID) } catch { throw .malformed("epoch \(json.epoch): \(error)") }
            try position.check(seq: epoch.logSeq, hash: epoch.logHead, "epoch \(epoch.number)")
            if let previous, epoch.logSeq < previous.logSeq {
                throw .epoch(epoch.number, "it binds an earlier log position than epoch \(previous.number)")
            }
            guard history.held(epoch.creatorID, at: epoch.logSeq) else {
                throw .epoch(epoch.number, "its creator \(epoch.creatorID) did not hold the keyring at the position it binds")
            }
            guard let creator = community.state.member(epoch.creatorID),
                  creator.certificates.contains(where: { epoch.isSigned(by: $0.certificate.certificate.signPublicKey,
                                                                        communityID: community.communityID) })
            else {
                throw .epoch(epoch.number, "it is not signed by its creator \(epoch.creatorID) (a changed key check or position)")
            }
            epochs[epoch.number] = epoch
            previous = epoch
        }
        return epochs
    }

    /// Opens this member's wraps: each for this member, for a listed epoch,
    /// signed by a member who held the keyring since that epoch was made,
    /// naming one of this member's certificates, opening with its box key to
    /// the key the epoch's key check names. Wraps to an older box key of
    /// this member (before a key change) are skipped: they cannot open.
    static func openWraps(_ wraps: [KeyringWire.WrapJSON], keyringID: String, epochs: [UInt64: Epoch], community: VerifiedCommunity,
                          member: ThreadMember, history: HolderHistory) throws(ThreadFailure) -> [UInt64: SecureBytes] {
        let state = community.state
        let me = state.member(member.memberID)
        var keys: [UInt64: SecureBytes] = [:]
        for json in wraps {
            let wrap: Wrap
            do { wrap = try json.wrap(keyringID: keyringID) } catch { throw .malformed("wrap of epoch \(json.epoch): \(error)") }
            let n = wrap.epoch
            guard let epoch = epochs[n] else { throw .wrap(n, "the keyring lists no such epoch") }
            guard wrap.recipientID == member.memberID else { throw .wrap(n, "it is for \(wrap.recipientID), not for this member") }
            guard let wrapper = state.member(wrap.wrapperID),
                  wrapper.certificates.contains(where: { wrap.isSigned(by: $0.certificate.certificate.signPublicKey) }) else {
                throw .wrap(n, "it is not signed by its wrapper \(wrap.wrapperID)")
            }
            guard history.held(wrap.wrapperID, atOrAfter: epoch.logSeq) else {
                throw .wrap(n, "its wrapper \(wrap.wrapperID) has not held the keyring since the epoch was made")
            }
            guard let certificate = me?.certificate(hash: wrap.recipientCertHash)?.certificate else {
                throw .wrap(n, "it names a certificate that is not one of this member's")
            }
            guard certificate.boxPublicKey == member.boxKey.publicKey else { continue }
            let key: SecureBytes
            do { key = try wrap.open(with: member.boxKey) } catch { throw .wrap(n, "it does not open with this member's box key") }
            guard epoch.matches(key) else {
                throw .wrap(n, "it opens to another key than the one the epoch's key check names (a wrap with another key)")
            }
            keys[n] = key
        }
        return keys
    }
}
