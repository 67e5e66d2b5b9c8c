import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// Moderators' signed decisions and members' appeals (mod-spec §3,
/// PROTOCOL.md §6). A decision is verified against the deciding
/// moderator's current certificate and stored with its signature, so
/// anyone shown it can check it. Effects, in the same transaction:
///
/// - approve: a held post becomes visible (as the thread's newest post);
///   a held text is released (a held publication becomes visible once none
///   of its held texts waits).
/// - remove: a post's nonce, ciphertext and signature are deleted
///   (`secure_delete`, then a WAL checkpoint); the row is its tombstone.
///   A publication's held or flagged text removed: the publication is
///   removed (hidden, out of the search index).
/// - warn: like remove, and the author gets a warning; the third within
///   90 days opens a suspension proposal.
/// - dismiss: the report was unfounded; nothing changes.
///
/// An appealed item is decided again by another moderator; an item is
/// appealed once.
enum ModerationDecisions {
    static let warningWindow: UInt64 = 90 * 86_400
    static let warningsForProposal = 3

    /// What each kind of item may be decided.
    static func allowed(_ kind: ModerationStore.Kind) -> Set<Decision.Kind> {
        switch kind {
        case .heldPost, .heldText: [.approve, .remove, .warn]
        case .report, .flaggedText: [.approve, .dismiss, .remove, .warn]
        case .suspensionProposal: [.approve, .dismiss]
        }
    }

    static func decide(_ context: AppContext, _ request: Request, caller me: String) throws -> Response {
        let itemID = try Fields.uuid(request.parameters["item"] ?? "", "item")
        let body = try request.decodeJSON(ReportWire.DecisionRequest.self)
        let reason = try Fields.text(body.reason, "reason", max: 2000)
        let community = context.registry.snapshot
        let moderator = try KeyringChecks.member(me, community)
        let now = WallClock.seconds
        let (item, removedPost, threadOfPost): (ModerationJSON.Item, Bool, String?) = try context.database.write { conn in
            guard let item = try ModerationStore.item(conn, id: itemID) else { throw APIProblem.notFound("item") }
            let subjectID = item.postID ?? item.id
            let decision: Decision
            do throws(ProtocolError) {
                decision = try body.decision(communityID: context.communityID, subjectID: subjectID, moderatorID: me,
                                             moderatorCertHash: moderator.current.hash)
            } catch { throw KeyringChecks.malformed(error) }
            guard decision.reason == reason else { throw APIProblem.invalid("reason must be plain text") }
            guard allowed(item.kind).contains(decision.kind) else {
                throw APIProblem.unprocessable("decision-not-allowed",
                                               "A \(item.kind.rawValue) item is decided with \(allowed(item.kind).map(\.rawValue).sorted().joined(separator: ", ")).")
            }
            guard decision.isSigned(by: moderator.current.certificate.signPublicKey) else {
                throw APIProblem.unprocessable("bad-signature", "The decision's signature does not verify with your current key.")
            }
            let previous = try ModerationStore.decisions(conn, itemID: item.id)
            let onAppeal: Bool
            switch item.state {
            case .open: onAppeal = false
            case .appealed:
                guard !previous.contains(where: { $0.moderatorID == me }) else {
                    throw Problem(status: 403, slug: "same-moderator", title: "An appeal is decided by a moderator who did not decide the item before.")
                }
                onAppeal = true
            case .decided, .closed:
                throw APIProblem.conflict("already-decided", "This item is decided; only an appeal reopens it.")
            }
            try ModerationStore.insertDecision(conn, .init(itemID: item.id, subjectID: subjectID, decision: decision.kind.rawValue, reason: reason,
                                                           moderatorID: me, moderatorCertHash: moderator.current.hash,
                                                           signature: decision.signature, decidedAt: now, onAppeal: onAppeal))
            try ModerationStore.setState(conn, itemID: item.id, onAppeal ? .closed : .decided)
            let removed = try apply(context, conn, decision.kind, item: item, moderator: me, reason: reason, now: now)
            try context.audit(conn, actor: me, .moderationDecision, subject: item.id,
                              detail: "decision=\(decision.kind.rawValue),appeal=\(onAppeal ? 1 : 0)")
            return (try ModerationRoutes.item(context, conn, id: item.id), removed, item.threadID)
        }
        if let threadID = threadOfPost { context.postPages.invalidate(threadID) }
        if removedPost {
            // What secure_delete overwrote may still be in the WAL until a checkpoint.
            do {
                let result = try context.database.checkpoint()
                if !result.isComplete { context.logger.warning("store.checkpoint_incomplete", ["after": "moderation.remove"]) }
            } catch {
                context.logger.warning("store.checkpoint_failed", ["after": "moderation.remove"])
            }
        }
        return try JSONBody.encode(item, status: 201)
    }

