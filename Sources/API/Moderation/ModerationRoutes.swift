import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store

/// Reports and the review queue (mod-spec §3, PROTOCOL.md §6–7). Who may
/// call what is in Policies/roles.json (the queue and decisions: staff).
enum ModerationRoutes {
    /// A report's ciphertext is at most 96 KiB (128 KiB of base64) plus
    /// one 80-byte sealed key per moderator.
    static let reportBody = 256 * 1024

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/threads/{id}/posts/{post}/reports", "reportCreate", bodyLimit: reportBody) { request, caller in
                try report(context, request, caller: try caller.requireMember())
            },
            APIRoute(.get, "/v1/moderation/queue", "moderationQueue") { request, _ in
                let states: [ModerationStore.State]?
                switch request.query("state") ?? "open" {
                case "all": states = nil
                case let text:
                    guard let state = ModerationStore.State(rawValue: text) else {
                        throw APIProblem.invalid("state must be open, decided, appealed, closed or all")
                    }
                    states = [state]
                }
                return try list(context, states: states, subject: nil)
            },
            APIRoute(.get, "/v1/moderation/appeals", "moderationAppeals") { _, _ in
                try list(context, states: [.appealed], subject: nil)
            },
            APIRoute(.get, "/v1/moderation/mine", "moderationMine") { _, caller in
                try list(context, states: nil, subject: try caller.requireMember())
            },
            APIRoute(.get, "/v1/moderation/items/{item}", "moderationItem") { request, _ in
                let id = try Fields.uuid(request.parameters["item"] ?? "", "item")
                return try JSONBody.encode(try context.database.read { conn in try item(context, conn, id: id) })
            },
            APIRoute(.post, "/v1/moderation/items/{item}/decisions", "moderationDecide") { request, caller in
                try ModerationDecisions.decide(context, request, caller: try caller.requireMember())
            },
            APIRoute(.post, "/v1/moderation/items/{item}/appeal", "moderationAppeal") { request, caller in
                try ModerationDecisions.appeal(context, request, caller: try caller.requireMember())
            },
        ]
    }

    /// `POST /v1/threads/{id}/posts/{post}/reports`: the caller may read
    /// the thread and the post now, did not write it, and reports it once.
    static func report(_ context: AppContext, _ request: Request, caller me: String) throws -> Response {
        try RateLimits.check(context.threadLimits.reports, me)
        let (info, ring, community) = try ThreadViews.visible(context, request, caller: me)
        guard TLPRules.maySee(label: info.label, isHolder: ring.isHolder(me, community)) else { throw APIProblem.notFound("thread") }
        let postID = try Fields.uuid(request.parameters["post"] ?? "", "post")
        let submit = try request.decodeJSON(ReportWire.Submit.self)
        let report: Report
        do throws(ProtocolError) { report = try submit.report(communityID: context.communityID, reporterID: me) } catch {
            throw KeyringChecks.malformed(error)
        }
        guard report.postID == postID else {
            throw APIProblem.unprocessable("wrong-post", "The report is signed for another post.")
        }
        let now = WallClock.milliseconds
        let outcome: (created: Bool, itemID: String, receivedAt: UInt64) = try context.database.write { conn in
            guard let post = try PostStore.post(conn, id: postID), post.threadID == info.id,
                  post.status == PostStore.Status.visible.rawValue || (post.status == PostStore.Status.held.rawValue && post.authorID == me) else {
                throw APIProblem.notFound("post")
            }
            if let existing = try ModerationStore.report(conn, postID: postID, reporterID: me) {
                guard existing.id == report.reportID, existing.digest == report.digest else {
                    throw APIProblem.conflict("already-reported", "You have reported this post already.")
                }
                return (false, existing.itemID, existing.receivedAt)
            }
            guard post.authorID != me else {
                throw APIProblem.unprocessable("own-post", "You cannot report your own post.")
            }
            if try ModerationStore.report(conn, id: report.reportID) != nil {
                throw APIProblem.conflict("report-id-taken", "This report id is taken.")
            }
            try ReportChecks.verify(report, community: community)
            let itemID = try ReportChecks.item(conn, for: post, kind: .report, now: now / 1000)
            try ModerationStore.insertReport(conn, try ReportChecks.row(report, itemID: itemID, receivedAt: now))
            try context.audit(conn, actor: me, .moderationReport, subject: itemID)
            return (true, itemID, now)
        }
        return TLPHeader.adding(info.label, to: try JSONBody.encode(
            ReportWire.Created(report_id: report.reportID, item_id: outcome.itemID, received_at: outcome.receivedAt),
            status: outcome.created ? 201 : 200))
    }

    static func list(_ context: AppContext, states: [ModerationStore.State]?, subject: String?) throws -> Response {
        let summaries = try context.database.read { conn in
            try ModerationStore.items(conn, states: states, subjectMemberID: subject).map { item in
                ModerationJSON.summary(item, reportCount: try ModerationStore.reportCount(conn, itemID: item.id),
                                       decisions: try ModerationStore.decisions(conn, itemID: item.id), communityID: context.communityID)
            }
        }
        return try JSONBody.encode(ModerationJSON.SummaryList(items: summaries))
    }

    /// A whole item for a moderator: the stored post, every report and decision.
    static func item(_ context: AppContext, _ conn: Connection, id: String) throws -> ModerationJSON.Item {
        guard let item = try ModerationStore.item(conn, id: id) else { throw APIProblem.notFound("item") }
        let decisions = try ModerationStore.decisions(conn, itemID: id)
        let reports = try ModerationStore.reports(conn, itemID: id).map { row -> ReportWire.Stored in
            let wraps = try JSONDecoder().decode([ReportWire.KeyWrap].self, from: Data(row.keyWraps.utf8)).map { try $0.wrap() }
            let report = Report(communityID: context.communityID, reportID: row.id, postID: row.postID, reporterID: row.reporterID,
                                reporterCertHash: row.reporterCertHash, nonce: row.nonce, ciphertext: row.ciphertext, keyWraps: wraps,
                                signature: row.signature)
            return ReportWire.Stored(report, receivedAt: row.receivedAt)
        }
        var post: PostWire.Stored?
        if let postID = item.postID, let row = try PostStore.post(conn, id: postID) {
            post = try PostListJSON.stored(row, communityID: context.communityID,
                                           removal: try ModerationStore.removal(conn, postID: postID))
        }
        let json = decisions.compactMap { ModerationJSON.decision($0, communityID: context.communityID) }
        return ModerationJSON.Item(item_id: item.id, kind: item.kind.rawValue, state: item.state.rawValue, created_at: item.createdAt,
                                   subject_member_id: item.subjectMemberID, thread_id: item.threadID, post_id: item.postID, label: item.label,
                                   rule_ids: item.ruleIDs, report_count: reports.count, decision: json.last, appeal: ModerationJSON.appeal(item),
                                   post: post, reports: reports,
                                   text: item.field.flatMap { field in item.text.map { ModerationJSON.Text(field: field, text: $0) } },
                                   decisions: json)
    }
}
