import Core
import Crypto
import HTTP
import Protocol

/// The request and response bodies of circles, keyrings, threads and posts.
/// Signed values travel as Protocol's shared wire types (`KeyringWire`,
/// `PostWire`), so the Swift client and the server cannot drift apart.
enum ThreadsJSON {
    // MARK: requests

    struct CircleCreate: Decodable {
        let circle_id: String
        let keyring_id: String
        let name: String
        let entry: SignedEntryJSON
    }

    struct CircleModerator: Decodable {
        let member_id: String
        let add: Bool
        let entry: SignedEntryJSON
    }

    /// An add entry with the new holder's wraps (circles, threads, keyring logs).
    struct Add: Decodable {
        let entry: KeyringWire.Entry
        let wraps: [KeyringWire.WrapJSON]?
    }

    /// A remove or leave entry, with the next epoch when the remover rotates.
    struct Remove: Decodable {
        let entry: KeyringWire.Entry
        let epoch: KeyringWire.NewEpoch?
    }

    /// Any entry of a keyring log: an add carries wraps, a removal may carry an epoch.
    struct Append: Decodable {
        let entry: KeyringWire.Entry
        let wraps: [KeyringWire.WrapJSON]?
        let epoch: KeyringWire.NewEpoch?
    }

    struct Wraps: Decodable {
        let wraps: [KeyringWire.WrapJSON]
    }

    struct ThreadCreate: Decodable {
        let record: KeyringWire.Record
        let topics: [String]
        let ask_experts: Bool
        let participants: [KeyringWire.Entry]?
        let epoch: KeyringWire.NewEpoch?
    }

    // MARK: responses

    struct Circle: Encodable {
        let circle_id: String
        let keyring_id: String
        let name: String
        let is_default: Bool
        let member: Bool
        let moderator: Bool
        let current_epoch: UInt64
        let rotation_required: Bool
    }

    struct CircleList: Encodable {
        let circles: [Circle]
    }

    struct CircleCreated: Encodable {
        let circle_id: String
        let keyring_id: String
        let name: String
        let seq: UInt64
    }

    struct CircleModeratorResult: Encodable {
        let circle_id: String
        let member_id: String
        let moderator: Bool
        let seq: UInt64
    }

    struct JoinRequest: Encodable {
        let circle_id: String
        let member_id: String
        let created_at: UInt64
    }

    struct JoinRequestList: Encodable {
        let circle_id: String
        let requests: [JoinRequest]
    }

    struct Keyring: Encodable {
        let keyring_id: String
        let kind: String
        let circle_id: String
        let thread_id: String?
        let label: String?
        let current_epoch: UInt64
        let rotation_required: Bool
        let epochs: [KeyringWire.EpochJSON]
        /// The caller's own wraps, one per epoch it has.
        let wraps: [KeyringWire.WrapJSON]
        let log_head: CommunityRoutes.Head
    }

    struct KeyringLog: Encodable {
        let keyring_id: String
        let kind: String
        let record: KeyringWire.Record?
        let entries: [KeyringWire.Entry]
        let head: CommunityRoutes.Head
    }

    /// After an entry was appended.
    struct Appended: Encodable {
        let keyring_id: String
        let seq: UInt64
        let head: CommunityRoutes.Head
        let current_epoch: UInt64
        let rotation_required: Bool
    }

    struct EpochCreated: Encodable {
        let keyring_id: String
        let epoch: UInt64
        let rotation_required: Bool
    }

    struct WrapsStored: Encodable {
        let keyring_id: String
        let stored: Int
    }

    struct Thread: Encodable {
        let thread_id: String
        let circle_id: String
        let keyring_id: String
        let label: String
        let topics: [String]
        let ask_experts: Bool
        let author_id: String
        let created_at: UInt64
        /// Seconds (the last post's `received_at` / 1000).
        let last_post_at: UInt64?
        let post_count: UInt64
        /// The signed creation record (single-thread answers only).
        let record: KeyringWire.Record?
    }

    struct ThreadList: Encodable {
        let threads: [Thread]
    }

    struct PostList: Encodable {
        let thread_id: String
        let label: String
        let posts: [PostWire.Stored]
        let next_after: UInt64
    }
}

/// `TLP: <label>` on every response that carries a thread's content or metadata.
enum TLPHeader {
    static let name = "TLP"

    static func adding(_ label: TLPLabel, to response: Response) -> Response {
        var response = response
        response.headers.append(HTTPField(name: name, value: label.rawValue))
        return response
    }
}

extension CommunityRoutes.Head {
    /// A keyring log's head: the last entry's seq (-1 before any) and hash.
    init(nextSeq: UInt64, hash: [UInt8]) {
        self.init(seq: Int64(nextSeq) - 1, hash: Base64.encode(hash))
    }
}
