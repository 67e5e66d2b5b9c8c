import Core
import Crypto
import Protocol

/// One report of an item, as this moderator's client judged it.
public struct ReviewedReport: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// mod-spec §1: the reporter signed it and the author wrote exactly `claim`'s text.
        case proven(ReportPayload)
        /// The claimed text is not what the author signed: evidence against the reporter.
        case forged(reason: String, claim: ReportPayload)
        /// Not addressed to this moderator, not the reporter's signature, or broken.
        case unreadable(reason: String)
        /// The post was removed (its ciphertext deleted): the report opened and
        /// its reporter signed it, but the text can no longer be checked.
        case unchecked(reason: String, claim: ReportPayload)

        public var claim: ReportPayload? {
            switch self {
            case .proven(let claim), .forged(_, let claim), .unchecked(_, let claim): claim
            case .unreadable: nil
            }
        }

        /// `proven`, `forged`, `unreadable` or `unchecked`.
        public var name: String {
            switch self {
            case .proven: "proven"
            case .forged: "forged"
            case .unreadable: "unreadable"
            case .unchecked: "unchecked"
            }
        }
    }

    public let reportID: String
    public let reporterID: String
    /// Milliseconds since the epoch.
    public let receivedAt: UInt64
    public let status: Status
}

/// A recorded decision and whether its signature holds: by a moderator or
/// admin, with the certificate it names, over this item's subject.
public struct ReviewedDecision: Sendable, Equatable {
    public let decision: ReportWire.DecisionJSON
    /// Nil when the signature verifies; else why not.
    public let problem: String?

    public var isVerified: Bool { problem == nil }
}

/// An item as this moderator's client checked it (`ItemReview.review`).
public struct ReviewedItem: Sendable {
    public let summary: ModerationWire.ItemSummary
    /// The label the post signs (or, without a post, the one the server states).
    public let label: TLPLabel?
    /// The stored post, when the item has one that is not removed.
    public let post: Post?
    /// A removed post's tombstone decision, checked.
    public let removed: ReviewedDecision?
    public let reports: [ReviewedReport]
    /// Held or flagged plaintext that is not a post.
    public let text: ModerationWire.ItemText?
    public let decisions: [ReviewedDecision]

    /// TLP:RED text must not be shown without a warning and consent.
    public var isRed: Bool { label == .red }

    /// The post's text when at least one report proves it.
    public var provenText: ReportPayload? {
        reports.lazy.compactMap { if case .proven(let claim) = $0.status { claim } else { nil } }.first
    }
}

/// Checks an item for the moderator `me` (mod-spec §1, §3): every report
/// addressed to me through `ReportCheck` against the stored post (the
/// certificates from the verified community state, by the hashes the report
/// and the post name), every decision's signature over the subject this
/// client determines itself.
///
///     let item: ModerationWire.Item = try api.get("/v1/moderation/items/\(id)")
///     let reviewed = try ItemReview.review(item, community: community, me: me)
///     for report in reviewed.reports { print(report.status.name) }
public enum ItemReview {
    public static func review(_ item: ModerationWire.Item, community: VerifiedCommunity, me: ThreadMember) throws(ThreadFailure) -> ReviewedItem {
        let summary = item.summary
        var post: Post?
        var removed: ReviewedDecision?
        var postProblem: String?
        if let stored = item.post {
            // The server serves a removed post with its remaining fields
            // (nonce, ciphertext and signature empty) and `removed`: the
            // tombstone decides, never the emptied fields.
            if let tombstone = stored.removed {
                let postID = stored.post?.post_id ?? stored.post_id ?? item.post_id
                guard let postID, item.post_id == nil || postID == item.post_id else {
                    throw .mismatch("item \(item.item_id)'s tombstone names another post")
                }
                removed = verify(tombstone, subjectID: postID, community: community)
            } else if let submit = stored.post {
                do {
                    let parsed = try submit.post(communityID: community.communityID)
                    if !parsed.hasValidSizes { postProblem = "the stored post's sizes are not the protocol's" } else { post = parsed }
                } catch {
                    postProblem = "the stored post is malformed: \(error)"
                }
                if let post, let postID = item.post_id, post.postID != postID {
                    throw .mismatch("item \(item.item_id) is about post \(postID), the server served post \(post.postID)")
                }
            } else {
                postProblem = "the item's post has neither its stored fields nor a tombstone"
            }
        }
        let reports = item.reports.map { stored in
            reviewReport(stored, post: post, removed: removed != nil, postProblem: postProblem, itemPostID: item.post_id,
                         community: community, me: me)
        }
        let subject = summary.subjectID ?? item.item_id
        let decisions = item.decisions.map { verify($0, subjectID: subject, community: community) }
        let label = post?.label ?? item.label.flatMap(TLPLabel.init(rawValue:))
        return ReviewedItem(summary: summary, label: label, post: post, removed: removed, reports: reports, text: item.text,
                            decisions: decisions)
    }

