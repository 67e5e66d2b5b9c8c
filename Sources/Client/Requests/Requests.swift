import Core
import Crypto
import Protocol

/// Builds and signs the requests of PROTOCOL.md §2–§3 on the member's side.
/// Pure functions: the keys come in, JSON-ready values go out; no I/O.
///
///     let body = Requests.application(communityID: id, applicationID: me, organisation: org, contact: contact,
///                                     signing: keys.signingKey, box: keys.boxKey.publicKey)
public enum Requests {
    /// An application with its proof of possession.
    public static func application(communityID: String, applicationID: String, organisation: Wire.Organisation, contact: Wire.Contact,
                                   signing: SigningSecretKey, box: BoxPublicKey, invitation: String? = nil) -> Wire.Application {
        let message = SignedMessages.application(communityID: communityID, applicationID: applicationID, signPublicKey: signing.publicKey.bytes,
                                                 boxPublicKey: box.bytes, kvkNumber: organisation.kvk_number, email: contact.email)
        return Wire.Application(application_id: applicationID, community_id: communityID, organisation: organisation, contact: contact,
                                sign_public_key: Base64.encode(signing.publicKey.bytes), box_public_key: Base64.encode(box.bytes),
                                signature: Base64.encode(signing.sign(message)), invitation: invitation)
    }

    /// The answer to a login challenge.
    public static func session(serverOrigin: String, communityID: String, memberID: String, challenge: [UInt8],
                               signing: SigningSecretKey) -> Wire.SessionRequest {
        let message = SignedMessages.login(serverOrigin: serverOrigin, communityID: communityID, memberID: memberID, challenge: challenge)
        return Wire.SessionRequest(member_id: memberID, challenge: Base64.encode(challenge), signature: Base64.encode(signing.sign(message)))
    }

    /// Where the next entry goes: after the head of the log the client verified.
    public struct Position: Sendable {
        public let seq: UInt64
        public let prevHash: [UInt8]

        public init(after state: CommunityState) {
            seq = state.nextSeq
            prevHash = state.head
        }
    }

    /// What an issuer signs to certify someone: the certificate and the
    /// `certify` entry at `position`.
    public static func certify(memberID: String, orgID: String, role: Role, signPublicKey: SigningPublicKey, boxPublicKey: BoxPublicKey,
                               communityID: String, issuerID: String, issuer: SigningSecretKey, position: Position,
                               issuedAt: UInt64, validity: UInt64, keyChangeBy oldKey: SigningSecretKey? = nil) -> (SignedCertificate, LogEntry) {
        let cert = Certificate(communityID: communityID, memberID: memberID, orgID: orgID, role: role, signPublicKey: signPublicKey,
                               boxPublicKey: boxPublicKey, issuedAt: issuedAt, expiresAt: issuedAt + validity, issuerID: issuerID)
        let signed = SignedCertificate.issue(cert, by: issuer, keyChangeBy: oldKey)
        let entry = LogEntry.sign(communityID: communityID, seq: position.seq, kind: .certify, actorID: issuerID, payload: signed.payload,
                                  prevHash: position.prevHash, key: issuer)
        return (signed, entry)
    }

    /// The body approving an application; `circleWraps` are the default
    /// keyring's epochs wrapped for the new certificate (required by the
    /// server once that keyring has an epoch).
    public static func approval(_ signed: SignedCertificate, _ entry: LogEntry, organisation: Wire.Organisation? = nil,
                                circleWraps: [KeyringWire.WrapJSON]? = nil) -> Wire.Approval {
        Wire.Approval(certificate: Base64.encode(signed.bytes), signature: Base64.encode(signed.signature), entry: Wire.SignedEntry(entry),
                      organisation: organisation, circle_wraps: circleWraps)
    }

    /// The body of a new certificate for an existing member.
    public static func certification(_ signed: SignedCertificate, _ entry: LogEntry) -> Wire.Certification {
        Wire.Certification(certificate: Base64.encode(signed.bytes), signature: Base64.encode(signed.signature),
                           key_change_signature: signed.keyChangeSignature.map(Base64.encode), entry: Wire.SignedEntry(entry))
    }

    /// A signed suspend, reinstate or revoke entry and its body.
    public static func sanction(_ kind: LogKind, memberID: String, reason: String, communityID: String, actorID: String,
                                actor: SigningSecretKey, position: Position) -> Wire.Sanction {
        sanctionEntry(kind, memberID: memberID, reason: reason, communityID: communityID, actorID: actorID, actor: actor,
                      position: position).1
    }

    /// The signed suspend, reinstate or revoke entry itself (for checking it
    /// against the verified state before sending) and its body.
    public static func sanctionEntry(_ kind: LogKind, memberID: String, reason: String, communityID: String, actorID: String,
                                     actor: SigningSecretKey, position: Position) -> (LogEntry, Wire.Sanction) {
        let payload = SanctionPayload(kind: kind, memberID: memberID, reason: reason)
        let entry = LogEntry.sign(communityID: communityID, seq: position.seq, kind: kind, actorID: actorID, payload: payload.bytes,
                                  prevHash: position.prevHash, key: actor)
        return (entry, Wire.Sanction(reason: reason.isEmpty ? nil : reason, entry: Wire.SignedEntry(entry)))
    }
}
