import Crypto
import Protocol

/// The member this client acts for: its id and its secret keys, from the
/// keystore. Everything in `Threads/` takes one of these instead of the
/// keystore, so it stays free of files and passphrases.
///
///     let me = ThreadMember(try context.keystore())
public struct ThreadMember: Sendable {
    public let memberID: String
    public let signingKey: SigningSecretKey
    public let boxKey: BoxSecretKey

    public init(memberID: String, signingKey: SigningSecretKey, boxKey: BoxSecretKey) {
        self.memberID = memberID
        self.signingKey = signingKey
        self.boxKey = boxKey
    }

    public init(_ keystore: UnlockedKeystore) {
        self.init(memberID: keystore.memberID, signingKey: keystore.signingKey, boxKey: keystore.boxKey)
    }

    /// True when `certificate` certifies this member's own two keys.
    public func owns(_ certificate: Certificate) -> Bool {
        certificate.memberID == memberID && certificate.signPublicKey == signingKey.publicKey
            && certificate.boxPublicKey == boxKey.publicKey
    }

    /// This member's current certificate, which must certify the keystore's
    /// keys and be valid (active, not expired) at `now`.
    public func currentCertificate(in state: CommunityState, now: UInt64) throws(ThreadFailure) -> SignedCertificate {
        guard let member = state.member(memberID) else { throw .notCertified("\(memberID) is not in the community log") }
        guard owns(member.current.certificate) else {
            throw .notCertified("the keystore's keys are not those of \(memberID)'s current certificate")
        }
        guard member.status == .active else { throw .notCertified("\(memberID) is \(member.status.rawValue)") }
        guard member.current.certificate.isCurrent(at: now) else { throw .notCertified("\(memberID)'s certificate is not current") }
        return member.current
    }
}
