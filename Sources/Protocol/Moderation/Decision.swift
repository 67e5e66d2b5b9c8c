import Crypto

/// A moderator's signed decision (mod-spec §3, PROTOCOL.md §6):
///
///     signature = Ed25519(moderator_sign_sk, frame("trustforum/decision/v1",
///                   community_id, subject_id, decision, H(reason)))
///
/// `subject_id` is the post id for post items (held posts and reported
/// posts) and the item id otherwise; `H(reason)` is BLAKE2b-256 of the
/// reason's UTF-8.
///
///     let decision = Decision.sign(.remove, reason: "doxxing", communityID: c, subjectID: postID,
///                                  moderatorID: me, moderatorCertHash: myCert.hash, key: signKey)
///     decision.isSigned(by: moderatorCert.signPublicKey)   // true
public struct Decision: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case approve, remove, dismiss, warn
    }

    public let communityID: String
    public let subjectID: String
    public let kind: Kind
    public let reason: String
    public let moderatorID: String
    public let moderatorCertHash: [UInt8]
    public let signature: [UInt8]

    public init(communityID: String, subjectID: String, kind: Kind, reason: String, moderatorID: String, moderatorCertHash: [UInt8],
                signature: [UInt8]) {
        self.communityID = communityID
        self.subjectID = subjectID
        self.kind = kind
        self.reason = reason
        self.moderatorID = moderatorID
        self.moderatorCertHash = moderatorCertHash
        self.signature = signature
    }

    /// `frame("trustforum/decision/v1", community_id, subject_id, decision, H(reason))`.
    public static func signedBytes(communityID: String, subjectID: String, kind: Kind, reason: String) -> [UInt8] {
        Frame.frame(context: "trustforum/decision/v1", [.string(communityID), .string(subjectID), .string(kind.rawValue),
                                                         .bytes(GenericHash.hash(Array(reason.utf8)))])
    }

    public var signedBytes: [UInt8] {
        Decision.signedBytes(communityID: communityID, subjectID: subjectID, kind: kind, reason: reason)
    }

    /// Signs a decision with the moderator's key.
    public static func sign(_ kind: Kind, reason: String, communityID: String, subjectID: String, moderatorID: String,
                            moderatorCertHash: [UInt8], key: SigningSecretKey) -> Decision {
        let bytes = signedBytes(communityID: communityID, subjectID: subjectID, kind: kind, reason: reason)
        return Decision(communityID: communityID, subjectID: subjectID, kind: kind, reason: reason, moderatorID: moderatorID,
                        moderatorCertHash: moderatorCertHash, signature: key.sign(bytes))
    }

    /// True when `key` (the moderator's, from the certificate
    /// `moderatorCertHash` names) signed this decision.
    public func isSigned(by key: SigningPublicKey) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: signedBytes)
    }
}
