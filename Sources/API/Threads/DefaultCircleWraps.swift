import Core
import Crypto
import HTTP
import Protocol
import Store

/// The default keyring's wraps an approval carries (`circle_wraps`): every
/// active member holds the default keyring, so the approving moderator's
/// client wraps its epochs for the new member in the same request, and the
/// server stores them in the same transaction as the `certify` entry.
enum DefaultCircleWraps {
    /// Checks each wrap like any other: for the applicant, naming the new
    /// certificate's hash, wrapped and signed by the approving moderator with
    /// its current key. Before the entry is appended (no lock held).
    static func check(_ json: [KeyringWire.WrapJSON], for signed: SignedCertificate, moderator: String,
                      _ community: CommunityState) throws -> [Wrap] {
        guard !json.isEmpty else { return [] }
        guard let wrapper = community.member(moderator), wrapper.status == .active else { throw APIProblem.invalidSession() }
        let key = wrapper.current.certificate.signPublicKey
        let certHash = signed.hash
        return try json.map { item in
            let wrap: Wrap
            do throws(ProtocolError) { wrap = try item.wrap(keyringID: community.communityID) } catch { throw KeyringChecks.malformed(error) }
            guard wrap.recipientID == signed.certificate.memberID, wrap.recipientCertHash == certHash else {
                throw APIProblem.unprocessable("invalid-wrap", "circle_wraps must be for the new member's certificate.")
            }
            guard wrap.wrapperID == moderator else {
                throw APIProblem.unprocessable("invalid-wrap", "circle_wraps must name you as their wrapper.")
            }
            guard wrap.isSigned(by: key) else {
                throw APIProblem.unprocessable("bad-signature", "A wrap of circle_wraps is not signed with your current key.")
            }
            return wrap
        }
    }

    /// Inside the approval's transaction (the community registry's serial
    /// lock is held, so the default keyring's epochs stand still): the
    /// current epoch must be among the wraps when there is one.
    static func store(_ wraps: [Wrap], for memberID: String, keyrings: KeyringRegistry, _ conn: Connection, at now: UInt64) throws {
        let current = keyrings.keyring(keyrings.communityID)?.currentEpoch ?? 0
        try KeyringChecks.history(wraps, recipient: memberID, currentEpoch: current)
        for wrap in wraps { try KeyringStore.putWrap(conn, KeyringChanges.row(wrap), at: now) }
    }
}
