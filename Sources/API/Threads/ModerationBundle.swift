import Core
import Crypto
import Foundation
import HTTP
import Moderation

/// One moderation policy in force (PROTOCOL.md §7): the bundle's bytes
/// (`trustforum-moderation/v1`, see `PolicyBundle`), its version
/// `lower-case hex(BLAKE2b-256(bytes))`, which every post signs, and its
/// rules compiled for the server's own checks of plaintext (display names,
/// organisation profiles, applications). Immutable: a reload makes a new one
/// and swaps it whole (`Service.replaceModeration`).
///
///     GET /v1/policies/moderation   → {"bundle": base64(bytes), "version": hex}
///     let verdict = try context.moderation.evaluate(displayName, as: .profileField)
public struct ModerationBundle: Sendable {
    public let bytes: [UInt8]
    public let version: String
    /// The response body, made once.
    let json: [UInt8]
    /// The decoded rules.
    public let policy: CompiledPolicy

    /// Decodes `bytes`; refuses a bundle this server could not evaluate itself.
    public init(bytes: [UInt8]) throws(BundleError) {
        policy = try PolicyBundle.decode(bytes)
        self.bytes = bytes
        version = Hex.encode(GenericHash.hash(bytes))
        json = Array("{\"bundle\":\(JSONText.quote(Base64.encode(bytes))),\"version\":\(JSONText.quote(version))}".utf8)
    }

    /// Evaluates plaintext the server sees (PROTOCOL.md §7 applies the same
    /// rules to posts on the client): the strongest action and the matched
    /// rules. Refuses a text larger than `kind` allows (64 KiB for a post,
    /// 4 KiB for a profile field, 1 MiB for a publication).
    public func evaluate(_ text: String, as kind: ContentKind) throws(ContentTooLarge) -> Verdict {
        try policy.evaluate(text, as: kind)
    }

    /// The bundle of the rules compiled into this binary.
    public static let embedded: ModerationBundle = {
        do {
            return try ModerationBundle(bytes: PolicyBundle.embedded)
        } catch {
            fatalError("the embedded moderation bundle does not decode: \(error)")
        }
    }()
}
