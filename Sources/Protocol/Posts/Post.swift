import Core
import Crypto
import Foundation

/// What a post says, inside its encryption (PROTOCOL.md §5):
/// `{"body", "title"?, "reply_to"?, "flags"?, "franking_key"}`.
public struct PostPayload: Sendable, Equatable {
    public var body: String
    public var title: String?
    public var replyTo: String?
    /// Moderation rule ids that flagged the post (PROTOCOL.md §7).
    public var flags: [String]?
    public var frankingKey: [UInt8]

    public init(body: String, title: String? = nil, replyTo: String? = nil, flags: [String]? = nil, frankingKey: [UInt8] = Random.bytes(32)) {
        self.body = body
        self.title = title
        self.replyTo = replyTo
        self.flags = flags
        self.frankingKey = frankingKey
    }

    /// The JSON text, keys sorted (the vectors' form).
    public var json: [UInt8] {
        var object: [String: Any] = ["body": body, "franking_key": Base64.encode(frankingKey)]
        if let title { object["title"] = title }
        if let replyTo { object["reply_to"] = replyTo }
        if let flags { object["flags"] = flags }
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    public static func parse(_ bytes: [UInt8]) throws(ProtocolError) -> PostPayload {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let body = object["body"] as? String,
              let keyText = object["franking_key"] as? String, let key = try? Base64.decode(keyText), key.count == 32
        else { throw .malformed("post payload") }
        let title = object["title"] as? String
        let replyTo = object["reply_to"] as? String
        let flags = object["flags"] as? [String]
        if object["title"] != nil && title == nil || object["reply_to"] != nil && replyTo == nil || object["flags"] != nil && flags == nil {
            throw .malformed("post payload field types")
        }
        return PostPayload(body: body, title: title, replyTo: replyTo, flags: flags, frankingKey: key)
    }

    /// `HMAC-SHA-256(k_f, frame("trustforum/frank/v1", post_id, body, title or "", reply_to or ""))`.
    public func frankingTag(postID: String) -> [UInt8] {
        PostPayload.frankingTag(postID: postID, body: body, title: title, replyTo: replyTo, key: frankingKey)
    }

    public static func frankingTag(postID: String, body: String, title: String?, replyTo: String?, key: [UInt8]) -> [UInt8] {
        let message = Frame.frame(context: "trustforum/frank/v1", [.string(postID), .string(body), .string(title ?? ""), .string(replyTo ?? "")])
        return try! HMACSHA256.authenticationCode(for: message, key: HMACKey(bytes: key))
    }
}

/// A post as it travels and is stored: the signed fields, the ciphertext and
/// the author's signature. The server checks everything but the plaintext;
/// a reader's client checks everything.
public struct Post: Sendable, Equatable {
    public enum Moderation: String, Sendable, Codable {
        case none, hold
    }

    /// The maximum padded payload (PROTOCOL.md §1): 64 KiB.
    public static let maxPaddedPayload = 64 * 1024
    public static let padBlock = 256

    public let communityID: String
    public let postID: String
    public let threadID: String
    public let label: TLPLabel
    public let keyringID: String
    public let epoch: UInt64
    public let logSeq: UInt64
    public let logHead: [UInt8]
    public let authorID: String
    public let authorCertHash: [UInt8]
    public let frankingTag: [UInt8]
    public let moderation: Moderation
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]
    public let policyVersion: String
    public let signature: [UInt8]

    public init(communityID: String, postID: String, threadID: String, label: TLPLabel, keyringID: String, epoch: UInt64, logSeq: UInt64,
                logHead: [UInt8], authorID: String, authorCertHash: [UInt8], frankingTag: [UInt8], moderation: Moderation, nonce: [UInt8],
                ciphertext: [UInt8], policyVersion: String, signature: [UInt8]) {
        self.communityID = communityID
        self.postID = postID
        self.threadID = threadID
        self.label = label
        self.keyringID = keyringID
        self.epoch = epoch
        self.logSeq = logSeq
        self.logHead = logHead
        self.authorID = authorID
        self.authorCertHash = authorCertHash
        self.frankingTag = frankingTag
        self.moderation = moderation
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.policyVersion = policyVersion
        self.signature = signature
    }

    /// The signed fields, in PROTOCOL.md §5's order.
    static func fields(communityID: String, postID: String, threadID: String, label: TLPLabel, keyringID: String, epoch: UInt64,
                       logSeq: UInt64, logHead: [UInt8], authorID: String, authorCertHash: [UInt8], frankingTag: [UInt8],
                       moderation: Moderation) -> [FrameField] {
        [.string(communityID), .string(postID), .string(threadID), .string(label.rawValue), .string(keyringID), .u64(epoch),
         .u64(logSeq), .bytes(logHead), .string(authorID), .bytes(authorCertHash), .bytes(frankingTag), .string(moderation.rawValue)]
    }

    var fields: [FrameField] {
        Post.fields(communityID: communityID, postID: postID, threadID: threadID, label: label, keyringID: keyringID, epoch: epoch,
                    logSeq: logSeq, logHead: logHead, authorID: authorID, authorCertHash: authorCertHash, frankingTag: frankingTag,
                    moderation: moderation)
    }

    /// The AEAD's additional data: `frame("trustforum/post/v1", fields…)`.
    public var additionalData: [UInt8] { Frame.frame(context: "trustforum/post/v1", fields) }

