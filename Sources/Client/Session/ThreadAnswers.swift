import Protocol

/// The answers of the circle, keyring and thread routes that the session
/// layer reads besides `ThreadWire`'s (which carry what gets verified): the
/// metadata the server keeps in plaintext (PROTOCOL.md §8) and the results
/// of changes. Snake_case as the OpenAPI document names them; fields the
/// client does not use are left out.
extension ThreadWire {
    /// A thread as `GET /v1/threads` lists it and `GET /v1/threads/{id}`
    /// shows it: server metadata, to display only (the label a reader
    /// trusts is the one in the verified creation record).
    public struct ThreadSummary: Decodable, Sendable {
        public let thread_id: String
        public let circle_id: String
        public let keyring_id: String
        public let label: String
        public let topics: [String]
        public let ask_experts: Bool
        public let author_id: String
        public let created_at: UInt64
        /// Seconds since the epoch.
        public let last_post_at: UInt64?
        public let post_count: UInt64
    }

    /// `GET /v1/threads`.
    public struct ThreadList: Decodable, Sendable {
        public let threads: [ThreadSummary]
    }

    /// A circle as `GET /v1/circles` lists it, from the caller's side.
    public struct Circle: Decodable, Sendable {
        public let circle_id: String
        public let keyring_id: String
        /// Metadata; the community log signs only its hash.
        public let name: String
        public let is_default: Bool
        /// Whether the caller holds the circle's keyring.
        public let member: Bool
        /// Whether the caller moderates the circle.
        public let moderator: Bool
        public let current_epoch: UInt64
        public let rotation_required: Bool
    }

    /// `GET /v1/circles`.
    public struct CircleList: Decodable, Sendable {
        public let circles: [Circle]
    }

    /// `POST /v1/circles`.
    public struct CircleCreated: Decodable, Sendable {
        public let circle_id: String
        public let keyring_id: String
        public let seq: UInt64
    }

    /// `POST /v1/circles/{id}/moderators`.
    public struct CircleModeratorResult: Decodable, Sendable {
        public let circle_id: String
        public let member_id: String
        public let moderator: Bool
        public let seq: UInt64
    }

    /// A member asking to join a circle.
    public struct JoinRequestRecord: Decodable, Sendable {
        public let circle_id: String
        public let member_id: String
        public let created_at: UInt64
    }

    /// `GET /v1/circles/{id}/join-requests`.
    public struct JoinRequestList: Decodable, Sendable {
        public let circle_id: String
        public let requests: [JoinRequestRecord]
    }

    /// One page of `GET /v1/keyrings/{id}/log?after=`, with the head of the
    /// whole log (seq -1 before any entry).
    public struct KeyringLogPage: Decodable, Sendable {
        public let record: KeyringWire.Record?
        public let entries: [KeyringWire.Entry]
        public let head: LogJSON.Head
    }

    /// After a membership entry was appended.
    public struct Appended: Decodable, Sendable {
        public let keyring_id: String
        public let seq: UInt64
        public let current_epoch: UInt64
        public let rotation_required: Bool
    }

    /// `POST /v1/keyrings/{id}/epochs`.
    public struct EpochCreated: Decodable, Sendable {
        public let keyring_id: String
        public let epoch: UInt64
    }
}

/// The bodies of the circle routes that the community log signs.
extension Wire {
    /// `POST /v1/circles`: the `circle-create` entry signs `H(name)`, so the
    /// name is sent byte for byte as signed.
    public struct CircleCreate: Encodable, Sendable {
        public let circle_id: String
        public let keyring_id: String
        public let name: String
        public let entry: SignedEntry
    }

    /// `POST /v1/circles/{id}/moderators`.
    public struct CircleModerator: Encodable, Sendable {
        public let member_id: String
        public let add: Bool
        public let entry: SignedEntry
    }
}
