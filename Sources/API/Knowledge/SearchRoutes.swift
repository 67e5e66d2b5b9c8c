import Core
import HTTP
import Store

/// `GET /v1/search?q=…[&kind=publication|alert]`: full-text search over the
/// publications and security alerts the caller may read (anonymous callers
/// CLEAR only, members CLEAR and GREEN; held or removed publications never),
/// best match first (bm25 of each kind's index, merged), with a snippet. The
/// query is sanitised into quoted FTS5 phrases and bound, never
/// interpolated; it is not logged and not stored (DESIGN: an explicit
/// search is the member's own choice and is not logged), and problems
/// about it never echo it.
enum SearchRoutes {
    struct HitJSON: Encodable {
        let id: String
        /// `alert`, or the publication's kind (`best-practice`, `essential`, `step-plan`).
        let kind: String
        let label: String
        /// Publications only.
        let maturity_level: Int?
        /// Alerts only.
        let severity: String?
        let topics: [String]
        let title: String
        let snippet: String
    }

    /// Which kinds of content a search covers.
    enum Scope: String {
        case all, publication, alert
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
                let scope = try request.query("kind").map { text -> Scope in
                    guard let scope = Scope(rawValue: text), scope != .all else { throw APIProblem.invalid("kind must be publication or alert") }
                    return scope
                } ?? .all
                let audience = PublicationRoutes.audience(caller)
                let hits: [(rank: Double, json: HitJSON)] = try context.database.read { conn in
                    let publications = scope == .alert ? [] : try PublicationSearch.search(conn, query, for: audience, limit: limit,
                                                                                                accelerator: context.publicationSearch).map {
                        (rank: $0.rank, json: HitJSON(id: $0.publication.id, kind: $0.publication.kind, label: $0.publication.label,
                                                      maturity_level: $0.publication.level, severity: nil, topics: $0.publication.topics,
                                                      title: $0.publication.title, snippet: $0.snippet))
                    }
                    let alerts = scope == .publication ? [] : try AlertSearch.search(conn, query, labels: audience.labels, limit: limit).map {
                        (rank: $0.rank, json: HitJSON(id: $0.alert.id, kind: "alert", label: $0.alert.label, maturity_level: nil,
                                                      severity: $0.alert.severity, topics: try SubscriptionStore.topics(conn, alertID: $0.alert.id),
                                                      title: $0.alert.title, snippet: $0.snippet))
                    }
                    return Self.merge(publications, alerts, limit: limit)
                }
                return .json(Self.encode(hits.map(\.json)))
            },
        ]
    }

    /// Two lists each best first (lower bm25 first) into one, best first,
    /// at most `limit` long; on equal ranks publications come first.
    static func merge<T>(_ a: [(rank: Double, json: T)], _ b: [(rank: Double, json: T)], limit: Int) -> [(rank: Double, json: T)] {
        var result: [(rank: Double, json: T)] = []
        var i = 0, j = 0
        while result.count < limit && (i < a.count || j < b.count) {
            if j >= b.count || (i < a.count && a[i].rank <= b[j].rank) {
                result.append(a[i]); i += 1
            } else {
                result.append(b[j]); j += 1
            }
        }
        return result
    }

    /// The results as `JSONBody.encode` would write them (sorted keys, no
    /// spaces, absent optionals left out; a test compares the bytes), by
    /// hand: JSONEncoder was an eighth of a search's time.
    static func encode(_ results: [HitJSON]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + results.count * 400)
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func quoted(_ text: String) {
            if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
                out.append(0x22); out.append(contentsOf: text.utf8); out.append(0x22)
            } else {
                out.append(contentsOf: JSONText.quote(text).utf8)
            }
        }
        raw("{\"results\":[")
        for (index, hit) in results.enumerated() {
            if index > 0 { raw(",") }
            raw("{\"id\":"); quoted(hit.id)
            raw(",\"kind\":"); quoted(hit.kind)
            raw(",\"label\":"); quoted(hit.label)
            if let level = hit.maturity_level { raw(",\"maturity_level\":"); raw(String(level)) }
            if let severity = hit.severity { raw(",\"severity\":"); quoted(severity) }
            raw(",\"snippet\":"); quoted(hit.snippet)
            raw(",\"title\":"); quoted(hit.title)
            raw(",\"topics\":[")
            for (t, topic) in hit.topics.enumerated() {
                if t > 0 { raw(",") }
                quoted(topic)
            }
            raw("]}")
        }
        raw("]}")
        return out
    }
}
