import Crypto
import Foundation

/// A signed `(seq, mac)` of the audit log's head, for the operator to keep
/// somewhere else (a ticket, a printout, another machine). Against it,
/// `AuditLog.verify` detects a truncated log and a log rewritten by someone
/// who holds the MAC key.
///
///     signature = Ed25519(server_signing_key, frame("trustforum/audit-checkpoint/v1",
///                         community_id, seq, mac, created_at))
///
/// On file it is JSON with binary values in base64.
public struct AuditCheckpoint: Sendable, Equatable {
    public static let format = "trustforum-audit-checkpoint/v1"

    public let communityID: String
    public let seq: UInt64
    public let mac: [UInt8]
    public let createdAt: UInt64
    /// The signer's Ed25519 public key.
    public let signer: [UInt8]
    public let signature: [UInt8]

    public enum CheckpointError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case badSignature
        case otherSigner
        case otherCommunity

        public var description: String {
            switch self {
            case .malformed(let what): "not an audit checkpoint: \(what)"
            case .badSignature: "the checkpoint's signature is not valid"
            case .otherSigner: "the checkpoint was signed by another key than this server's"
            case .otherCommunity: "the checkpoint belongs to another community"
            }
        }
    }

    /// Signs a checkpoint of `(seq, mac)`.
    public static func sign(communityID: String, seq: UInt64, mac: [UInt8], createdAt: UInt64, key: SigningSecretKey) -> AuditCheckpoint {
        let message = signedBytes(communityID: communityID, seq: seq, mac: mac, createdAt: createdAt)
        return AuditCheckpoint(communityID: communityID, seq: seq, mac: mac, createdAt: createdAt,
                               signer: key.publicKey.bytes, signature: key.sign(message))
    }

    static func signedBytes(communityID: String, seq: UInt64, mac: [UInt8], createdAt: UInt64) -> [UInt8] {
        Frame.frame(context: "trustforum/audit-checkpoint/v1", [.string(communityID), .u64(seq), .bytes(mac), .u64(createdAt)])
    }

    /// Checks the signature, and that it is this server's key and community.
    public func validate(communityID expectedCommunity: String, signer expectedSigner: SigningPublicKey?) throws(CheckpointError) {
        guard let key = try? SigningPublicKey(signer),
              key.isValidSignature(signature, for: AuditCheckpoint.signedBytes(communityID: communityID, seq: seq, mac: mac, createdAt: createdAt))
        else { throw .badSignature }
        if let expectedSigner, expectedSigner.bytes != signer { throw .otherSigner }
        if communityID != expectedCommunity { throw .otherCommunity }
    }

    /// The checkpoint as one line of JSON.
    public var json: String {
        "{\"format\":\"\(AuditCheckpoint.format)\",\"community_id\":\"\(communityID)\",\"seq\":\(seq),"
            + "\"mac\":\"\(Base64.encode(mac))\",\"created_at\":\(createdAt),"
            + "\"signer\":\"\(Base64.encode(signer))\",\"signature\":\"\(Base64.encode(signature))\"}"
    }

    /// Parses the JSON form.
    public static func parse(_ bytes: [UInt8]) throws(CheckpointError) -> AuditCheckpoint {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw .malformed("not a JSON object")
        }
        guard object["format"] as? String == format else { throw .malformed("format is not \(format)") }
        guard let community = object["community_id"] as? String else { throw .malformed("community_id") }
        guard let seq = (object["seq"] as? NSNumber)?.uint64Value, seq > 0 else { throw .malformed("seq") }
        guard let created = (object["created_at"] as? NSNumber)?.uint64Value else { throw .malformed("created_at") }
        func binary(_ key: String, _ count: Int) throws(CheckpointError) -> [UInt8] {
            guard let text = object[key] as? String, let bytes = try? Base64.decode(text), bytes.count == count else {
                throw .malformed(key)
            }
            return bytes
        }
        return AuditCheckpoint(communityID: community, seq: seq, mac: try binary("mac", AuditLog.macLength), createdAt: created,
                               signer: try binary("signer", 32), signature: try binary("signature", 64))
    }
}
