/// The OpenAPI description of part 5's routes so far (the maturity
/// self-assessment), spliced into the document with `ThreadsOpenAPI`'s parts.
enum KnowledgeOpenAPI {
    typealias V = OpenAPIValue
    typealias T = ThreadsOpenAPI

    static let tags: [V] = [
        .object([("name", .string("knowledge")),
                 ("description", .string("The maturity self-assessment (Policies/maturity.json); publications, alerts and search follow."))]),
    ]

    static var paths: [(String, V)] {
        [
            ("/v1/policies/maturity", .object([("get", T.operation(
                "maturityPolicy", "knowledge", "The self-assessment's questions and scoring rule (Policies/maturity.json, format trustforum-maturity/v1); clients score on the member's machine.",
                response: .object([("type", .string("object"))]), problems: [], secured: false))])),
            ("/v1/org/maturity", .object([
                ("post", T.operation("maturityRecord", "knowledge",
                                     "Record the level the caller's client scored for the caller's organisation: only the level and the questions' version (422 stale-questions names the current one).",
                                     status: 201, response: T.ref("MaturityEntry"), problems: T.common + [422], body: "MaturityRecord")),
                ("get", T.operation("maturityHistory", "knowledge", "The caller's organisation's levels, newest first (its members only).",
                                    response: T.ref("MaturityHistory"), problems: T.common)),
            ])),
            ("/v1/maturity/statistics", .object([("get", T.operation(
                "maturityStatistics", "knowledge",
                "Organisations per level, over all and per sector, from each organisation's latest level; a group of fewer than five organisations shows its size only. Experts and admins.",
                response: T.ref("MaturityStatistics"), problems: T.common))])),
        ]
    }

    static var schemas: [(String, V)] {
        let level: V = .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(5))])
        let entry: [(String, V)] = [("level", level), ("questions_version", T.text), ("member_id", T.uuid), ("recorded_at", T.integer)]
        return [
            ("MaturityRecord", T.object(["level", "questions_version"], [("level", level), ("questions_version", T.text)])),
            ("MaturityEntry", T.object(["level", "questions_version", "member_id", "recorded_at"], entry)),
            ("MaturityHistory", T.object(["org_id", "history"], [("org_id", T.uuid), ("current", T.ref("MaturityEntry")),
                                                                  ("history", T.array(T.ref("MaturityEntry")))])),
            ("MaturityStatistics", T.object(["questions_version", "minimum_group", "groups"], [
                ("questions_version", T.text), ("minimum_group", T.integer),
                ("groups", T.array(T.object(["group", "organisations"], [("group", T.text), ("organisations", T.integer),
                                                                         ("levels", T.described(T.array(T.integer), "Organisations on levels 1 to 5; absent for a group of fewer than five."))]))),
            ])),
        ]
    }
}
