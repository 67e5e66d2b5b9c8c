import Crypto
import Foundation

/// The public file `keys init-root` writes on the administrator's machine
/// and `init --root-cert` imports on the server: the root's self-signed
/// certificate and its signature over entry 0 of the community log. No
/// secret is in it.
///
///     {"format": "trustforum-root/v1", "community_id": "…", "payload": "<cert ‖ sig, base64>",
///      "entry_signature": "<base64>", "fingerprint": "…"}
public struct RootCertificateFile: Sendable, Equatable {
    public static let format = "trustforum-root/v1"

    public let certificate: SignedCertificate
    public let entrySignature: [UInt8]

    public var communityID: String { certificate.certificate.communityID }

    /// Entry 0 of the community log.
    public var entry: LogEntry {
        LogEntry(seq: 0, kind: .root, actorID: certificate.certificate.memberID, payload: certificate.payload,
                 prevHash: LogEntry.genesis, signature: entrySignature)
    }

    /// Makes the root: a self-signed admin certificate and entry 0, both
    /// signed with `key`.
    public static func make(communityID: String, memberID: String, orgID: String, key: SigningSecretKey, boxKey: BoxPublicKey,
                            issuedAt: UInt64, validity: UInt64) -> RootCertificateFile {
        let cert = Certificate(communityID: communityID, memberID: memberID, orgID: orgID, role: .admin, signPublicKey: key.publicKey,
                               boxPublicKey: boxKey, issuedAt: issuedAt, expiresAt: issuedAt + validity, issuerID: memberID)
        let signed = SignedCertificate.issue(cert, by: key)
        let entry = LogEntry.sign(communityID: communityID, seq: 0, kind: .root, actorID: memberID, payload: signed.payload,
                                  prevHash: LogEntry.genesis, key: key)
        return RootCertificateFile(certificate: signed, entrySignature: entry.signature)
    }

    public init(certificate: SignedCertificate, entrySignature: [UInt8]) {
        self.certificate = certificate
        self.entrySignature = entrySignature
    }

    public var json: String {
        "{\"format\":\"\(RootCertificateFile.format)\",\"community_id\":\"\(communityID)\",\"payload\":\"\(Base64.encode(certificate.payload))\","
            + "\"entry_signature\":\"\(Base64.encode(entrySignature))\",\"fingerprint\":\"\(certificate.certificate.fingerprint)\"}\n"
    }

    /// Parses the file; the caller still checks it by applying `entry`.
    public static func parse(_ bytes: [UInt8]) throws(ProtocolError) -> RootCertificateFile {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              object["format"] as? String == format,
              let payloadText = object["payload"] as? String, let payload = try? Base64.decode(payloadText),
              let signatureText = object["entry_signature"] as? String, let signature = try? Base64.decode(signatureText), signature.count == 64
        else { throw .malformed("not a \(format) file") }
        let certificate = try SignedCertificate.parse(payload: payload)
        if let community = object["community_id"] as? String, community != certificate.certificate.communityID {
            throw .malformed("community_id does not match the certificate")
        }
        return RootCertificateFile(certificate: certificate, entrySignature: signature)
    }
}
