import Core
import Crypto

/// A member certificate (PROTOCOL.md §3):
///
///     cert = frame("trustforum/cert/v1", community_id, member_id, org_id, role,
///                  sign_pk, box_pk, u64(issued_at), u64(expires_at), issuer_id)
///
/// signed by the issuer. The root certificate is self-signed
/// (`issuer_id == member_id`, role `admin`).
public struct Certificate: Sendable, Equatable {
    public static let context = "trustforum/cert/v1"

    public let communityID: String
    public let memberID: String
    public let orgID: String
    public let role: Role
    public let signPublicKey: SigningPublicKey
    public let boxPublicKey: BoxPublicKey
    public let issuedAt: UInt64
    public let expiresAt: UInt64
    public let issuerID: String

    public init(communityID: String, memberID: String, orgID: String, role: Role, signPublicKey: SigningPublicKey,
                boxPublicKey: BoxPublicKey, issuedAt: UInt64, expiresAt: UInt64, issuerID: String) {
        self.communityID = communityID
        self.memberID = memberID
        self.orgID = orgID
        self.role = role
        self.signPublicKey = signPublicKey
        self.boxPublicKey = boxPublicKey
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.issuerID = issuerID
    }

    /// The framed bytes that are signed.
    public var bytes: [UInt8] {
        Frame.frame(context: Certificate.context, [
            .string(communityID), .string(memberID), .string(orgID), .string(role.rawValue),
            .bytes(signPublicKey.bytes), .bytes(boxPublicKey.bytes), .u64(issuedAt), .u64(expiresAt), .string(issuerID),
        ])
    }

    /// Parses certificate bytes, strictly (ids must be lower-case UUIDs).
    public static func parse(_ bytes: [UInt8]) throws(ProtocolError) -> Certificate {
        var reader = try FrameReader(bytes, context: context)
        let community = try reader.string()
        let member = try reader.string()
        let org = try reader.string()
        let roleName = try reader.string()
        let sign = try reader.bytes(count: SigningPublicKey.byteCount)
        let box = try reader.bytes(count: BoxPublicKey.byteCount)
        let issued = try reader.u64()
        let expires = try reader.u64()
        let issuer = try reader.string()
        try reader.finish()
        for (name, id) in [("community_id", community), ("member_id", member), ("org_id", org), ("issuer_id", issuer)] {
            guard Identifier.isValid(id) else { throw .malformed("certificate \(name) is not a lower-case UUID") }
        }
        guard let role = Role(rawValue: roleName) else { throw .malformed("certificate role is not a role") }
        guard let signKey = try? SigningPublicKey(sign), let boxKey = try? BoxPublicKey(box) else {
            throw .malformed("certificate keys")
        }
        guard expires > issued else { throw .malformed("certificate expires before it is issued") }
        return Certificate(communityID: community, memberID: member, orgID: org, role: role, signPublicKey: signKey,
                           boxPublicKey: boxKey, issuedAt: issued, expiresAt: expires, issuerID: issuer)
    }

    /// The key bundle's fingerprint (PROTOCOL.md §1).
    public var fingerprint: String {
        KeyBundle.fingerprint(signPublicKey: signPublicKey, boxPublicKey: boxPublicKey)
    }

    /// True while `time` is within `[issuedAt, expiresAt)`.
    public func isCurrent(at time: UInt64) -> Bool {
        time >= issuedAt && time < expiresAt
    }
}

/// A certificate with its issuer's signature and, for a new key of an
/// existing member, the old sign key's signature over the new certificate:
///
///     key_change_sig = Ed25519(old_sign_sk, frame("trustforum/key-change/v1", cert))
///
/// (PROTOCOL.md §3 asks for "the old sign key's signature over the new
/// certificate" without fixing its bytes; we frame it for domain separation.)
/// The `root` and `certify` log payload is `cert ‖ issuer_sig [‖ key_change_sig]`.
public struct SignedCertificate: Sendable, Equatable {
    public static let signatureLength = 64

    public let certificate: Certificate
    public let bytes: [UInt8]
    public let signature: [UInt8]
    public let keyChangeSignature: [UInt8]?

    /// Wraps parsed bytes; `bytes` must be the certificate's own encoding.
    public init(bytes: [UInt8], signature: [UInt8], keyChangeSignature: [UInt8]? = nil) throws(ProtocolError) {
        guard signature.count == SignedCertificate.signatureLength else { throw .malformed("certificate signature length") }
        if let keyChangeSignature, keyChangeSignature.count != SignedCertificate.signatureLength {
            throw .malformed("key-change signature length")
        }
        certificate = try Certificate.parse(bytes)
        self.bytes = bytes
        self.signature = signature
        self.keyChangeSignature = keyChangeSignature
    }

    /// Signs `certificate` as `issuer`.
    public static func issue(_ certificate: Certificate, by issuer: SigningSecretKey,
                             keyChangeBy oldKey: SigningSecretKey? = nil) -> SignedCertificate {
        let bytes = certificate.bytes
        let keyChange = oldKey.map { $0.sign(keyChangeMessage(bytes)) }
        return try! SignedCertificate(bytes: bytes, signature: issuer.sign(bytes), keyChangeSignature: keyChange)
    }

    static func keyChangeMessage(_ certificateBytes: [UInt8]) -> [UInt8] {
        Frame.frame(context: "trustforum/key-change/v1", [.bytes(certificateBytes)])
    }

    /// `cert_hash = H(certificate bytes ‖ certificate signature)`.
    public var hash: [UInt8] { GenericHash.hash(bytes + signature) }

    /// The `root`/`certify` log payload.
    public var payload: [UInt8] { bytes + signature + (keyChangeSignature ?? []) }

    /// Splits a payload back (the certificate frame is self-delimiting).
    public static func parse(payload: [UInt8]) throws(ProtocolError) -> SignedCertificate {
        var reader = try FrameReader(payload, context: Certificate.context)
        for _ in 0..<9 { _ = try reader.next() }
        let end = reader.consumed
        let rest = payload.count - end
        guard rest == signatureLength || rest == 2 * signatureLength else { throw .malformed("certificate payload length") }
        let signature = Array(payload[end..<(end + signatureLength)])
        let keyChange = rest == 2 * signatureLength ? Array(payload[(end + signatureLength)...]) : nil
        return try SignedCertificate(bytes: Array(payload[..<end]), signature: signature, keyChangeSignature: keyChange)
    }

    /// True when `issuerKey` signed the certificate.
    public func isSigned(by issuerKey: SigningPublicKey) -> Bool {
        issuerKey.isValidSignature(signature, for: bytes)
    }

    /// True when the key-change signature verifies under `oldKey`.
    public func isKeyChangeSigned(by oldKey: SigningPublicKey) -> Bool {
        guard let keyChangeSignature else { return false }
        return oldKey.isValidSignature(keyChangeSignature, for: SignedCertificate.keyChangeMessage(bytes))
    }
}
