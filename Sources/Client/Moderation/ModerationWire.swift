import Crypto
import Protocol

/// The JSON of the moderation routes (mod-spec §2–§3) as the client reads and
/// sends it. The signed parts are `ReportWire`, shared with the server; these
/// are the envelopes. Decoding ignores fields the client does not use.
public enum ModerationWire {
    /// An appeal of an item by its subject member.
    public struct Appeal: Codable, Sendable, Equatable {
        public let reason: String
        /// Seconds since the epoch.
        public let created_at: UInt64
    }

    /// One queue entry: `GET /v1/moderation/queue`, `/appeals`, `/mine`.
    public struct ItemSummary: Codable, Sendable, Equatable {
        public let item_id: String
        /// `held-post`, `report`, `held-text`, `flagged-text` or `suspension-proposal`.
        public let kind: String
        /// `open`, `decided`, `appealed` or `closed`.
        public let state: String
        public let created_at: UInt64
        public let subject_member_id: String
        public let thread_id: String?
        public let post_id: String?
        public let label: String?
        public let rule_ids: [String]
        public let report_count: Int
        public let decision: ReportWire.DecisionJSON?
        public let appeal: Appeal?

        /// Held and reported posts: their decisions are about the post id.
        public var isPostItem: Bool { kind == "held-post" || kind == "report" }

        /// What a decision about this item signs as `subject_id`: the post id
        /// for post items, the item id otherwise (mod-spec §3).
        public var subjectID: String? { isPostItem ? post_id : item_id }
    }

    /// `{"items": [ItemSummary]}`.
    public struct Items: Codable, Sendable {
        public let items: [ItemSummary]
    }

    /// An item's post: the stored post as a page lists it, or a removed
    /// post's tombstone `{"post_id", "seq", "removed": Decision}` (no
    /// ciphertext, nonce or signature).
    public struct ItemPost: Codable, Sendable, Equatable {
        public let seq: UInt64?
        public let received_at: UInt64?
        public let server_tag: String?
        public let post: PostWire.Submit?
        public let post_id: String?
        public let removed: ReportWire.DecisionJSON?

        public init(_ stored: PostWire.Stored) {
            seq = stored.seq
            received_at = stored.received_at
            server_tag = stored.server_tag
            post = stored.post
            post_id = nil
            removed = nil
        }

        public init(tombstone postID: String, seq: UInt64, removed: ReportWire.DecisionJSON) {
            self.seq = seq
            received_at = nil
            server_tag = nil
            post = nil
            post_id = postID
            self.removed = removed
        }
    }

    /// Held or flagged plaintext that is not a post (display name, org profile, application).
    public struct ItemText: Codable, Sendable, Equatable {
        public let field: String
        public let text: String
    }

    /// `GET /v1/moderation/items/{item}`: the summary plus the post, the
    /// reports and the decisions.
    public struct Item: Codable, Sendable {
        public let item_id: String
        public let kind: String
        public let state: String
        public let created_at: UInt64
        public let subject_member_id: String
        public let thread_id: String?
        public let post_id: String?
        public let label: String?
        public let rule_ids: [String]
        public let report_count: Int
        public let decision: ReportWire.DecisionJSON?
        public let appeal: Appeal?
        public let post: ItemPost?
        public let reports: [ReportWire.Stored]
        public let text: ItemText?
        public let decisions: [ReportWire.DecisionJSON]

        public var summary: ItemSummary {
            ItemSummary(item_id: item_id, kind: kind, state: state, created_at: created_at, subject_member_id: subject_member_id,
                        thread_id: thread_id, post_id: post_id, label: label, rule_ids: rule_ids, report_count: report_count,
                        decision: decision, appeal: appeal)
        }
    }

    /// `POST /v1/moderation/items/{item}/appeal`.
    public struct AppealRequest: Codable, Sendable, Equatable {
        public let reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// A post held by the moderation policy and its own report, in one
    /// `POST /v1/threads/{id}/posts` (mod-spec §2): the post's fields with
    /// `moderation: "hold"`, and `report`.
    public struct HeldPost: Codable, Sendable, Equatable {
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
        public let report: ReportWire.Submit

        public init(post: Post, report: Report) {
            let submit = PostWire.Submit(post)
            post_id = submit.post_id
            thread_id = submit.thread_id
            label = submit.label
            keyring_id = submit.keyring_id
            epoch = submit.epoch
            log_seq = submit.log_seq
            log_head = submit.log_head
            author_id = submit.author_id
            author_cert_hash = submit.author_cert_hash
            franking_tag = submit.franking_tag
            moderation = submit.moderation
            nonce = submit.nonce
            ciphertext = submit.ciphertext
            policy_version = submit.policy_version
            signature = submit.signature
            self.report = ReportWire.Submit(report)
        }
    }
}
