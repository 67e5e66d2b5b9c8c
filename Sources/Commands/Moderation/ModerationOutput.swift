import Client
import Foundation
import Protocol

/// The text and JSON of the `mod` commands. Everything the server or a
/// reporter wrote goes through `Output.plain`, so it cannot rewrite the terminal.
enum ModerationOutput {
    /// The queue as a table.
    static func table(_ items: [ModerationWire.ItemSummary], empty: String) -> String {
        Output.table(["ITEM", "KIND", "STATE", "CREATED", "SUBJECT", "LABEL", "RULES", "REPORTS", "DECISION"], items.map { item in
            [item.item_id, item.kind, item.state, Output.time(item.created_at), item.subject_member_id, item.label ?? "-",
             item.rule_ids.isEmpty ? "-" : item.rule_ids.joined(separator: ","), String(item.report_count),
             item.decision.map { "\($0.decision): \($0.reason)" } ?? "-"]
        }, empty: empty)
    }

    /// `PROVEN`, `FORGED`, `unreadable`, `unchecked`: the two that matter stand out.
    static func verdict(_ status: ReviewedReport.Status) -> String {
        switch status {
        case .proven: "PROVEN"
        case .forged: "FORGED"
        case .unreadable: "unreadable"
        case .unchecked: "unchecked (post removed)"
        }
    }

    /// An item as checked: header, post state, each report, the text, decisions.
    static func text(_ item: ReviewedItem, reveal: Bool) -> String {
        let s = item.summary
        var out = "Item \(s.item_id)\n"
        out += Output.fields([
            ("kind", s.kind), ("state", s.state), ("created", Output.time(s.created_at)), ("subject", s.subject_member_id),
            ("label", item.label.map { ThreadCommand.meaning($0) } ?? s.label), ("thread", s.thread_id), ("post", s.post_id),
            ("rules", s.rule_ids.isEmpty ? nil : s.rule_ids.joined(separator: ", ")),
            ("appeal", s.appeal.map { "\($0.reason) (\(Output.time($0.created_at)))" }),
        ])
        if let removed = item.removed {
            out += "\nRemoved by moderation: \(Output.plain(removed.decision.reason)) " + signatureNote(removed) + "\n"
        }
        if !item.reports.isEmpty { out += "\nReports (\(item.reports.count)):\n" }
        for (index, report) in item.reports.enumerated() {
            out += "  \(index + 1). \(verdict(report.status))  report \(report.reportID) by \(report.reporterID), \(Output.time(report.receivedAt / 1000))\n"
            switch report.status {
            case .proven(let claim):
                out += "     reason: \(Output.plain(claim.reason))\n"
            case .forged(let why, let claim):
                out += "     \(Output.plain(why))\n     reason: \(Output.plain(claim.reason))\n"
                if reveal { out += "     claimed text (NOT what the author signed):\n" + indented(claim, "       ") }
            case .unreadable(let why):
                out += "     \(Output.plain(why))\n"
            case .unchecked(let why, let claim):
                out += "     \(Output.plain(why))\n     reason: \(Output.plain(claim.reason))\n"
                if reveal { out += "     claimed text (cannot be checked any more):\n" + indented(claim, "       ") }
            }
        }
        if let text = item.provenText {
            out += reveal ? "\nThe post's text (proven: the author signed exactly this):\n" + indented(text, "  ")
                          : "\nThe post's text is proven; not shown.\n"
        } else if item.post != nil && !item.reports.isEmpty {
            out += "\nNo report proves the post's text.\n"
        }
        if let text = item.text {
            out += "\n\(Output.plain(text.field)):\n  \(Output.plain(text.text))\n"
        }
        if !item.decisions.isEmpty { out += "\nDecisions:\n" }
        for decision in item.decisions {
            let d = decision.decision
            out += "  \(d.decision) by \(d.moderator_id), \(Output.time(d.decided_at)): \(Output.plain(d.reason)) \(signatureNote(decision))\n"
        }
        return out
    }

    static func signatureNote(_ decision: ReviewedDecision) -> String {
        decision.problem.map { "[SIGNATURE NOT VERIFIED: \(Output.plain($0))]" } ?? "[signature verified]"
    }

    static func indented(_ payload: ReportPayload, _ prefix: String) -> String {
        var out = ""
        if let title = payload.title { out += prefix + "Title: " + Output.plain(title) + "\n" }
        if let replyTo = payload.replyTo { out += prefix + "In reply to: " + Output.plain(replyTo) + "\n" }
        for line in payload.body.split(separator: "\n", omittingEmptySubsequences: false) {
            out += (prefix + Output.plain(String(line))).trimmingTrailingSpaces() + "\n"
        }
        return out
    }

    /// The checked item as JSON (sorted keys, indented); text only when `reveal`.
    static func json(_ item: ReviewedItem, reveal: Bool) -> String {
        let s = item.summary
        func payload(_ claim: ReportPayload) -> [String: Any] {
            var object: [String: Any] = ["reason": claim.reason]
            if reveal {
                object["body"] = claim.body
                if let title = claim.title { object["title"] = title }
                if let replyTo = claim.replyTo { object["reply_to"] = replyTo }
            }
            return object
        }
        let reports: [[String: Any]] = item.reports.map { report in
            var object: [String: Any] = ["report_id": report.reportID, "reporter_id": report.reporterID, "received_at": report.receivedAt,
                                         "status": report.status.name]
            switch report.status {
            case .proven(let claim): object["claim"] = payload(claim)
            case .forged(let why, let claim), .unchecked(let why, let claim): object["why"] = why; object["claim"] = payload(claim)
            case .unreadable(let why): object["why"] = why
            }
            return object
        }
        func decision(_ d: ReviewedDecision) -> [String: Any] {
            var object: [String: Any] = ["decision": d.decision.decision, "reason": d.decision.reason, "moderator_id": d.decision.moderator_id,
                                         "decided_at": d.decision.decided_at, "verified": d.isVerified]
            if let problem = d.problem { object["problem"] = problem }
            return object
        }
        var object: [String: Any] = [
            "item_id": s.item_id, "kind": s.kind, "state": s.state, "created_at": s.created_at, "subject_member_id": s.subject_member_id,
            "rule_ids": s.rule_ids, "reports": reports, "decisions": item.decisions.map(decision), "text_shown": reveal,
        ]
        if let label = item.label?.rawValue ?? s.label { object["label"] = label }
        if let thread = s.thread_id { object["thread_id"] = thread }
        if let post = s.post_id { object["post_id"] = post }
        if let removed = item.removed { object["removed"] = decision(removed) }
        if let text = item.provenText, reveal { object["proven_text"] = payload(text) }
        if let text = item.text { object["text"] = ["field": text.field, "text": text.text] }
        if let appeal = s.appeal { object["appeal"] = ["reason": appeal.reason, "created_at": appeal.created_at] }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
