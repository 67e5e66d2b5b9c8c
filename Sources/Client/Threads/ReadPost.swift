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
        }
    }
}

/// One stored post, read or refused.
public enum PostReading: Sendable, Equatable {
    case read(ReadPost)
    case unverifiable(postID: String, seq: UInt64, reason: PostRefusal)

    public var post: ReadPost? {
        if case .read(let post) = self { return post }
        return nil
    }

    public var refusal: PostRefusal? {
        if case .unverifiable(_, _, let reason) = self { return reason }
        return nil
    }
}
