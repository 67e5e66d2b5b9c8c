import Core
import Protocol

/// A post that passed every check (PROTOCOL.md §5), with who wrote it as
/// the certificate in force when the server received it says.
public struct ReadPost: Sendable, Equatable {
    public let postID: String
    /// The post's place in the thread.
    public let seq: UInt64
    public let authorID: String
    /// The author's organisation and role (the badge) at `receivedAt`.
    public let orgID: String
    public let role: Role
    /// Milliseconds since the epoch, as the server received it.
    public let receivedAt: UInt64
    public let label: TLPLabel
    public let title: String?
    public let body: String
    public let replyTo: String?
    /// Moderation rule ids that flagged the post (PROTOCOL.md §7).
    public let flags: [String]
    /// `hold`: hidden from other readers until a moderator decides.
    public let moderation: Post.Moderation
    /// The server lists the post as held (mod-spec §2): waiting for a
    /// moderator, shown to its author only. An approved post is no longer held.
    public let held: Bool
    /// What a report of this post needs (PROTOCOL.md §6).
    public let frankingKey: [UInt8]
    public let frankingTag: [UInt8]
    public let serverTag: [UInt8]
}

/// Why a post shows as unverifiable. Never accompanied by its text.
public enum PostRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    /// Served in another thread, label or keyring than its signed fields name.
    case wrongThread(String)
    /// The author is unknown, or no certificate of the author was in force at
    /// `received_at`, or the post names another certificate than that one.
    case certificate(String)
    case badSignature
    /// The signed log position is not in the verified log (a fork, or a
    /// default-keyring position past the verified community log).
    case position(String)
    /// The author did not hold the keyring at the position it signed.
    case notHolder
    case unknownEpoch(UInt64)
    case noKey(UInt64)
    /// The AEAD refuses the ciphertext under the epoch's key.
    case undecryptable
    /// The padding or the payload JSON is broken.
    case payload(String)
    /// The franking tag does not commit to this text (a report could not prove it).
    case frankingTag
    /// A removed post's tombstone: the moderator's decision does not verify
    /// (signature, certificate, role, or not a removal).
    case decision(String)

    public var description: String {
        switch self {
        case .malformed(let what): "malformed: \(what)"
        case .wrongThread(let what): "served out of place: \(what)"
        case .certificate(let what): "author certificate: \(what)"
        case .badSignature: "the author's signature does not verify"
        case .position(let what): "log position: \(what)"
        case .notHolder: "the author did not hold the keyring at the position the post binds"
        case .unknownEpoch(let n): "epoch \(n) is not one of the keyring's"
        case .noKey(let n): "this client has no key for epoch \(n)"
        case .undecryptable: "the post does not decrypt with its epoch's key"
        case .payload(let what): "the payload is broken: \(what)"
        case .frankingTag: "the franking tag does not match the text"
        case .decision(let what): "removed, but the moderation decision does not verify: \(what)"
        }
    }
}

/// A post a moderator removed (mod-spec §3): its ciphertext is gone and its
/// tombstone carries the moderator's signed decision, which verified. The
/// text is never shown (nor decrypted).
public struct RemovedPost: Sendable, Equatable {
    public let postID: String
    public let seq: UInt64
    /// The author as the tombstone's fields state it (its signature was deleted with the text).
    public let authorID: String
    /// Milliseconds since the epoch, as the server received the post.
    public let receivedAt: UInt64
    /// `remove`, or `warn` (removed and its author warned).
    public let decision: Decision.Kind
    public let reason: String
    public let moderatorID: String
    /// Seconds since the epoch, as the server recorded the decision (not signed).
    public let decidedAt: UInt64
}

/// One stored post, read, removed by a verified decision, or refused.
public enum PostReading: Sendable, Equatable {
    case read(ReadPost)
    case removed(RemovedPost)
    case unverifiable(postID: String, seq: UInt64, reason: PostRefusal)

    public var post: ReadPost? {
        if case .read(let post) = self { return post }
        return nil
    }

    public var removal: RemovedPost? {
        if case .removed(let removed) = self { return removed }
        return nil
    }

    public var refusal: PostRefusal? {
        if case .unverifiable(_, _, let reason) = self { return reason }
        return nil
    }
}
