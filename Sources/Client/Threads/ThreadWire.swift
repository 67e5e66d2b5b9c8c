import Crypto
import Protocol

/// The JSON of the thread, keyring and circle routes, as the client reads
/// and sends it (snake_case, binary in standard base64). The signed parts
/// are `KeyringWire`/`PostWire`, shared with the server; these are the
/// envelopes around them. Decoding ignores fields the client does not use.
public enum ThreadWire {
    /// A log position: the last entry's seq and hash.
    public struct LogHead: Codable, Sendable, Equatable {
        public let seq: UInt64
        public let hash: String

        public init(_ head: LogFollower.Head) {
            seq = head.seq
            hash = Base64.encode(head.hash)
        }

        public func head() throws(ThreadFailure) -> LogFollower.Head {
            guard let bytes = try? Base64.decode(hash), bytes.count == 32 else { throw .malformed("log_head.hash must be 32 bytes of base64") }
            return LogFollower.Head(seq: seq, hash: bytes)
        }
    }

    /// `GET /v1/keyrings/{id}`: the keyring's epochs and the caller's own
    /// wraps. `log_head` is nil only for a circle whose log is still empty.
    public struct Keyring: Codable, Sendable {
        public let keyring_id: String
        /// `default`, `circle` or `thread`.
        public let kind: String
        public let circle_id: String
        public let thread_id: String?
        public let label: String?
        public let current_epoch: UInt64
        public let rotation_required: Bool
        public let epochs: [KeyringWire.EpochJSON]
        public let wraps: [KeyringWire.WrapJSON]
        public let log_head: LogHead?

        public init(keyring_id: String, kind: String, circle_id: String, thread_id: String?, label: String?, current_epoch: UInt64,
                    rotation_required: Bool, epochs: [KeyringWire.EpochJSON], wraps: [KeyringWire.WrapJSON], log_head: LogHead?) {
            self.keyring_id = keyring_id
            self.kind = kind
            self.circle_id = circle_id
            self.thread_id = thread_id
            self.label = label
            self.current_epoch = current_epoch
            self.rotation_required = rotation_required
            self.epochs = epochs
            self.wraps = wraps
            self.log_head = log_head
        }
    }

    /// `GET /v1/keyrings/{id}/log?after=`: a thread keyring's creation
    /// record and entries, or a circle keyring's entries.
    public struct KeyringLog: Codable, Sendable {
        public let record: KeyringWire.Record?
        public let entries: [KeyringWire.Entry]

        public init(record: KeyringWire.Record?, entries: [KeyringWire.Entry]) {
            self.record = record
            self.entries = entries
        }
    }

    /// `GET /v1/threads/{id}` (the fields the client checks).
    public struct Thread: Codable, Sendable {
        public let thread_id: String
        public let label: String
        public let record: KeyringWire.Record

        public init(thread_id: String, label: String, record: KeyringWire.Record) {
            self.thread_id = thread_id
            self.label = label
            self.record = record
        }
    }

    /// `GET /v1/threads/{id}/posts?after=&limit=`.
    public struct PostsPage: Codable, Sendable {
        public let thread_id: String
        public let label: String
        public let posts: [PostWire.Stored]
        public let next_after: UInt64?

        public init(thread_id: String, label: String, posts: [PostWire.Stored], next_after: UInt64?) {
            self.thread_id = thread_id
            self.label = label
            self.posts = posts
            self.next_after = next_after
        }
    }

    /// `POST /v1/threads`. CLEAR/GREEN: no participants, no epoch (the
    /// circle's keyring); AMBER and up: entries 1…n and epoch 1.
    public struct CreateThread: Codable, Sendable {
        public let record: KeyringWire.Record
        public let topics: [String]
        public let ask_experts: Bool
        public let participants: [KeyringWire.Entry]
        public let epoch: KeyringWire.NewEpoch?
    }

    /// `POST /v1/keyrings/{id}/wraps`.
    public struct Wraps: Codable, Sendable {
        public let wraps: [KeyringWire.WrapJSON]
    }

    /// `POST /v1/threads/{id}/participants` and `POST /v1/circles/{id}/members`:
    /// the add entry and the new holder's wraps.
    public struct AddMember: Codable, Sendable {
        public let entry: KeyringWire.Entry
        public let wraps: [KeyringWire.WrapJSON]
    }

    /// `DELETE /v1/threads/{id}/participants/{member}` and
    /// `DELETE /v1/circles/{id}/members/{member}`: the remove or leave entry
    /// and, when the actor still holds the keyring, the next epoch.
    public struct RemoveMember: Codable, Sendable {
        public let entry: KeyringWire.Entry
        public let epoch: KeyringWire.NewEpoch?
    }

    /// `POST /v1/circles/{id}/join-requests`: nothing to sign (the
    /// moderator who admits signs the entry); the caller is the session's member.
    public struct JoinRequest: Codable, Sendable, Equatable {
        public init() {}
    }

    /// `GET /v1/policies/moderation`: `version` is the lower-case hex of
    /// `H(bundle bytes)` (PROTOCOL.md §7).
    public struct ModerationPolicy: Codable, Sendable {
        public let version: String
        public let bundle: String

        public init(version: String, bundle: String) {
            self.version = version
            self.bundle = bundle
        }

        /// The bundle's bytes, after checking that `version` is their hash.
        public func verifiedBundle() throws(ThreadFailure) -> [UInt8] {
            guard let bytes = try? Base64.decode(bundle) else { throw .malformed("the moderation bundle is not base64") }
            guard Hex.encode(GenericHash.hash(bytes)) == version else {
                throw .mismatch("the moderation policy's version is not the hash of its bundle")
            }
            return bytes
        }
    }
}
