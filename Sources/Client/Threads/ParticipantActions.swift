import Crypto
import Protocol

/// Changes to the participants of an AMBER, AMBER+STRICT or RED thread
/// (DESIGN.md's TLP table): who adds whom is checked against the verified
/// keyring log; a new participant gets the keys the adder has (history,
/// unless the adder opts out); the author's removal comes with the next
/// epoch in the same request; leaving does not (the leaver must not know
/// the next key), so the server asks the next holder to rotate.
///
///     let add = try ParticipantActions.add(expertID, to: keyring, community: community, by: me, now: now)
///     try api.post("/v1/threads/\(threadID)/participants", add.body)
///     let removal = try ParticipantActions.remove(memberID, from: keyring, community: community, by: me, now: now)
///     try api.delete("/v1/threads/\(threadID)/participants/\(memberID)", removal.body)
public enum ParticipantActions {
    /// `circleMembers`: for a thread of a collaboration circle, the circle's current holders.
    public static func add(_ memberID: String, to keyring: VerifiedKeyring, community: VerifiedCommunity, by actor: ThreadMember,
                           now: UInt64, confirmed: [String: String] = [:], history: Bool = true,
                           circleMembers: Set<String>? = nil) throws(ThreadFailure) -> AddDraft {
        try requireThread(keyring)
        return try MembershipChange.add(memberID, keyring: keyring, community: community, by: actor, now: now, confirmed: confirmed,
                                        history: history, circleMembers: circleMembers, keysOptional: false)
    }

    /// The author removes a participant and, in the same request, makes the
    /// next epoch for those who remain.
    public static func remove(_ memberID: String, from keyring: VerifiedKeyring, community: VerifiedCommunity, by actor: ThreadMember,
                              now: UInt64, confirmed: [String: String] = [:]) throws(ThreadFailure) -> RemoveDraft {
        try requireThread(keyring)
        return try MembershipChange.remove(memberID, action: .remove, keyring: keyring, community: community, by: actor, now: now,
                                           confirmed: confirmed, rotate: true)
    }

    /// The actor leaves; no epoch (the server marks the keyring `rotation_required`).
    public static func leave(_ keyring: VerifiedKeyring, community: VerifiedCommunity, by actor: ThreadMember,
                             now: UInt64) throws(ThreadFailure) -> RemoveDraft {
        try requireThread(keyring)
        return try MembershipChange.remove(actor.memberID, action: .leave, keyring: keyring, community: community, by: actor, now: now,
                                           confirmed: [:], rotate: false)
    }

    static func requireThread(_ keyring: VerifiedKeyring) throws(ThreadFailure) {
        guard case .thread(let record) = keyring.kind else { throw .notAllowed("keyring \(keyring.keyringID) is not a thread's") }
        guard !record.label.usesCircleKeyring else { throw .notAllowed("a \(record.label.rawValue) thread has no participants") }
    }
}
