import Crypto
import Protocol

/// A member to wrap an epoch key for: its id, its current certificate from
/// the verified community state, and that certificate's `cert_hash`.
public struct WrapRecipient: Sendable {
    public let memberID: String
    public let certificate: Certificate
    public let certHash: [UInt8]

    public init(memberID: String, certificate: Certificate, certHash: [UInt8]) {
        self.memberID = memberID
        self.certificate = certificate
        self.certHash = certHash
    }

    public init(_ signed: SignedCertificate) {
        self.init(memberID: signed.certificate.memberID, certificate: signed.certificate, certHash: signed.hash)
    }
}

/// Who keys are wrapped for (PROTOCOL.md §3–§4): each member's CURRENT
/// certificate, only while the member is active and the certificate has not
/// expired, and never for a member with an unverified key change unless the
/// user confirmed that member's new fingerprint.
///
///     let recipients = try Recipients.resolve(keyring.holders, state: community.state, now: now,
///                                             confirmed: ["<member-id>": "ecfe3564 f97aeb21 …"])
public enum Recipients {
    /// The recipients for `memberIDs`, sorted by id. `confirmed` maps a
    /// member id to the fingerprint the user confirmed for it.
    public static func resolve(_ memberIDs: some Sequence<String>, state: CommunityState, now: UInt64,
                               confirmed: [String: String] = [:]) throws(ThreadFailure) -> [WrapRecipient] {
        var recipients: [WrapRecipient] = []
        var unverified: [ThreadFailure.KeyChange] = []
        for id in Set(memberIDs).sorted() {
            guard let member = state.member(id) else { throw .recipient(id, "is not a member") }
            guard member.status == .active else { throw .recipient(id, "is \(member.status.rawValue)") }
            let current = member.current
            guard current.certificate.isCurrent(at: now) else { throw .recipient(id, "has no current certificate (expired or not yet valid)") }
            if member.unverifiedKeyChange && confirmed[id] != current.certificate.fingerprint {
                unverified.append(ThreadFailure.KeyChange(memberID: id, fingerprint: current.certificate.fingerprint))
                continue
            }
            recipients.append(WrapRecipient(current))
        }
        guard unverified.isEmpty else { throw .unverifiedKeyChange(unverified) }
        return recipients
    }
}
