import Core
import Crypto
import Protocol

/// A member's keys as `GET /v1/members/{id}/keys` serves them, checked
/// against the community log this client replayed and verified itself:
/// the bundle must be the member's current certificate in the verified
/// state, and every entry of the served chain must be byte for byte the
/// entry at that seq of the verified log.
///
///     let log = try context.follow()
///     let served: Wire.MemberKeys = try api.get("/v1/members/\(id)/keys")
///     let check = try KeyCheck.verify(served, memberID: id, against: log, now: now)
///     if check.unverifiedKeyChange { … confirm the fingerprint out of band … }
public struct KeyCheck: Sendable {
    /// The member.
    public let memberID: String
    /// The fingerprint of the member's current bundle, computed here.
    public let fingerprint: String
    /// The current certificate's role and organisation.
    public let role: Role
    public let orgID: String
    /// Active, suspended or revoked, as the log says.
    public let status: CommunityState.Status
    /// When the current certificate expires (seconds since the epoch).
    public let expiresAt: UInt64
    /// How many certificates the member has had.
    public let certificates: Int
    /// A key change arrived without the old key's signature (PROTOCOL.md §3).
    public let unverifiedKeyChange: Bool
    /// Whether the keys may be used for new wraps now: active and current.
    public let validForNewWraps: Bool

    /// Verifies `served` for `memberID`; throws `VerificationFailure` naming
    /// the first thing that does not match.
    public static func verify(_ served: Wire.MemberKeys, memberID: String, against log: VerifiedLog,
                              now: UInt64) throws(VerificationFailure) -> KeyCheck {
        let communityID = log.state.communityID
        guard served.member_id == memberID else {
            throw VerificationFailure("the server answered with the keys of \(served.member_id) instead of \(memberID)")
        }
        guard let member = log.state.member(memberID) else {
            throw VerificationFailure("\(memberID) is not in the verified community log: the server serves keys the log does not certify")
        }
        let current = member.current.certificate
        guard (try? Base64.decode(served.sign_public_key)) == current.signPublicKey.bytes,
              (try? Base64.decode(served.box_public_key)) == current.boxPublicKey.bytes else {
            throw VerificationFailure("the key bundle the server serves for \(memberID) is NOT the member's current certificate in the verified community log")
        }
        guard served.fingerprint == current.fingerprint, served.role == current.role.rawValue, served.org_id == current.orgID,
              served.status == member.status.rawValue else {
            throw VerificationFailure("the server's description of \(memberID) (fingerprint, role, organisation or status) differs from the verified community log")
        }
        guard served.certificate_seqs == member.certificates.map(\.seq) else {
            throw VerificationFailure("the server lists other certificate entries for \(memberID) than the verified community log")
        }
        var chainSeqs = Set<UInt64>()
        for item in served.chain {
            guard item.seq < UInt64(log.entries.count) else {
                throw VerificationFailure("chain entry \(item.seq) is beyond the verified community log (head \(log.entries.count - 1))")
            }
            guard let entry = try? item.entry(), entry == log.entries[Int(item.seq)] else {
                throw VerificationFailure("chain entry \(item.seq) is NOT byte for byte entry \(item.seq) of the verified community log")
            }
            chainSeqs.insert(item.seq)
        }
        guard member.certificates.allSatisfy({ chainSeqs.contains($0.seq) }), chainSeqs.contains(0) else {
            throw VerificationFailure("the chain the server serves for \(memberID) leaves out the member's certificates or the root")
        }
        if served.head.seq >= 0, served.head.seq < Int64(log.entries.count) {
            let hash = log.entries[Int(served.head.seq)].hash(communityID: communityID)
            guard (try? Base64.decode(served.head.hash)) == hash else {
                throw VerificationFailure("THE COMMUNITY LOG FORKED: the server's head at entry \(served.head.seq) is not the verified entry \(served.head.seq)")
            }
        }
        return KeyCheck(memberID: memberID, fingerprint: current.fingerprint, role: current.role, orgID: current.orgID,
                        status: member.status, expiresAt: current.expiresAt, certificates: member.certificates.count,
                        unverifiedKeyChange: member.unverifiedKeyChange, validForNewWraps: member.isValid(at: now))
    }
}