    /// The decision's effect on its subject; true when a post's ciphertext was deleted.
    static func apply(_ context: AppContext, _ conn: Connection, _ kind: Decision.Kind, item: ModerationStore.ItemRow, moderator: String,
                      reason: String, now: UInt64) throws -> Bool {
        switch kind {
        case .approve:
            if item.kind == .heldPost, let postID = item.postID { _ = try PostStore.release(conn, postID: postID, at: now * 1000) }
            if item.kind == .heldText, let subject = try PublicationStore.subject(conn, ofItem: item.id) {
                if let version = subject.version {
                    _ = try PublicationStore.approveEdit(conn, id: subject.publicationID, version: version, at: now)
                } else {
                    _ = try PublicationStore.release(conn, id: subject.publicationID)
                }
            }
            return false
        case .dismiss:
            return false
        case .remove, .warn:
            var removed = false
            if let postID = item.postID { removed = try PostStore.remove(conn, postID: postID) }
            if let subject = try PublicationStore.subject(conn, ofItem: item.id) {
                if let version = subject.version {
                    try PublicationStore.removeEdit(conn, id: subject.publicationID, version: version)  // the edit only
                } else {
                    try PublicationStore.remove(conn, id: subject.publicationID)
                }
            }
            if kind == .warn { try warn(context, conn, memberID: item.subjectMemberID, moderator: moderator, reason: reason, now: now) }
            return removed
        }
    }

    /// Records a warning; the third within 90 days opens a suspension
    /// proposal for the moderators (once: not while one is pending).
    static func warn(_ context: AppContext, _ conn: Connection, memberID: String, moderator: String, reason: String, now: UInt64) throws {
        try MemberStore.warn(conn, memberID: memberID, moderatorID: moderator, reason: reason, at: now)
        try context.audit(conn, actor: moderator, .memberWarned, subject: memberID)
        try proposeSuspensionIfDue(context, conn, memberID: memberID, now: now)
    }

    static func proposeSuspensionIfDue(_ context: AppContext, _ conn: Connection, memberID: String, now: UInt64) throws {
        let recent = try ModerationStore.warningCount(conn, memberID: memberID, since: now >= warningWindow ? now - warningWindow : 0)
        guard recent >= warningsForProposal, try !ModerationStore.hasPendingProposal(conn, memberID: memberID) else { return }
        let id = Identifier.uuid(fromRandom: Random.bytes(16))
        try ModerationStore.insertItem(conn, .init(id: id, kind: .suspensionProposal, subjectMemberID: memberID,
                                                   ruleIDs: ["warnings-\(recent)-in-90-days"], createdAt: now))
        try context.audit(conn, actor: AuditField.system, .moderationProposal, subject: id)
    }

    /// `POST /v1/moderation/items/{item}/appeal`: the member the item is
    /// about, once, after a decision.
    static func appeal(_ context: AppContext, _ request: Request, caller me: String) throws -> Response {
        let itemID = try Fields.uuid(request.parameters["item"] ?? "", "item")
        let reason = try Fields.text(try request.decodeJSON(AppealRequest.self).reason, "reason", max: 2000)
        let now = WallClock.seconds
        let summary: ModerationJSON.Summary = try context.database.write { conn in
            guard let item = try ModerationStore.item(conn, id: itemID), item.subjectMemberID == me else { throw APIProblem.notFound("item") }
            guard item.appealedAt == nil else { throw APIProblem.conflict("appealed-already", "This decision was appealed already; an item is appealed once.") }
            guard item.state == .decided else { throw APIProblem.conflict("not-decided", "There is no decision to appeal yet.") }
            guard try ModerationStore.appeal(conn, itemID: item.id, reason: reason, at: now) else {
                throw APIProblem.conflict("appealed-already", "This decision was appealed already; an item is appealed once.")
            }
            try context.audit(conn, actor: me, .moderationAppeal, subject: item.id)
            guard let after = try ModerationStore.item(conn, id: item.id) else { throw APIProblem.notFound("item") }
            return ModerationJSON.summary(after, reportCount: try ModerationStore.reportCount(conn, itemID: item.id),
                                          decisions: try ModerationStore.decisions(conn, itemID: item.id), communityID: context.communityID)
        }
        return try JSONBody.encode(summary, status: 201)
    }

    struct AppealRequest: Decodable {
        let reason: String
    }
}
