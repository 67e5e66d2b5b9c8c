import Crypto

/// The other signed byte strings of PROTOCOL.md §2.
public enum SignedMessages {
    /// The applicant's proof of possession:
    /// `frame("trustforum/apply/v1", community_id, application_id, sign_pk, box_pk, kvk_number, email)`.
    public static func application(communityID: String, applicationID: String, signPublicKey: [UInt8], boxPublicKey: [UInt8],
                                   kvkNumber: String, email: String) -> [UInt8] {
        Frame.frame(context: "trustforum/apply/v1", [
            .string(communityID), .string(applicationID), .bytes(signPublicKey), .bytes(boxPublicKey), .string(kvkNumber), .string(email),
        ])
    }

    /// What a member signs to log in:
    /// `frame("trustforum/login/v1", server_origin, community_id, member_id, challenge)`
    /// with the challenge as its raw 32 bytes (as the vectors have it).
    public static func login(serverOrigin: String, communityID: String, memberID: String, challenge: [UInt8]) -> [UInt8] {
        Frame.frame(context: "trustforum/login/v1", [.string(serverOrigin), .string(communityID), .string(memberID), .bytes(challenge)])
    }
}
