import Core
import Crypto
import Foundation
import Protocol

/// A report built and ready to send, with what the user must be told first.
public struct ReportDraft: Sendable {
    public let threadID: String
    /// The thread's signed label: TLP:RED text goes to the moderators only with the user's consent.
    public let label: TLPLabel
    public let report: Report
    /// Who can read it.
    public let moderatorIDs: [String]
    /// The reporter's reason (inside the encryption).
    public let reason: String
}

extension ThreadSession {
    /// The problem slug after which a report is built again for the new
    /// moderators' keyring holders (mod-spec §3: 409 moderators-changed).
    static let moderatorsChanged = "moderators-changed"

    /// Finds post `postID` in `threadID` (page by page, verified and
    /// decrypted as `threads read` does) and builds a report of it to the
    /// current moderators' keyring holders. Nothing is sent.
    public func prepareReport(_ postID: String, in threadID: String, reason: String) throws -> ReportDraft {
        guard Identifier.isValid(postID) else { throw MemberError.refused("\"\(postID)\" is not a post id (a lower-case UUID)") }
        let thread = try openThread(threadID)
        var after: UInt64 = 0
        var current = thread
        while true {
            let page = try readPosts(current, after: after, limit: 200)
            current = page.thread
            for reading in page.readings {
                switch reading {
                case .read(let post) where post.postID == postID:
                    let report = try ReportComposer.report(post, reason: reason, community: community, reporter: me, now: now,
                                                           confirmed: confirmed)
                    return ReportDraft(threadID: threadID, label: current.label, report: report,
                                       moderatorIDs: report.keyWraps.map(\.recipientID), reason: reason)
                case .removed(let removed) where removed.postID == postID:
                    throw MemberError.refused("post \(postID) was removed by moderation already (\(removed.reason))")
                case .unverifiable(let id, _, let why) where id == postID:
                    throw MemberError.refused("post \(postID) is unverifiable (\(why)); only a post this client verified can be reported")
                default:
                    continue
                }
            }
            guard page.nextAfter > after, !page.readings.isEmpty else { break }
            after = page.nextAfter
        }
        throw MemberError.refused("thread \(threadID) has no post \(postID) that you can see")
    }

    /// Sends a prepared report. When the moderators changed meanwhile
    /// (409 moderators-changed), follows the log and builds it again once.
    public func sendReport(_ draft: ReportDraft) throws -> ReportWire.Created {
        do {
            return try submit(draft)
        } catch let error as APIError where error.slug == ThreadSession.moderatorsChanged {
            try refollow()
            return try submit(try prepareReport(draft.report.postID, in: draft.threadID, reason: draft.reason))
        }
    }

    private func submit(_ draft: ReportDraft) throws -> ReportWire.Created {
        let path = "/v1/threads/\(draft.threadID)/posts/\(draft.report.postID)/reports"
        let created: ReportWire.Created = try send("POST", path, ReportWire.Submit(draft.report),
                                                   notFound: "post \(draft.report.postID) is not in thread \(draft.threadID), was removed, or you may not see it")
        guard created.report_id == draft.report.reportID else {
            throw ThreadFailure.mismatch("the server's answer names report \(created.report_id), not \(draft.report.reportID)")
        }
        return created
    }

    /// Posts `payload` held by the moderation policy (mod-spec §2): sealed
    /// with `moderation = hold` and sent with its own report, for the
    /// moderators to approve. `reason` says why (e.g. the rule ids that held it).
    public func postHeld(_ payload: PostPayload, in threadID: String, reason: String) throws -> SentPost {
        try retrying {
            let thread = try openThread(threadID)
            var keyring = thread.keyring
            var rotated: UInt64?
            if keyring.rotationRequired {
                rotated = try rotate(keyring)
                keyring = try self.keyring(keyring.keyringID)
            }
            let post = try PostComposer.compose(payload, thread: thread.record, keyring: keyring, community: community, author: me, now: now,
                                                policyVersion: try policyVersion(), moderation: .hold)
            let body = try ReportComposer.held(post, payload: payload, reason: reason, community: community, author: me, now: now,
                                               confirmed: confirmed)
            let receipt: PostWire.Receipt = try send("POST", "/v1/threads/\(threadID)/posts", body,
                                                     notFound: ThreadSession.noSuchThread(threadID))
            guard receipt.post_id == post.postID else {
                throw ThreadFailure.mismatch("the server's receipt names post \(receipt.post_id), not \(post.postID)")
            }
            return SentPost(threadID: threadID, postID: post.postID, seq: receipt.seq, receivedAt: receipt.received_at, rotatedTo: rotated)
        }
    }

    // MARK: the queue

    /// `GET /v1/moderation/queue?state=` (moderators and admins), oldest first.
    public func moderationQueue(state: String = "open") throws -> [ModerationWire.ItemSummary] {
        let list: ModerationWire.Items = try get("/v1/moderation/queue", query: [("state", state)])
        return list.items
    }

    /// `GET /v1/moderation/appeals` (moderators and admins).
    public func moderationAppeals() throws -> [ModerationWire.ItemSummary] {
        let list: ModerationWire.Items = try get("/v1/moderation/appeals")
        return list.items
    }

    /// `GET /v1/moderation/mine`: the items about this member's content, with their outcomes.
    public func moderationMine() throws -> [ModerationWire.ItemSummary] {
        let list: ModerationWire.Items = try get("/v1/moderation/mine")
        return list.items
    }

    /// `GET /v1/moderation/items/{item}`, undecoded and checked.
    public func moderationItem(_ itemID: String) throws -> ModerationWire.Item {
        guard Identifier.isValid(itemID) else { throw MemberError.refused("\"\(itemID)\" is not an item id (a lower-case UUID)") }
        let item: ModerationWire.Item = try get("/v1/moderation/items/\(itemID)", notFound: "no moderation item \(itemID)")
        guard item.item_id == itemID else { throw ThreadFailure.mismatch("asked for item \(itemID), the server answered with \(item.item_id)") }
        return item
    }

    /// The item with every report addressed to this member decrypted and
    /// checked (proven, forged, unreadable) and every decision's signature checked.
    public func reviewItem(_ itemID: String) throws -> ReviewedItem {
        try withRefollow { try ItemReview.review(try moderationItem(itemID), community: community, me: me) }
    }

    /// Signs and records a decision; returns the item as it is now.
    public func decide(_ itemID: String, _ kind: Decision.Kind, reason: String) throws -> ModerationWire.Item {
        let item = try moderationItem(itemID)
        let request = try DecisionComposer.sign(kind, reason: reason, item: item.summary, community: community, moderator: me, now: now)
        return try send("POST", "/v1/moderation/items/\(itemID)/decisions", request, notFound: "no moderation item \(itemID)")
    }

    /// Appeals a decision about this member's content (once). The server
    /// answers the subject member with the item's summary (no reports).
    public func appeal(_ itemID: String, reason: String) throws -> ModerationWire.ItemSummary {
        guard Identifier.isValid(itemID) else { throw MemberError.refused("\"\(itemID)\" is not an item id (a lower-case UUID)") }
        return try send("POST", "/v1/moderation/items/\(itemID)/appeal", ModerationWire.AppealRequest(reason: reason),
                        notFound: "no moderation item \(itemID) about your content")
    }
}
