/// The OpenAPI description of reports and the review queue (part 4),
/// spliced into the document with `ThreadsOpenAPI`'s parts.
enum ModerationOpenAPI {
    typealias V = OpenAPIValue
    typealias T = ThreadsOpenAPI

    static let tags: [V] = [
        .object([("name", .string("moderation")),
                 ("description", .string("Encrypted reports, the review queue, signed decisions and appeals (PROTOCOL.md §6–7)."))]),
    ]

    static let staff = "Moderators and admins."

    static var paths: [(String, V)] {
        [
            ("/v1/threads/{id}/posts/{post}/reports", .object([("post", T.operation(
                "reportCreate", "moderation",
                "Report a post: ciphertext under a fresh key sealed to every current moderator and admin, signed by the reporter. The reporter may read the post and reports it once (409 already-reported; the same report again answers 200); 409 moderators-changed when the sealed keys are not for exactly the current moderators.",
                status: 201, response: T.ref("ReportCreated"), problems: T.common + [404, 409, 413, 422, 429], body: "ReportSubmit",
                path: ["id", "post"], labelled: true))])),
            ("/v1/moderation/queue", .object([("get", T.operation(
                "moderationQueue", "moderation", "Queue items, oldest first. \(staff)", response: T.ref("ModerationItemList"), problems: T.common,
                query: [("state", .object([("type", .string("string")), ("enum", .array(["open", "decided", "appealed", "closed", "all"].map { .string($0) })),
                                          ("default", .string("open"))]), "Which items.")]))])),
            ("/v1/moderation/appeals", .object([("get", T.operation(
                "moderationAppeals", "moderation", "Appealed items waiting for another moderator. \(staff)", response: T.ref("ModerationItemList"),
                problems: T.common))])),
            ("/v1/moderation/mine", .object([("get", T.operation(
                "moderationMine", "moderation", "Items about the caller's own content, with the decision and reason.", response: T.ref("ModerationItemList"),
                problems: T.common))])),
            ("/v1/moderation/items/{item}", .object([("get", T.operation(
                "moderationItem", "moderation", "One item: the stored post with every signed field, its encrypted reports, the decisions. \(staff)",
                response: T.ref("ModerationItem"), problems: T.common + [404], path: ["item"]))])),
            ("/v1/moderation/items/{item}/decisions", .object([("post", T.operation(
                "moderationDecide", "moderation",
                "Decide an item with a signed decision: frame(\"trustforum/decision/v1\", community_id, subject_id, decision, H(reason)), subject_id = the post id for post items, else the item id. remove and warn delete the post's ciphertext (the row stays as a signed tombstone); warn also warns the author. An appealed item is decided by another moderator (403 same-moderator). \(staff)",
                status: 201, response: T.ref("ModerationItem"), problems: T.common + [404, 409, 422], body: "DecisionRequest", path: ["item"]))])),
            ("/v1/moderation/items/{item}/appeal", .object([("post", T.operation(
                "moderationAppeal", "moderation", "Appeal a decision about your content, once (409 appealed-already).",
                status: 201, response: T.ref("ModerationItemSummary"), problems: T.common + [404, 409], body: "AppealRequest", path: ["item"]))])),
        ]
    }

    static var schemas: [(String, V)] {
        let decision: V = .object([("type", .string("string")), ("enum", .array(["approve", "remove", "dismiss", "warn"].map { .string($0) }))])
        let keyWrap = T.object(["recipient_id", "recipient_cert_hash", "sealed"],
                               [("recipient_id", T.uuid), ("recipient_cert_hash", T.base64), ("sealed", T.described(T.base64, "crypto_box_seal of the 32-byte report key: 80 bytes."))])
        let reportFields: [(String, V)] = [("report_id", T.uuid), ("post_id", T.uuid), ("reporter_cert_hash", T.base64), ("nonce", T.base64),
                                           ("ciphertext", T.base64), ("key_wraps", T.array(T.ref("ReportKeyWrap"))), ("signature", T.base64)]
        let summary: [(String, V)] = [("item_id", T.uuid),
                                      ("kind", .object([("type", .string("string")), ("enum", .array(["held-post", "report", "held-text", "flagged-text", "suspension-proposal"].map { .string($0) }))])),
                                      ("state", .object([("type", .string("string")), ("enum", .array(["open", "decided", "appealed", "closed"].map { .string($0) }))])),
                                      ("created_at", T.integer), ("subject_member_id", T.uuid), ("thread_id", T.uuid), ("post_id", T.uuid), ("label", T.label),
                                      ("rule_ids", T.array(T.text)), ("report_count", T.integer), ("decision", T.ref("Decision")),
                                      ("appeal", T.object(["reason", "created_at"], [("reason", T.text), ("created_at", T.integer)]))]
        let summaryRequired = ["item_id", "kind", "state", "created_at", "subject_member_id", "rule_ids", "report_count"]
        return [
            ("ReportKeyWrap", keyWrap),
            ("ReportSubmit", T.object(["report_id", "post_id", "reporter_cert_hash", "nonce", "ciphertext", "key_wraps", "signature"], reportFields,
                                      "ciphertext = XChaCha20-Poly1305(pad(JSON {post_id, body, title?, reply_to?, franking_key, reason}, 256), ad = frame(\"trustforum/report/v1\", community_id, report_id, post_id, reporter_id), nonce, k_r); signature = Ed25519 over frame(\"trustforum/report-sig/v1\", community_id, report_id, post_id, reporter_id, reporter_cert_hash, nonce, H(ciphertext), H(frame(\"trustforum/report-wraps/v1\", each wrap's recipient_id, recipient_cert_hash, sealed))).")),
            ("ReportStored", T.object(["report_id", "post_id", "reporter_id", "reporter_cert_hash", "nonce", "ciphertext", "key_wraps", "signature", "received_at"],
                                      reportFields + [("reporter_id", T.uuid), ("received_at", T.described(T.integer, "Milliseconds."))])),
            ("ReportCreated", T.object(["report_id", "item_id", "received_at"], [("report_id", T.uuid), ("item_id", T.uuid), ("received_at", T.integer)])),
            ("Decision", T.object(["decision", "reason", "moderator_id", "moderator_cert_hash", "decided_at", "signature"],
                                  [("decision", decision), ("reason", T.text), ("moderator_id", T.uuid), ("moderator_cert_hash", T.base64),
                                   ("decided_at", T.integer), ("signature", T.base64), ("subject_id", T.uuid)])),
            ("DecisionRequest", T.object(["decision", "reason", "signature"], [("decision", decision), ("reason", T.text), ("signature", T.base64)])),
            ("AppealRequest", T.object(["reason"], [("reason", T.text)])),
            ("ModerationItemSummary", T.object(summaryRequired, summary)),
            ("ModerationItemList", T.object(["items"], [("items", T.array(T.ref("ModerationItemSummary")))])),
            ("ModerationItem", T.object(summaryRequired + ["reports", "decisions"],
                                        summary + [("post", T.ref("StoredPost")), ("reports", T.array(T.ref("ReportStored"))),
                                                   ("text", T.object(["field", "text"], [("field", T.text), ("text", T.text)])),
                                                   ("decisions", T.array(T.ref("Decision")))])),
        ]
    }
}
