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

    /// Parses the JSON form. Numbers must be JSON integers in UInt64's
    /// range: `-1`, `1.5` or `true` are refused, not wrapped or rounded.
    public static func parse(_ bytes: [UInt8]) throws(CheckpointError) -> AuditCheckpoint {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(bytes))
        } catch {
            throw .malformed(Wire.field(of: error))
        }
        guard wire.format == format else { throw .malformed("format is not \(format)") }
        guard wire.seq > 0 else { throw .malformed("seq") }
        func binary(_ text: String, _ key: Wire.CodingKeys, _ count: Int) throws(CheckpointError) -> [UInt8] {
            guard let bytes = try? Base64.decode(text), bytes.count == count else { throw .malformed(key.rawValue) }
            return bytes
        }
        return AuditCheckpoint(communityID: wire.communityID, seq: wire.seq, mac: try binary(wire.mac, .mac, AuditLog.macLength),
                               createdAt: wire.createdAt, signer: try binary(wire.signer, .signer, 32),
                               signature: try binary(wire.signature, .signature, 64))
    }

    /// The JSON object as it is on file.
    private struct Wire: Decodable {
        let format: String
        let communityID: String
        let seq: UInt64
        let mac: String
        let createdAt: UInt64
        let signer: String
        let signature: String

        enum CodingKeys: String, CodingKey {
            case format, communityID = "community_id", seq, mac, createdAt = "created_at", signer, signature
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            // JSONDecoder reports a number out of UInt64's range without
            // its key; name it.
            func unsigned(_ key: CodingKeys) throws -> UInt64 {
                do {
                    return try c.decode(UInt64.self, forKey: key)
                } catch {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an unsigned integer")
                }
            }
            format = try c.decode(String.self, forKey: .format)
            communityID = try c.decode(String.self, forKey: .communityID)
            seq = try unsigned(.seq)
            mac = try c.decode(String.self, forKey: .mac)
            createdAt = try unsigned(.createdAt)
            signer = try c.decode(String.self, forKey: .signer)
            signature = try c.decode(String.self, forKey: .signature)
        }

        /// The field a decoding error is about.
        static func field(of error: any Error) -> String {
            switch error as? DecodingError {
            case .keyNotFound(let key, _)?: key.stringValue
            case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
                context.codingPath.last?.stringValue ?? "not a JSON object"
            default: "not a JSON object"
            }
        }
    }
}
