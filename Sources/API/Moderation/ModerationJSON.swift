import Crypto
import Protocol
import Store

/// The review queue's JSON (mod-spec §3): summaries for lists, whole
/// items for moderators, the outcomes a member sees about their content.
enum ModerationJSON {
    struct Appeal: Encodable {
        let reason: String
        let created_at: UInt64
    }

    struct Summary: Encodable {
        let item_id: String
        let kind: String
        let state: String
        let created_at: UInt64
        let subject_member_id: String
        let thread_id: String?
        let post_id: String?
        let label: String?
        let rule_ids: [String]
        let report_count: Int
        /// The latest decision, if any.
        let decision: ReportWire.DecisionJSON?
        let appeal: Appeal?
    }

    struct SummaryList: Encodable {
        let items: [Summary]
    }

    struct Text: Encodable {
        let field: String
        let text: String
    }

    struct Item: Encodable {
        let item_id: String
        let kind: String
        let state: String
        let created_at: UInt64
        let subject_member_id: String
        let thread_id: String?
        let post_id: String?
        let label: String?
        let rule_ids: [String]
        let report_count: Int
        let decision: ReportWire.DecisionJSON?
        let appeal: Appeal?
        /// The stored post with every signed field, as a thread lists it; a
        /// removed post has `removed` and no nonce, ciphertext or signature.
        let post: PostWire.Stored?
        let reports: [ReportWire.Stored]
        let text: Text?
        let decisions: [ReportWire.DecisionJSON]
    }

    static func decision(_ row: ModerationStore.DecisionRow, communityID: String) -> ReportWire.DecisionJSON? {
        guard let kind = Decision.Kind(rawValue: row.decision) else { return nil }
        return ReportWire.DecisionJSON(Decision(communityID: communityID, subjectID: row.subjectID, kind: kind, reason: row.reason,
                                                moderatorID: row.moderatorID, moderatorCertHash: row.moderatorCertHash, signature: row.signature),
                                       decidedAt: row.decidedAt)
    }

    static func summary(_ item: ModerationStore.ItemRow, reportCount: Int, decisions: [ModerationStore.DecisionRow], communityID: String) -> Summary {
        Summary(item_id: item.id, kind: item.kind.rawValue, state: item.state.rawValue, created_at: item.createdAt,
                subject_member_id: item.subjectMemberID, thread_id: item.threadID, post_id: item.postID, label: item.label, rule_ids: item.ruleIDs,
                report_count: reportCount, decision: decisions.last.flatMap { decision($0, communityID: communityID) },
                appeal: appeal(item))
    }

    static func appeal(_ item: ModerationStore.ItemRow) -> Appeal? {
        guard let reason = item.appealReason, let at = item.appealedAt else { return nil }
        return Appeal(reason: reason, created_at: at)
    }
}
