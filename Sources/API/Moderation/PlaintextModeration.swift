import Core
import Crypto
import HTTP
import Moderation
import Platform
import Store

/// The moderation policy on plaintext the server sees (issue part 4 §4):
/// organisation names, display names, applications (and publications, part
/// 5). `block` → 422 naming the rule and its reason, nothing stored;
/// `hold` → stored, a `held-text` queue item, and what depends on it waits
/// for a moderator (an application is not approved while its text is
/// held); `flag` → stored and a `flagged-text` item for the moderators.
enum PlaintextModeration {
    /// One checked field: its name, text and verdict.
    struct Checked {
        let field: String
        let text: String
        let verdict: Verdict
    }

    /// Evaluates each field with the policy in force; throws 422 for the
    /// first field a `block` rule matches.
    static func check(_ context: AppContext, _ fields: [(field: String, text: String)], kind: ContentKind = .profileField) throws -> [Checked] {
        let policy = context.moderation
        var checked: [Checked] = []
        for (field, text) in fields {
            let verdict: Verdict
            do throws(ContentTooLarge) { verdict = try policy.evaluate(text, as: kind) } catch {
                throw APIProblem.invalid("\(field): \(error.description)")
            }
            if verdict.action == .block, let rule = verdict.matches.first(where: { $0.action == .block }) {
                throw Problem(status: 422, slug: "blocked-by-policy", title: "The community's moderation policy does not allow this text.",
                              detail: "\(field): \(rule.reason)",
                              extensions: ["field": JSONText.quote(field), "rule_id": JSONText.quote(rule.id),
                                           "reason": JSONText.quote(rule.reason), "policy_version": JSONText.quote(policy.version)])
            }
            checked.append(Checked(field: field, text: text, verdict: verdict))
        }
        return checked
    }

    /// Queue items for the held and flagged fields of `subject`, in the
    /// caller's transaction; true when any field is held. `created` is told
    /// each new item's id (a publication links its items to itself).
    @discardableResult
    static func enqueue(_ context: AppContext, _ conn: Connection, _ checked: [Checked], subject: String, actor: String, now: UInt64,
                        created: ((String) throws -> Void)? = nil) throws -> Bool {
        var held = false
        for field in checked where field.verdict.action == .hold || field.verdict.action == .flag {
            let kind: ModerationStore.Kind = field.verdict.action == .hold ? .heldText : .flaggedText
            held = held || kind == .heldText
            let id = Identifier.uuid(fromRandom: Random.bytes(16))
            try ModerationStore.insertItem(conn, .init(id: id, kind: kind, subjectMemberID: subject, field: field.field, text: field.text,
                                                       ruleIDs: field.verdict.ruleIDs, createdAt: now))
            try created?(id)
            try context.audit(conn, actor: actor, .moderationHold, subject: id, detail: "kind=\(kind.rawValue)")
        }
        return held
    }

    /// Refuses to act on `subject`'s plaintext while a moderator has not
    /// approved its held text (409), or after a moderator removed it (409).
    static func requireReleased(_ conn: Connection, subject: String) throws {
        for item in try ModerationStore.items(conn, states: nil, subjectMemberID: subject) where item.kind == .heldText {
            switch item.state {
            case .open, .appealed:
                throw APIProblem.conflict("held-for-review", "A moderation rule held this application's text (\(item.field ?? "a field")); decide queue item \(item.id) first.")
            case .decided, .closed:
                let last = try ModerationStore.decisions(conn, itemID: item.id).last
                if last?.decision != "approve" {
                    throw APIProblem.conflict("removed-by-moderation", "A moderator removed this application's text (\(item.field ?? "a field")): reject the application.")
                }
            }
        }
    }
}