    static func reviewReport(_ stored: ReportWire.Stored, post: Post?, removed: Bool, postProblem: String?, itemPostID: String?,
                             community: VerifiedCommunity, me: ThreadMember) -> ReviewedReport {
        func done(_ status: ReviewedReport.Status) -> ReviewedReport {
            ReviewedReport(reportID: stored.report_id, reporterID: stored.reporter_id, receivedAt: stored.received_at, status: status)
        }
        let report: Report
        do { report = try stored.report(communityID: community.communityID) } catch { return done(.unreadable(reason: "\(error)")) }
        if let itemPostID, report.postID != itemPostID {
            return done(.unreadable(reason: "the report is about post \(report.postID), not this item's \(itemPostID)"))
        }
        let state = community.state
        let reporterCertificate = state.member(report.reporterID)?.certificate(hash: report.reporterCertHash)
        guard let post else {
            switch ReportCheck.open(report, reporterCertificate: reporterCertificate, recipientID: me.memberID, boxKey: me.boxKey) {
            case .failure(let refusal): return done(.unreadable(reason: refusal.reason))
            case .success(let claim):
                let why = removed ? "the post was removed; its text can no longer be checked against the author's signature"
                                  : postProblem ?? "the server did not serve the reported post"
                return done(.unchecked(reason: why, claim: claim))
            }
        }
        let authorCertificate = state.member(post.authorID)?.certificate(hash: post.authorCertHash)
        switch ReportCheck.check(report, reporterCertificate: reporterCertificate, post: post, authorCertificate: authorCertificate,
                                 recipientID: me.memberID, boxKey: me.boxKey) {
        case .proven(let claim): return done(.proven(claim))
        case .forged(let reason, let claim): return done(.forged(reason: reason, claim: claim))
        case .unreadable(let reason): return done(.unreadable(reason: reason))
        }
    }

    /// A decision's signature by a moderator or admin, with the certificate
    /// it names, about `subjectID`.
    public static func verify(_ json: ReportWire.DecisionJSON, subjectID: String, community: VerifiedCommunity) -> ReviewedDecision {
        func result(_ problem: String?) -> ReviewedDecision { ReviewedDecision(decision: json, problem: problem) }
        let decision: Decision
        do { decision = try json.decision(communityID: community.communityID, subjectID: subjectID) } catch { return result("\(error)") }
        guard let moderator = community.state.member(decision.moderatorID) else {
            return result("\(decision.moderatorID) is not in the verified community log")
        }
        guard let certificate = moderator.certificate(hash: decision.moderatorCertHash) else {
            return result("the decision names a certificate that is not one of \(decision.moderatorID)'s")
        }
        guard certificate.certificate.role == .moderator || certificate.certificate.role == .admin else {
            return result("\(decision.moderatorID)'s certificate does not make it a moderator")
        }
        guard decision.isSigned(by: certificate.certificate.signPublicKey) else { return result("the moderator's signature does not verify") }
        return result(nil)
    }
}

/// Signs a moderator's decision about an item (mod-spec §3).
public enum DecisionComposer {
    public static func sign(_ kind: Decision.Kind, reason: String, item: ModerationWire.ItemSummary, community: VerifiedCommunity,
                            moderator: ThreadMember, now: UInt64) throws(ThreadFailure) -> ReportWire.DecisionRequest {
        let certificate = try moderator.currentCertificate(in: community.state, now: now)
        guard community.state.holdsModeratorsKeyring(moderator.memberID) else {
            throw .notAllowed("only active moderators and admins decide moderation items")
        }
        guard let subject = item.subjectID else { throw .malformed("post item \(item.item_id) names no post") }
        let decision = Decision.sign(kind, reason: reason, communityID: community.communityID, subjectID: subject,
                                     moderatorID: moderator.memberID, moderatorCertHash: certificate.hash, key: moderator.signingKey)
        return ReportWire.DecisionRequest(decision)
    }
}
