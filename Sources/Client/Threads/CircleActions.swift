import Crypto
import Protocol

/// Membership of collaboration circles: a circle moderator admits a member
/// (the add entry plus wraps of every epoch the moderator has), removes one
/// (with the next epoch when the moderator holds the keyring), anyone leaves
/// (the server then asks for a rotation), and asks to join. For the default
/// circle the "admission" is the approval of an application, which carries
/// the new member's wraps of the community keyring (`defaultCircleWraps`).
///
///     let admit = try CircleActions.admit(memberID, to: circle, community: community, by: me, now: now)
///     try api.post("/v1/circles/\(circleID)/members", admit.body)
public enum CircleActions {
    /// `history: false` gives the new member the current epoch only. A
    /// moderator who holds no key of the circle sends no wraps; a holder
    /// must then wrap for the new member (`POST /v1/keyrings/{id}/wraps`).
    public static func admit(_ memberID: String, to circle: VerifiedKeyring, community: VerifiedCommunity, by moderator: ThreadMember,
                             now: UInt64, confirmed: [String: String] = [:], history: Bool = true) throws(ThreadFailure) -> AddDraft {
        try requireCircle(circle)
        return try MembershipChange.add(memberID, keyring: circle, community: community, by: moderator, now: now, confirmed: confirmed,
                                        history: history, circleMembers: nil, keysOptional: true)
    }

    /// A circle moderator removes a member, with the next epoch when it holds the keyring.
    public static func remove(_ memberID: String, from circle: VerifiedKeyring, community: VerifiedCommunity, by moderator: ThreadMember,
                              now: UInt64, confirmed: [String: String] = [:]) throws(ThreadFailure) -> RemoveDraft {
        try requireCircle(circle)
        return try MembershipChange.remove(memberID, action: .remove, keyring: circle, community: community, by: moderator, now: now,
                                           confirmed: confirmed, rotate: true)
    }

    /// The actor leaves the circle; no epoch.
    public static func leave(_ circle: VerifiedKeyring, community: VerifiedCommunity, by member: ThreadMember,
                             now: UInt64) throws(ThreadFailure) -> RemoveDraft {
        try requireCircle(circle)
        return try MembershipChange.remove(member.memberID, action: .leave, keyring: circle, community: community, by: member, now: now,
                                           confirmed: [:], rotate: false)
    }

    /// The body of `POST /v1/circles/{id}/join-requests`.
    public static func joinRequest() -> ThreadWire.JoinRequest { ThreadWire.JoinRequest() }

    /// The `circle_wraps` of `POST /v1/applications/{id}/approve`: the
    /// community keyring's epochs (every one this moderator has, or only the
    /// current) for the certificate the approval issues.
    public static func defaultCircleWraps(for certificate: SignedCertificate, keyring: VerifiedKeyring, by moderator: ThreadMember,
                                          history: Bool = true) throws(ThreadFailure) -> [KeyringWire.WrapJSON] {
        guard keyring.kind == .defaultCircle else { throw .notAllowed("keyring \(keyring.keyringID) is not the community's") }
        guard keyring.holders.contains(moderator.memberID) else { throw .notAllowed("only a holder wraps the community keyring") }
        return try Rotation.historyWraps(for: WrapRecipient(certificate), keyring: keyring, by: moderator, history: history)
            .map(KeyringWire.WrapJSON.init)
    }

    static func requireCircle(_ keyring: VerifiedKeyring) throws(ThreadFailure) {
        guard case .circle = keyring.kind else { throw .notAllowed("keyring \(keyring.keyringID) is not a collaboration circle's") }
    }
}
