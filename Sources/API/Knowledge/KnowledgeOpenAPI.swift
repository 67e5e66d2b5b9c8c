/// The OpenAPI description of part 5's routes so far (the maturity
/// self-assessment, publications and search), spliced into the document with `ThreadsOpenAPI`'s parts.
enum KnowledgeOpenAPI {
    typealias V = OpenAPIValue
    typealias T = ThreadsOpenAPI

    static let tags: [V] = [
        .object([("name", .string("knowledge")),
                 ("description", .string("The maturity self-assessment (Policies/maturity.json), publications (TLP:CLEAR public, TLP:GREEN members) and their full-text search; alerts follow."))]),
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
                "Full-text search (FTS5, bm25) over the publications the caller may read, best first, with snippets; held ones never. Each word is searched as a quoted phrase; a query without words or longer than 200 characters is a 400. Queries are neither logged nor stored.",
                response: T.ref("SearchResults"), problems: [400], query: [("q", T.text, "What to search for (required).")], secured: false))])),
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
                 ("editor_id", T.described(T.uuid, "Members only.")), ("created_at", T.integer)])))])),
            ("Endorsement", T.object(["publication_id", "label", "expert_id", "endorsed_at", "endorsements"], [
                ("publication_id", T.uuid), ("label", label), ("expert_id", T.uuid), ("endorsed_at", T.integer), ("endorsements", T.integer)])),
            ("SearchResults", T.object(["results"], [("results", T.array(T.object(["id", "kind", "label", "maturity_level", "topics", "title", "snippet"], [
                ("id", T.uuid), ("kind", T.text), ("label", label), ("maturity_level", level), ("topics", topics), ("title", T.text),
                ("snippet", T.described(T.text, "A piece of the body with the matches between **.")),
            ])))])),
            ("MaturityRecord", T.object(["level", "questions_version"], [("level", level), ("questions_version", T.text)])),
            ("MaturityEntry", T.object(["level", "questions_version", "member_id", "recorded_at"], entry)),
            ("MaturityHistory", T.object(["org_id", "history", "recommended"], [("org_id", T.uuid), ("current", T.ref("MaturityEntry")),
                                                                  ("history", T.array(T.ref("MaturityEntry"))),
                                                                  ("recommended", T.described(T.array(T.object(["id", "title", "label", "maturity_level", "topics"], [
                                                                      ("id", T.uuid), ("title", T.text), ("label", label), ("maturity_level", level), ("topics", topics)])),
                                                                      "Best practices of the next level (current + 1) the caller may read; empty without a level or at level 5."))])),
            ("MaturityStatistics", T.object(["questions_version", "minimum_group", "groups"], [
                ("questions_version", T.text), ("minimum_group", T.integer),
                ("groups", T.array(T.object(["group", "organisations"], [("group", T.text), ("organisations", T.integer),
                                                                         ("levels", T.described(T.array(T.integer), "Organisations on levels 1 to 5; absent for a group of fewer than five."))]))),
            ])),
        ]
    }
}