    /// What the author signs: `frame("trustforum/post-sig/v1", fields…, nonce, H(ciphertext), policy_version)`.
    public var signedBytes: [UInt8] {
        Frame.frame(context: "trustforum/post-sig/v1", fields + [.bytes(nonce), .bytes(GenericHash.hash(ciphertext)), .string(policyVersion)])
    }

    /// The identity of the post's bytes, for idempotent retries: the same id
    /// with the same bytes is the same post.
    public var digest: [UInt8] { digest(signedBytes: signedBytes) }

    /// `digest` from `signedBytes` already built (ingest checks the
    /// signature over them too: the frame and the ciphertext's hash once).
    public func digest(signedBytes: [UInt8]) -> [UInt8] { GenericHash.hash(signedBytes + signature) }

    /// Encrypts and signs a post.
    public static func seal(_ payload: PostPayload, communityID: String, postID: String, threadID: String, label: TLPLabel,
                            keyringID: String, epoch: UInt64, key: SecureBytes, logSeq: UInt64, logHead: [UInt8], authorID: String,
                            authorCertHash: [UInt8], moderation: Moderation = .none, policyVersion: String, author: SigningSecretKey,
                            nonce: [UInt8]? = nil) throws -> Post {
        let tag = payload.frankingTag(postID: postID)
        let fieldList = fields(communityID: communityID, postID: postID, threadID: threadID, label: label, keyringID: keyringID, epoch: epoch,
                               logSeq: logSeq, logHead: logHead, authorID: authorID, authorCertHash: authorCertHash, frankingTag: tag,
                               moderation: moderation)
        let padded = try Padding.pad(payload.json, blockSize: padBlock)
        guard padded.count <= maxPaddedPayload else { throw CryptoError.invalidLength(what: "padded post payload", expected: 0...maxPaddedPayload, actual: padded.count) }
        let ad = Frame.frame(context: "trustforum/post/v1", fieldList)
        let aeadKey = try AEADKey(key)
        let sealed: (nonce: [UInt8], ciphertext: [UInt8])
        if let nonce {
            sealed = (nonce, try AEAD.seal(padded, additionalData: ad, nonce: nonce, key: aeadKey))
        } else {
            sealed = try AEAD.seal(padded, additionalData: ad, key: aeadKey)
        }
        var post = Post(communityID: communityID, postID: postID, threadID: threadID, label: label, keyringID: keyringID, epoch: epoch,
                        logSeq: logSeq, logHead: logHead, authorID: authorID, authorCertHash: authorCertHash, frankingTag: tag,
                        moderation: moderation, nonce: sealed.nonce, ciphertext: sealed.ciphertext, policyVersion: policyVersion, signature: [])
        post = post.withSignature(author.sign(post.signedBytes))
        return post
    }

    func withSignature(_ signature: [UInt8]) -> Post {
        Post(communityID: communityID, postID: postID, threadID: threadID, label: label, keyringID: keyringID, epoch: epoch, logSeq: logSeq,
             logHead: logHead, authorID: authorID, authorCertHash: authorCertHash, frankingTag: frankingTag, moderation: moderation,
             nonce: nonce, ciphertext: ciphertext, policyVersion: policyVersion, signature: signature)
    }

    public func isSigned(by key: SigningPublicKey) -> Bool {
        isSigned(by: key, signedBytes: signedBytes)
    }

    /// `isSigned(by:)` over `signedBytes` already built (they must be this post's).
    public func isSigned(by key: SigningPublicKey, signedBytes: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }

    /// True when the sizes are the protocol's: a 24-byte nonce, a padded
    /// payload of whole 256-byte blocks up to 64 KiB plus the AEAD tag.
    public var hasValidSizes: Bool {
        let plain = ciphertext.count - AEAD.tagByteCount
        return nonce.count == AEAD.nonceByteCount && plain > 0 && plain % Post.padBlock == 0 && plain <= Post.maxPaddedPayload
            && logHead.count == 32 && authorCertHash.count == 32 && frankingTag.count == 32 && signature.count == 64
    }

    /// Decrypts, unpads and checks the franking tag. The caller checks the
    /// signature, the chain and the log position first.
    public func open(with key: SecureBytes) throws(ProtocolError) -> PostPayload {
        guard let aeadKey = try? AEADKey(key),
              let padded = try? AEAD.open(ciphertext, additionalData: additionalData, nonce: nonce, key: aeadKey) else {
            throw .badSignature("the post does not decrypt with its epoch's key")
        }
        guard let plain = try? Padding.unpad(padded, blockSize: Post.padBlock) else { throw .malformed("post padding") }
        let payload = try PostPayload.parse(plain)
        guard ConstantTime.equals(payload.frankingTag(postID: postID), frankingTag) else {
            throw .badSignature("the post's franking tag does not match its text")
        }
        return payload
    }

    /// The server's receipt: `HMAC-SHA-256(server_franking_key,
    /// frame("trustforum/server-tag/v1", post_id, thread_id, author_id, franking_tag, u64(received_at)))`.
    public static func serverTag(key: SecureBytes, postID: String, threadID: String, authorID: String, frankingTag: [UInt8], receivedAt: UInt64) -> [UInt8] {
        let message = Frame.frame(context: "trustforum/server-tag/v1", [.string(postID), .string(threadID), .string(authorID),
                                                                         .bytes(frankingTag), .u64(receivedAt)])
        return try! HMACSHA256.authenticationCode(for: message, key: HMACKey(key))
    }
}
