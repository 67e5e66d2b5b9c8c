import Crypto
import Protocol

/// The server franking key of PROTOCOL.md §5, which signs receipts:
///
///     server_franking_key = BLAKE2b-256(key = audit key, frame("trustforum/server-franking/v1"))
///     server_tag          = HMAC-SHA-256(server_franking_key, frame("trustforum/server-tag/v1", …))
///
/// Derived rather than kept in a file of its own: the audit key already
/// lives outside the database (0600, ideally on another volume) and is
/// loaded at every start, so the receipts need no new secret to provision
/// or back up, and the derivation's context keeps the two uses apart. The
/// price: replacing the audit key changes the franking key, so receipts
/// issued before can no longer be re-computed by the server (the stored
/// tags stay, and reports carry them).
enum ServerFranking {
    static let context = "trustforum/server-franking/v1"

    static func key(auditKey: SecureBytes) -> SecureBytes {
        var keyBytes = auditKey.copyBytes()
        defer { for i in keyBytes.indices { keyBytes[i] = 0 } }
        return SecureBytes(GenericHash.hash(Frame.frame(context: context, []), key: keyBytes))
    }

    /// The receipt of a post received at `receivedAt` (milliseconds).
    static func tag(key: SecureBytes, _ post: Post, receivedAt: UInt64) -> [UInt8] {
        Post.serverTag(key: key, postID: post.postID, threadID: post.threadID, authorID: post.authorID, frankingTag: post.frankingTag,
                       receivedAt: receivedAt)
    }
}
