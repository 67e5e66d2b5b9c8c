import Crypto
import Protocol

/// The applicant's proof of possession (PROTOCOL.md §2), checked by the
/// moderator's client before it certifies anything: the application's
/// signature must verify under the application's own sign key over
/// `frame("trustforum/apply/v1", community_id, application_id, sign_pk, box_pk, kvk_number, email)`.
///
///     let fingerprint = try ApplicationProof.verify(application, communityID: id)
public enum ApplicationProof {
    /// Checks the signature and returns the key bundle's fingerprint, as
    /// computed here (not as the server says); throws `MemberError.refused`
    /// with the reason otherwise.
    public static func verify(_ application: Wire.ApplicationRecord, communityID: String) throws(MemberError) -> String {
        let id = application.application_id
        guard let sign = try? Base64.decode(application.sign_public_key), let signKey = try? SigningPublicKey(sign),
              let box = try? Base64.decode(application.box_public_key), let boxKey = try? BoxPublicKey(box),
              let signature = try? Base64.decode(application.signature), signature.count == 64 else {
            throw .refused("application \(id) does not carry a valid key bundle and signature; refusing to certify it")
        }
        guard let email = application.contact?.email, !email.isEmpty else {
            throw .refused("application \(id) has no contact e-mail address (erased?), so its proof of possession cannot be checked; refusing to certify it")
        }
        let message = SignedMessages.application(communityID: communityID, applicationID: id, signPublicKey: sign, boxPublicKey: box,
                                                 kvkNumber: application.organisation.kvk_number, email: email)
        guard signKey.isValidSignature(signature, for: message) else {
            throw .refused("the proof of possession of application \(id) DOES NOT VERIFY: its signature is not made with its own key "
                + "over its details; refusing to certify it (the application or the server's copy was altered)")
        }
        return KeyBundle.fingerprint(signPublicKey: signKey, boxPublicKey: boxKey)
    }
}
