import Core
import HTTP
import Platform
import Store

/// The maturity self-assessment (Part 5; Policies/maturity.json): a member
/// records the level their client scored for their organisation (only the
/// level and the questions' version, never the answers); the
/// organisation's members read its history and the next steps; experts see
/// counts per level, only for groups of at least five organisations.
enum MaturityRoutes {
    /// The smallest group whose counts are shown.
    static let minimumGroup = 5

    struct RecordRequest: Decodable {
        let level: Int
        let questions_version: String
    }

    struct EntryJSON: Encodable {
        let level: Int
        let questions_version: String
        let member_id: String
        let recorded_at: UInt64
    }

    struct HistoryJSON: Encodable {
        let org_id: String
        let current: EntryJSON?
        let history: [EntryJSON]
        /// The best practices of the next level (current + 1) the caller may read.
        let recommended: [RecommendedJSON]
    }

    struct RecommendedJSON: Encodable {
        let id: String
        let title: String
        let label: String
        let maturity_level: Int
        let topics: [String]
    }

    struct GroupJSON: Encodable {
        /// "all" or a sector.
        let group: String
        let organisations: Int
        /// Organisations per level 1–5; absent when the group is smaller than five.
        let levels: [Int]?
    }

    struct StatisticsJSON: Encodable {
        let questions_version: String
        let minimum_group: Int
        let groups: [GroupJSON]
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/org/maturity", "maturityRecord", bodyLimit: 4096) { request, caller in
                let me = try caller.requireMember()
                guard let orgID = caller.orgID else { throw APIProblem.forbidden() }
                let body = try request.decodeJSON(RecordRequest.self)
                guard (1...5).contains(body.level) else { throw APIProblem.invalid("level must be 1 to 5") }
                let current = context.maturity.version
                guard body.questions_version == current else {
                    throw Problem(status: 422, slug: "stale-questions", title: "The level was scored against other questions; fetch GET /v1/policies/maturity.",
                                  extensions: ["current_version": JSONText.quote(current)])
                }
                let now = WallClock.seconds
                try context.database.write { conn in
                    try MaturityStore.record(conn, orgID: orgID, level: body.level, version: body.questions_version, memberID: me, at: now)
                }
                return try JSONBody.encode(EntryJSON(level: body.level, questions_version: body.questions_version, member_id: me, recorded_at: now),
                                           status: 201)
            },
            APIRoute(.get, "/v1/org/maturity", "maturityHistory") { _, caller in
                _ = try caller.requireMember()
                guard let orgID = caller.orgID else { throw APIProblem.forbidden() }
                let audience = PublicationStore.Audience(labels: PublicationRoutes.audience(caller).labels)
                let (entries, recommended) = try context.database.read { conn in
                    let entries = try MaturityStore.history(conn, orgID: orgID)
                    guard let level = entries.first?.level, level < 5 else { return (entries, [PublicationStore.Summary]()) }
                    return (entries, try PublicationStore.list(conn, for: audience, level: level + 1))
                }
                let history = entries.map {
                    EntryJSON(level: $0.level, questions_version: $0.questionsVersion, member_id: $0.memberID, recorded_at: $0.recordedAt)
                }
                return try JSONBody.encode(HistoryJSON(org_id: orgID, current: history.first, history: history, recommended: recommended.map {
                    RecommendedJSON(id: $0.id, title: $0.title, label: $0.label, maturity_level: $0.level, topics: $0.topics)
                }))
            },
            APIRoute(.get, "/v1/maturity/statistics", "maturityStatistics") { _, _ in
                let latest = try context.database.read { conn in try MaturityStore.latest(conn) }
                var groups = [group("all", latest.map(\.level))]
                let sectors = Dictionary(grouping: latest, by: \.sector)
                for sector in sectors.keys.sorted() { groups.append(group(sector, sectors[sector]!.map(\.level))) }
                return try JSONBody.encode(StatisticsJSON(questions_version: context.maturity.version, minimum_group: minimumGroup, groups: groups))
            },
            APIRoute(.get, "/v1/policies/maturity", "maturityPolicy", execution: .eventLoop) { _, _ in
                .json(Array(EmbeddedPolicies.text("maturity").utf8))
            },
        ]
    }

    static func group(_ name: String, _ levels: [Int]) -> GroupJSON {
        guard levels.count >= minimumGroup else { return GroupJSON(group: name, organisations: levels.count, levels: nil) }
        return GroupJSON(group: name, organisations: levels.count, levels: (1...5).map { level in levels.filter { $0 == level }.count })
    }
}
