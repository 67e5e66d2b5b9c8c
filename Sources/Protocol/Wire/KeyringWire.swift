import Core
import Crypto

/// The JSON forms of PROTOCOL.md §4–§5 on the wire, shared by the server
/// and the Swift client so that the two cannot drift (the Python client in
/// Tests/Interop is the independent check). snake_case fields; binary
/// values in standard base64. Each converts to the protocol type, checking
/// every length; a malformed value is a `ProtocolError.malformed` naming the field.
public enum KeyringWire {
    static func id(_ text: String, _ field: String) throws(ProtocolError) {
        guard Identifier.isValid(text) else { throw .malformed("\(field) is not a lower-case UUID") }
    }

    static func bytes(_ text: String, _ field: String, count: Int? = nil) throws(ProtocolError) -> [UInt8] {
        // Wire values are public (ciphertext, nonces, signatures, hashes): the table-driven decoder.
        guard let bytes = try? Base64.decodePublic(text) else { throw .malformed("\(field) is not standard base64") }
        if let count, bytes.count != count { throw .malformed("\(field) must be \(count) bytes") }
        return bytes
    }

    /// A membership-log entry (entries after a thread's creation record, or
    /// any entry of a circle's log).
    public struct Entry: Codable, Sendable, Equatable {
        public let seq: UInt64
        public let action: String
        public let member_id: String
        public let member_cert_hash: String
        public let prev_hash: String
        public let actor_id: String
        public let signature: String

        public init(_ entry: MembershipEntry) {
            seq = entry.seq
            action = entry.action.rawValue
            member_id = entry.memberID
            member_cert_hash = Base64.encode(entry.memberCertHash)
            prev_hash = Base64.encode(entry.prevHash)
            actor_id = entry.actorID
            signature = Base64.encode(entry.signature)
        }

        public func entry(keyringID: String) throws(ProtocolError) -> MembershipEntry {
            guard let action = MembershipEntry.Action(rawValue: action) else { throw .malformed("entry.action must be add, remove or leave") }
            try KeyringWire.id(member_id, "entry.member_id")
            try KeyringWire.id(actor_id, "entry.actor_id")
            return MembershipEntry(keyringID: keyringID, seq: seq, action: action, memberID: member_id,
                                   memberCertHash: try bytes(member_cert_hash, "entry.member_cert_hash", count: 32),
                                   prevHash: try bytes(prev_hash, "entry.prev_hash", count: 32), actorID: actor_id,
                                   signature: try bytes(signature, "entry.signature", count: 64))
        }
    }

    /// A thread's signed creation record.
    public struct Record: Codable, Sendable, Equatable {
        public let thread_id: String
        public let keyring_id: String
        public let circle_id: String
        public let label: String
        public let author_id: String
        public let author_cert_hash: String
        public let signature: String

        public init(_ record: ThreadRecord) {
            thread_id = record.threadID
            keyring_id = record.keyringID
            circle_id = record.circleID
            label = record.label.rawValue
            author_id = record.authorID
            author_cert_hash = Base64.encode(record.authorCertHash)
            signature = Base64.encode(record.signature)
        }

        public func record(communityID: String) throws(ProtocolError) -> ThreadRecord {
            guard let label = TLPLabel(rawValue: label) else { throw .malformed("record.label is not a TLP label") }
            for (value, field) in [(thread_id, "record.thread_id"), (keyring_id, "record.keyring_id"), (circle_id, "record.circle_id"),
                                   (author_id, "record.author_id")] {
                try KeyringWire.id(value, field)
            }
            return ThreadRecord(communityID: communityID, threadID: thread_id, keyringID: keyring_id, circleID: circle_id, label: label,
                                authorID: author_id, authorCertHash: try bytes(author_cert_hash, "record.author_cert_hash", count: 32),
                                signature: try bytes(signature, "record.signature", count: 64))
        }
    }

    public struct EpochJSON: Codable, Sendable, Equatable {
        public let epoch: UInt64
        public let key_check: String
        public let log_seq: UInt64
        public let log_head: String
        public let creator_id: String
        public let signature: String

        public init(_ epoch: Epoch) {
            self.epoch = epoch.number
            key_check = Base64.encode(epoch.keyCheck)
            log_seq = epoch.logSeq
            log_head = Base64.encode(epoch.logHead)
            creator_id = epoch.creatorID
            signature = Base64.encode(epoch.signature)
        }

        public func epoch(keyringID: String) throws(ProtocolError) -> Epoch {
            try KeyringWire.id(creator_id, "epoch.creator_id")
            return Epoch(keyringID: keyringID, number: epoch, keyCheck: try bytes(key_check, "epoch.key_check", count: 32), logSeq: log_seq,
                         logHead: try bytes(log_head, "epoch.log_head", count: 32), creatorID: creator_id,
                         signature: try bytes(signature, "epoch.signature", count: 64))
        }
    }

    public struct WrapJSON: Codable, Sendable, Equatable {
        public let epoch: UInt64
        public let recipient_id: String
        public let recipient_cert_hash: String
        public let sealed: String
        public let wrapper_id: String
        public let signature: String

        public init(_ wrap: Wrap) {
            epoch = wrap.epoch
            recipient_id = wrap.recipientID
            recipient_cert_hash = Base64.encode(wrap.recipientCertHash)
            sealed = Base64.encode(wrap.sealed)
            wrapper_id = wrap.wrapperID
            signature = Base64.encode(wrap.signature)
        }

