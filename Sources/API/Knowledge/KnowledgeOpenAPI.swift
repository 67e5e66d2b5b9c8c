/// The OpenAPI description of part 5's routes so far (the maturity
/// self-assessment, publications and search), spliced into the document with `ThreadsOpenAPI`'s parts.
enum KnowledgeOpenAPI {
    typealias V = OpenAPIValue
    typealias T = ThreadsOpenAPI

    static let tags: [V] = [
        .object([("name", .string("knowledge")),
                 ("description", .string("The maturity self-assessment (Policies/maturity.json), security alerts (CSAF 2.0 imports, subscriptions, feeds), publications (TLP:CLEAR public, TLP:GREEN members) and their full-text search."))]),
    ]

    static let level: V = .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(5))])

    static var paths: [(String, V)] {
        [
            ("/v1/policies/maturity", .object([("get", T.operation(
                "maturityPolicy", "knowledge", "The self-assessment's questions and scoring rule (Policies/maturity.json, format trustforum-maturity/v1); clients score on the member's machine.",
                response: .object([("type", .string("object"))]), problems: [], secured: false))])),
            ("/v1/org/maturity", .object([
                ("post", T.operation("maturityRecord", "knowledge",
                                     "Record the level the caller's client scored for the caller's organisation: only the level and the questions' version (422 stale-questions names the current one).",
                                     status: 201, response: T.ref("MaturityEntry"), problems: T.common + [422], body: "MaturityRecord")),
                ("get", T.operation("maturityHistory", "knowledge", "The caller's organisation's levels, newest first (its members only), and the best practices of the next level the caller may read (recommended).",
                                    response: T.ref("MaturityHistory"), problems: T.common)),
            ])),
            ("/v1/alerts/import", .object([("post", T.operation(
                "alertImport", "knowledge",
                "Import a CSAF 2.0 advisory (the request body, at most 10 MiB) as an alert (experts, admins): checked against the schema fields it reads and the mandatory tests 6.1.1-6.1.6, every error naming its JSON path (`path`); TLP 1 WHITE becomes TLP:CLEAR, no label TLP:GREEN unless ?label=; AMBER and RED are refused (422 label-not-allowed). A newer version of the same advisory updates its alert (200); the same or an older one is 409 not-newer.",
                status: 201, response: T.ref("AlertImport"), problems: T.common + [409, 413, 422],
                query: [("label", T.text, "TLP:CLEAR or TLP:GREEN: the alert's label when the advisory has none, or narrower than its own."),
                        ("topic", T.text, "A topic of the alert (Policies/topics.json); repeat for more.")], labelled: true))])),
            ("/v1/alerts", .object([
                ("get", T.operation("alertList", "knowledge", "Alerts, most recently updated first: TLP:CLEAR for everyone, TLP:GREEN too for members.",
                                    response: T.ref("AlertList"), problems: [400, 401],
                                    query: [("limit", T.integer, "At most this many (1-500, default 100).")], secured: false, labelled: true)),
                ("post", T.operation("alertCreate", "knowledge",
                                     "An alert written by an expert (experts, admins): title, summary, severity (low, medium, high, critical), TLP:CLEAR or TLP:GREEN (others 422), affected products, CVE ids, handling advice, topics; subscribers are notified.",
                                     status: 201, response: T.ref("Alert"), problems: T.common + [422], body: "AlertCreate", labelled: true)),
            ])),
            ("/v1/alerts/{id}", .object([("get", T.operation(
                "alertShow", "knowledge", "One alert (TLP:GREEN ones for members only; 404 otherwise).", response: T.ref("Alert"), problems: [400, 401, 404],
                path: ["id"], secured: false, labelled: true))])),
            ("/v1/alerts.atom", .object([("get", T.operation(
                "alertFeed", "knowledge", "The public Atom feed (RFC 4287) of TLP:CLEAR alerts.", response: .object([("type", .string("string"))]),
                problems: [], secured: false))])),
            ("/v1/publications/index", .object([("get", T.operation(
                "publicationIndex", "knowledge",
                "A compact index of the newest 2,000 publications the caller may read (TLP:CLEAR for everyone, TLP:GREEN for members, never held ones): id, title, label, level, topics and each one's 24 most frequent words, for suggestions the client computes locally before a question is asked.",
                response: T.object(["publications"], [("publications", T.array(T.object(["id", "title", "label", "maturity_level", "topics", "terms"], [
                    ("id", T.uuid), ("title", T.text), ("label", T.label), ("maturity_level", T.integer), ("topics", T.array(T.text)),
                    ("terms", T.array(T.text))])))]), problems: [401], secured: false, labelled: true))])),
            ("/v1/questions", .object([("get", T.operation(
                "questionQueue", "knowledge",
                "Experts: the 'ask the experts' threads they can read, oldest first, with label, topics, age, who claimed it, whether an expert answered and which answer was accepted; the asking organisation's sector and maturity level only when it opted in (PUT /v1/org/sharing). Answered and accepted questions only with ?all=true.",
                response: T.ref("QuestionQueue"), problems: T.common, query: [("all", T.boolean, "Also answered and accepted questions.")], labelled: true))])),
            ("/v1/questions/{id}/claim", .object([("post", T.operation(
                "questionClaim", "knowledge", "An expert takes up a question (409 when another expert has); claiming again is fine.",
                status: 201, response: T.object(["thread_id", "claimed_by"], [("thread_id", T.uuid), ("claimed_by", T.uuid)]),
                problems: T.common + [404, 409, 422], path: ["id"], labelled: true))])),
            ("/v1/threads/{id}/accepted", .object([("post", T.operation(
                "answerAccept", "knowledge", "The thread's author marks the accepted answer (a visible post by someone else).",
                response: T.object(["thread_id", "accepted_post_id"], [("thread_id", T.uuid), ("accepted_post_id", T.uuid)]),
                problems: T.common + [404, 422], body: "AcceptRequest", path: ["id"], labelled: true))])),
            ("/v1/org/sharing", .object([("put", T.operation(
                "orgSharing", "knowledge", "An org admin lets experts see the organisation's sector and maturity level next to its questions (or not).",
                response: T.ref("Sharing"), problems: T.common, body: "Sharing"))])),
            ("/v1/subscriptions", .object([
                ("get", T.operation("subscriptionsShow", "knowledge", "The caller's subscriptions: topics and product names.",
                                    response: T.ref("Subscriptions"), problems: T.common)),
                ("put", T.operation("subscriptionsSet", "knowledge",
                                    "Replace the caller's subscriptions (at most 50 topics from Policies/topics.json and 50 product names); a new or updated alert with one of the topics, or an affected product containing one of the names (case-insensitively), becomes a notification.",
                                    response: T.ref("Subscriptions"), problems: T.common, body: "Subscriptions")),
            ])),
            ("/v1/notifications", .object([("get", T.operation(
                "notificationList", "knowledge", "The caller's notifications, newest first (?unread=true: unread only).", response: T.ref("Notifications"),
                problems: T.common, query: [("unread", T.boolean, "Unread only.")], labelled: true))])),
            ("/v1/notifications/read", .object([("post", T.operation(
                "notificationRead", "knowledge", "Mark every notification read.", status: 204, response: .object([("type", .string("null"))]),
                problems: T.common))])),
            ("/v1/feed-token", .object([
                ("post", T.operation("feedTokenCreate", "knowledge",
                                     "A new feed token (replacing any old one, which stops working): the URL of the caller's Atom feed. The URL is the only credential of the feed; it is never a session token.",
                                     status: 201, response: T.object(["url"], [("url", T.text)]), problems: T.common)),
                ("delete", T.operation("feedTokenRevoke", "knowledge", "Revoke the caller's feed token.", status: 204,
                                       response: .object([("type", .string("null"))]), problems: T.common)),
            ])),
            ("/v1/feeds/{token}", .object([("get", .object([
                ("operationId", .string("memberFeed")), ("tags", .array([.string("knowledge")])),
                ("summary", .string("A member's Atom feed of the alerts that matched their subscriptions; {token} is TOKEN.atom from POST /v1/feed-token. 404 for an unknown or revoked token.")),
                ("parameters", .array([.object([("name", .string("token")), ("in", .string("path")), ("required", .bool(true)),
                                                ("schema", .object([("type", .string("string"))]))])])),
                ("responses", .object([("200", .object([("description", .string("The feed (application/atom+xml)."))])), ("404", T.problem)])),
            ]))])),
            ("/v1/maturity/statistics", .object([("get", T.operation(
                "maturityStatistics", "knowledge",
                "Organisations per level, over all and per sector, from each organisation's latest level; a group of fewer than five organisations shows its size only. Experts and admins.",
                response: T.ref("MaturityStatistics"), problems: T.common))])),
            ("/v1/publications", .object([
                ("post", T.operation("publicationCreate", "knowledge",
                                     "Publish a best practice (members), TLP:CLEAR or TLP:GREEN only (422 label-not-publishable for AMBER and RED). The moderation rules apply to title and body: block → 422 blocked-by-policy naming the rule; hold → stored with status held, visible to its author and moderators until a moderator approves; flag → stored and queued.",
                                     status: 201, response: T.ref("Publication"), problems: T.common + [422], body: "PublicationCreate")),
                ("get", T.operation("publicationList", "knowledge",
                                    "The publications the caller may read, newest first, without bodies: TLP:CLEAR for everyone (no login needed), TLP:GREEN for members; an author's own held ones too.",
                                    response: T.ref("PublicationList"), problems: [400],
                                    query: [("level", level, "Only this maturity level."), ("topic", T.text, "Only this topic (Policies/topics.json).")], secured: false)),
            ])),
            ("/v1/publications/{id}", .object([
                ("get", T.operation("publicationShow", "knowledge", "One publication the caller may read, with its current body (404 otherwise).",
                                    response: T.ref("Publication"), problems: [400, 404], path: ["id"], secured: false)),
                ("put", T.operation("publicationEdit", "knowledge",
                                    "A new version (the author or a moderator/admin); the label never changes, the history is kept. The moderation rules apply as on create.",
                                    response: T.ref("Publication"), problems: T.common + [404, 409, 422], body: "PublicationEdit", path: ["id"])),
            ])),
            ("/v1/publications/{id}/history", .object([("get", T.operation(
                "publicationHistory", "knowledge", "Every version of a publication the caller may read, oldest first.",
                response: T.ref("PublicationHistory"), problems: [400, 404], path: ["id"], secured: false))])),
            ("/v1/publications/{id}/endorsements", .object([("post", T.operation(
                "publicationEndorse", "knowledge", "An expert endorses a visible publication, once (409 endorsed-already).",
                status: 201, response: T.ref("Endorsement"), problems: T.common + [404, 409], path: ["id"]))])),
            ("/v1/search", .object([("get", T.operation(
                "search", "knowledge",
                "Full-text search (FTS5, bm25) over the publications and security alerts the caller may read, best first, with snippets; held publications never. Each word is searched as a quoted phrase; a query without words or longer than 200 characters is a 400. Queries are neither logged nor stored.",
                response: T.ref("SearchResults"), problems: [400], query: [("q", T.text, "What to search for (required)."), ("limit", T.integer, "At most this many results (1-50, default 20)."),
                                                                          ("kind", T.text, "publication or alert: only that kind (default both).")], secured: false))])),
        ]
    }

    static var schemas: [(String, V)] {
        let entry: [(String, V)] = [("level", level), ("questions_version", T.text), ("member_id", T.uuid), ("recorded_at", T.integer)]
        let label: V = .object([("type", .string("string")), ("enum", .array([.string("TLP:CLEAR"), .string("TLP:GREEN")]))])
        let topics = T.array(T.text)
        let publication: [(String, V)] = [
            ("id", T.uuid), ("kind", T.text), ("label", label), ("maturity_level", level), ("topics", topics), ("language", T.text),
            ("title", T.text), ("body", T.described(T.text, "Markdown; absent in lists.")), ("version", T.integer),
            ("status", T.described(T.text, "visible, or held (its author and moderators only)")),
            ("author_id", T.described(T.uuid, "Members only.")), ("endorsements", T.integer),
            ("endorsed_by", T.described(T.array(T.uuid), "The endorsing experts; members only.")), ("created_at", T.integer), ("updated_at", T.integer),
        ]
        return [
            ("PublicationCreate", T.object(["label", "kind", "maturity_level", "topics", "title", "body"], [
                ("label", T.text), ("kind", T.described(T.text, "best-practice")), ("maturity_level", level), ("topics", topics),
                ("title", T.text), ("body", T.text), ("language", T.described(T.text, "en (default) or nl")),
            ])),
            ("PublicationEdit", T.object(["body"], [("title", T.text), ("body", T.text), ("maturity_level", level), ("topics", topics), ("language", T.text)])),
            ("Publication", T.object(["id", "kind", "label", "maturity_level", "topics", "language", "title", "version", "status", "endorsements",
                                      "created_at", "updated_at"], publication)),
            ("PublicationList", T.object(["publications"], [("publications", T.array(T.ref("Publication")))])),
            ("PublicationHistory", T.object(["id", "label", "versions"], [("id", T.uuid), ("label", label), ("versions", T.array(T.object(
                ["version", "maturity_level", "topics", "language", "title", "body", "created_at"],
                [("version", T.integer), ("maturity_level", level), ("topics", topics), ("language", T.text), ("title", T.text), ("body", T.text),
                 ("editor_id", T.described(T.uuid, "Members only.")), ("created_at", T.integer),
                 ("state", T.described(T.text, "held (an edit waiting for a moderator) or removed; shown to the author and moderators only; absent when published."))])))])),
            ("Endorsement", T.object(["publication_id", "label", "expert_id", "endorsed_at", "endorsements"], [
                ("publication_id", T.uuid), ("label", label), ("expert_id", T.uuid), ("endorsed_at", T.integer), ("endorsements", T.integer)])),
            ("SearchResults", T.object(["results"], [("results", T.array(T.object(["id", "kind", "label", "topics", "title", "snippet"], [
                ("id", T.uuid), ("kind", T.described(T.text, "alert, or the publication's kind (best-practice, essential, step-plan)")), ("label", label),
                ("maturity_level", T.described(level, "Publications only.")), ("severity", T.described(T.text, "Alerts only (when known).")),
                ("topics", topics), ("title", T.text),
                ("snippet", T.described(T.text, "A piece of the body with the matches between **.")),
            ])))])),
            ("MaturityRecord", T.object(["level", "questions_version"], [("level", level), ("questions_version", T.text)])),
            ("MaturityEntry", T.object(["level", "questions_version", "member_id", "recorded_at"], entry)),
            ("MaturityHistory", T.object(["org_id", "history", "recommended"], [("org_id", T.uuid), ("current", T.ref("MaturityEntry")),
                                                                  ("history", T.array(T.ref("MaturityEntry"))),
                                                                  ("recommended", T.described(T.array(T.object(["id", "title", "label", "maturity_level", "topics"], [
                                                                      ("id", T.uuid), ("title", T.text), ("label", label), ("maturity_level", level), ("topics", topics)])),
                                                                      "Best practices of the next level (current + 1) the caller may read; empty without a level or at level 5."))])),
            ("Alert", T.object(["alert_id", "source", "label", "title", "cve_ids", "products", "remediations", "publisher", "tracking_id", "version",
                                "status", "initial_release", "current_release", "published_by", "created_at", "updated_at"], [
                ("alert_id", T.uuid), ("source", T.text), ("label", T.label), ("title", T.text), ("summary", T.text), ("severity", T.text),
                ("base_score", .object([("type", .string("number"))])), ("cvss_version", T.text), ("vector", T.text), ("cve_ids", T.array(T.text)),
                ("products", T.array(T.text)),
                ("remediations", T.array(T.object(["category", "details", "products"], [("category", T.text), ("details", T.text), ("products", T.array(T.text))]))),
                ("publisher", T.text), ("tracking_id", T.text), ("version", T.text), ("status", T.text), ("initial_release", T.integer),
                ("current_release", T.integer), ("published_by", T.uuid), ("created_at", T.integer), ("updated_at", T.integer),
            ])),
            ("AlertImport", T.object(["outcome", "alert"], [("outcome", .object([("type", .string("string")), ("enum", .array([.string("created"), .string("updated")]))])),
                                                            ("alert", T.ref("Alert"))])),
            ("AlertList", T.object(["alerts"], [("alerts", T.array(T.ref("Alert")))])),
            ("AlertCreate", T.object(["title", "summary", "severity", "label"], [
                ("title", T.text), ("summary", T.text),
                ("severity", .object([("type", .string("string")), ("enum", .array(["low", "medium", "high", "critical"].map { .string($0) }))])),
                ("label", T.label), ("products", T.array(T.text)), ("cve_ids", T.array(T.text)), ("advice", T.text), ("topics", T.array(T.text))])),
            ("QuestionQueue", T.object(["questions"], [("questions", T.array(T.object(
                ["thread_id", "label", "topics", "created_at", "age_seconds", "answered"],
                [("thread_id", T.uuid), ("label", T.label), ("topics", T.array(T.text)), ("created_at", T.integer), ("age_seconds", T.integer),
                 ("claimed_by", T.uuid), ("answered", T.boolean), ("accepted_post_id", T.uuid), ("sector", T.text),
                 ("maturity_level", T.integer)])))])),
            ("AcceptRequest", T.object(["post_id"], [("post_id", T.uuid)])),
            ("Sharing", T.object(["share_with_experts"], [("share_with_experts", T.boolean)])),
            ("Subscriptions", T.object(["topics", "products"], [("topics", T.array(T.text)), ("products", T.array(T.text))])),
            ("Notifications", T.object(["notifications", "unread"], [
                ("notifications", T.array(T.object(["alert_id", "version", "title", "label", "created_at", "read"], [
                    ("alert_id", T.uuid), ("version", T.text), ("title", T.text), ("label", T.label), ("severity", T.text), ("created_at", T.integer),
                    ("read", T.boolean)]))),
                ("unread", T.integer)])),
            ("MaturityStatistics", T.object(["questions_version", "minimum_group", "groups"], [
                ("questions_version", T.text), ("minimum_group", T.integer),
                ("groups", T.array(T.object(["group", "organisations"], [("group", T.text), ("organisations", T.integer),
                                                                         ("levels", T.described(T.array(T.integer), "Organisations on levels 1 to 5; absent for a group of fewer than five."))]))),
            ])),
        ]
    }
}
