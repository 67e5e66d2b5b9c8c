import Core
import HTTP
import Store

/// `GET /v1/search?q=…`: full-text search over the publications the caller
/// may read (anonymous callers CLEAR only, members CLEAR and GREEN; held or
/// removed publications never), best match first, with a snippet. The
/// query is sanitised into quoted FTS5 phrases and bound, never
/// interpolated; it is not logged and not stored (DESIGN: an explicit
/// search is the member's own choice and is not logged), and problems
/// about it never echo it.
enum SearchRoutes {
    struct HitJSON: Encodable {
        let id: String
        let kind: String
        let label: String
        let maturity_level: Int
        let topics: [String]
        let title: String
        let snippet: String
    }

    struct ResultsJSON: Encodable {
        let results: [HitJSON]
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/search", "search") { request, caller in
                guard let text = request.query("q") else { throw APIProblem.invalid("q is required") }
                let query: PublicationSearch.Query
                do throws(PublicationSearch.Query.Failure) { query = try PublicationSearch.Query.parse(text) } catch {
                    throw APIProblem.invalid(error.description)
                }
                let limit = try request.query("limit").map { text -> Int in
                    guard let value = Int(text), (1...50).contains(value) else { throw APIProblem.invalid("limit must be 1 to 50") }
                    return value
                } ?? 20
                let hits = try context.database.read { conn in
                    try PublicationSearch.search(conn, query, for: PublicationRoutes.audience(caller), limit: limit)
                }
                return try JSONBody.encode(ResultsJSON(results: hits.map {
                    HitJSON(id: $0.publication.id, kind: $0.publication.kind, label: $0.publication.label, maturity_level: $0.publication.level,
                            topics: $0.publication.topics, title: $0.publication.title, snippet: $0.snippet)
                }))
            },
        ]
    }
}