        /// A sealed 32-byte key is 80 bytes (crypto_box_SEALBYTES + 32).
        public static let sealedLength = 80

        public func wrap(keyringID: String) throws(ProtocolError) -> Wrap {
            try KeyringWire.id(recipient_id, "wrap.recipient_id")
            try KeyringWire.id(wrapper_id, "wrap.wrapper_id")
            return Wrap(keyringID: keyringID, epoch: epoch, recipientID: recipient_id,
                        recipientCertHash: try bytes(recipient_cert_hash, "wrap.recipient_cert_hash", count: 32),
                        sealed: try bytes(sealed, "wrap.sealed", count: WrapJSON.sealedLength), wrapperID: wrapper_id,
                        signature: try bytes(signature, "wrap.signature", count: 64))
        }
    }

    /// A new epoch with its wraps for exactly the holder set.
    public struct NewEpoch: Codable, Sendable {
        public let epoch: EpochJSON
        public let wraps: [WrapJSON]

        public init(epoch: Epoch, wraps: [Wrap]) {
            self.epoch = EpochJSON(epoch)
            self.wraps = wraps.map(WrapJSON.init)
        }
    }
}

/// Posts on the wire (PROTOCOL.md §5).
public enum PostWire {
    /// The request a client sends: every signed field, the nonce, the
    /// ciphertext, the policy version and the signature.
    public struct Submit: Codable, Sendable, Equatable {
        public let post_id: String
        public let thread_id: String
        public let label: String
        public let keyring_id: String
        public let epoch: UInt64
        public let log_seq: UInt64
        public let log_head: String
        public let author_id: String
        public let author_cert_hash: String
        public let franking_tag: String
        public let moderation: String
        public let nonce: String
        public let ciphertext: String
        public let policy_version: String
        public let signature: String

        public init(_ post: Post) {
            post_id = post.postID
            thread_id = post.threadID
            label = post.label.rawValue
            keyring_id = post.keyringID
            epoch = post.epoch
            log_seq = post.logSeq
            log_head = Base64.encode(post.logHead)
            author_id = post.authorID
            author_cert_hash = Base64.encode(post.authorCertHash)
            franking_tag = Base64.encode(post.frankingTag)
            moderation = post.moderation.rawValue
            nonce = Base64.encode(post.nonce)
            ciphertext = Base64.encode(post.ciphertext)
            policy_version = post.policyVersion
            signature = Base64.encode(post.signature)
        }

        public func post(communityID: String) throws(ProtocolError) -> Post {
            guard let label = TLPLabel(rawValue: label) else { throw .malformed("label is not a TLP label") }
            guard let moderation = Post.Moderation(rawValue: moderation) else { throw .malformed("moderation must be none or hold") }
            for (value, field) in [(post_id, "post_id"), (thread_id, "thread_id"), (keyring_id, "keyring_id"), (author_id, "author_id")] {
                try KeyringWire.id(value, field)
            }
            guard policy_version.utf8.count == 64, policy_version.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                throw .malformed("policy_version must be 64 lower-case hex digits")
            }
            let ciphertextBytes = try KeyringWire.bytes(ciphertext, "ciphertext")
            return Post(communityID: communityID, postID: post_id, threadID: thread_id, label: label, keyringID: keyring_id, epoch: epoch,
                        logSeq: log_seq, logHead: try KeyringWire.bytes(log_head, "log_head", count: 32), authorID: author_id,
                        authorCertHash: try KeyringWire.bytes(author_cert_hash, "author_cert_hash", count: 32),
                        frankingTag: try KeyringWire.bytes(franking_tag, "franking_tag", count: 32), moderation: moderation,
                        nonce: try KeyringWire.bytes(nonce, "nonce", count: 24), ciphertext: ciphertextBytes, policyVersion: policy_version,
                        signature: try KeyringWire.bytes(signature, "signature", count: 64))
        }
    }

    /// What the server answers: the post's place in the thread and its receipt.
    public struct Receipt: Codable, Sendable, Equatable {
        public let post_id: String
        public let seq: UInt64
        public let received_at: UInt64
        public let server_tag: String

        public init(postID: String, seq: UInt64, receivedAt: UInt64, serverTag: [UInt8]) {
            post_id = postID
            self.seq = seq
            received_at = receivedAt
            server_tag = Base64.encode(serverTag)
        }
    }

    /// A stored post as readers get it. `held`: true for the author's own
    /// post waiting for a moderator (nobody else sees it). `removed`: the
    /// moderator's signed decision when moderation removed the post; its
    /// `nonce`, `ciphertext` and `signature` are then empty (deleted).
    public struct Stored: Codable, Sendable, Equatable {
        public let seq: UInt64
        public let received_at: UInt64
        public let server_tag: String
        public let post: Submit
        public let held: Bool?
        public let removed: ReportWire.DecisionJSON?

        public init(seq: UInt64, receivedAt: UInt64, serverTag: [UInt8], post: Post, held: Bool? = nil, removed: ReportWire.DecisionJSON? = nil) {
            self.seq = seq
            received_at = receivedAt
            server_tag = Base64.encode(serverTag)
            self.post = Submit(post)
            self.held = held
            self.removed = removed
        }
    }
}
