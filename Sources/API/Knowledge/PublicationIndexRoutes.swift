import Core
import HTTP
import Store

/// `GET /v1/publications/index`: a compact index of the publications the
/// caller may read (TLP:CLEAR for everyone, TLP:GREEN for members; never
/// held ones), for suggestions the client computes on its own machine, so
/// a question never leaves the device before it is asked. Each entry: id,
/// title, label, level, topics and its 24 most frequent words.
enum PublicationIndexRoutes {
    /// The newest publications in the index.
    static let size = 2_000

    struct EntryJSON: Encodable {
        let id: String
        let title: String
        let label: String
        let maturity_level: Int
        let topics: [String]
        let terms: [String]
    }

    struct IndexJSON: Encodable {
        let publications: [EntryJSON]
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/publications/index", "publicationIndex") { _, caller in
                let audience = PublicationStore.Audience(labels: PublicationRoutes.audience(caller).labels)
                let entries: [EntryJSON] = try context.database.read { conn in
                    try PublicationStore.list(conn, for: audience, limit: size).map { p in
                        let body = try PublicationStore.body(conn, id: p.id, version: p.version) ?? ""
                        return EntryJSON(id: p.id, title: p.title, label: p.label, maturity_level: p.level, topics: p.topics,
                                         terms: SuggestionTerms.top(of: p.title + "\n" + body, count: 24))
                    }
                }
                let label: TLPLabel = entries.contains { $0.label == TLPLabel.green.rawValue } ? .green : .clear
                return TLPHeader.adding(label, to: try JSONBody.encode(IndexJSON(publications: entries)))
            },
        ]
    }
}
