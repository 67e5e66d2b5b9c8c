import Core
import Crypto
import Foundation
import HTTP

/// The moderation bundle every client evaluates before encrypting (PROTOCOL.md
/// §7): the exact bytes of Policies/moderation.json and its version,
/// `lower-case hex(BLAKE2b-256(bytes))`, which every post signs.
///
///     GET /v1/policies/moderation   → {"bundle": base64(bytes), "version": hex}
struct ModerationBundle: Sendable {
    let bytes: [UInt8]
    let version: String
    /// The response body, made once.
    let json: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        version = Hex.encode(GenericHash.hash(bytes))
        json = Array("{\"bundle\":\(JSONText.quote(Base64.encode(bytes))),\"version\":\(JSONText.quote(version))}".utf8)
    }

    /// The bundle compiled into this binary.
    static func embedded() -> ModerationBundle {
        ModerationBundle(bytes: Array(EmbeddedPolicies.text("moderation").utf8))
    }
}
