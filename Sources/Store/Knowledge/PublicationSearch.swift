/// Full-text search over publications with SQLite FTS5 (the one
/// SQLite-only seam of the store: a PostgreSQL backend would answer the same
/// calls with its own text search). The index holds each publication's
/// current title, body and topics, rowid = `publications.seq`; hits are
/// filtered by the caller's `Audience` in the same query and ranked with
/// bm25 (title weighs most, then topics, then body).
///
/// A query is never interpolated into SQL and never stored: `Query.parse`
/// turns what a person typed into an FTS5 expression of quoted phrases
/// (https://sqlite.org/fts5.html#full_text_query_syntax), bound as an argument.
///
///     let query = try PublicationSearch.Query.parse("phishing training")
///     let hits = try PublicationSearch.search(conn, query, for: audience)
public enum PublicationSearch {
    /// A sanitised query: each word a quoted phrase of its letters and digits,
    /// all of them required (FTS5's implicit AND).
    public struct Query: Sendable, Equatable {
        /// At most this many characters are searched for.
        public static let maximumLength = 200
        /// At most this many words.
        public static let maximumTerms = 12

        /// The FTS5 expression, e.g. `"phishing" "multi factor"`.
        public let expression: String
        /// The same phrases, each as its words: `[["phishing"], ["multi", "factor"]]`.
        public let phrases: [[String]]

        /// The terms an `FTSRankIndex` looks up, one per phrase (repeats
        /// kept, as bm25 counts them), or nil when a phrase is not a single
        /// ASCII word.
        var rankTerms: [String]? {
            var terms: [String] = []
            for phrase in phrases {
                guard let term = FTSRankIndex.term(phrase) else { return nil }
                terms.append(term)
            }
            return terms
        }

        public enum Failure: Error, Equatable, CustomStringConvertible {
            case empty, tooLong, tooManyTerms

            public var description: String {
                switch self {
                case .empty: "q must contain at least one word of letters or digits"
                case .tooLong: "q must be at most \(Query.maximumLength) characters"
                case .tooManyTerms: "q must have at most \(Query.maximumTerms) words"
                }
            }
        }

        /// FTS5's operators, dropped when written as words.
        static let operators: Set<String> = ["AND", "OR", "NOT", "NEAR"]

        public static func parse(_ text: String) throws(Failure) -> Query {
            guard text.count <= maximumLength else { throw .tooLong }
            var phrases: [[String]] = []
            for word in text.split(whereSeparator: { $0.isWhitespace }) {
                guard !operators.contains(String(word)) else { continue }
                // Everything but letters and digits separates tokens for unicode61: keep the parts as one phrase.
                let parts = word.unicodeScalars.split(whereSeparator: { !($0.properties.isAlphabetic || $0.properties.numericType != nil) })
                    .map { String(String.UnicodeScalarView($0)) }
                guard !parts.isEmpty else { continue }
                phrases.append(parts)
            }
            guard !phrases.isEmpty else { throw .empty }
            guard phrases.count <= maximumTerms else { throw .tooManyTerms }
            return Query(expression: phrases.map { "\"" + $0.joined(separator: " ") + "\"" }.joined(separator: " "), phrases: phrases)
        }
    }

    /// One ranked hit: the publication and a snippet of its body with the
    /// matches between `**`.
    public struct Hit: Sendable, Equatable {
        public let publication: PublicationStore.Summary
        public let snippet: String
        public let rank: Double
    }

    /// The FTS5 table, and its columns' bm25 weights: the title weighs most, then the topics, then the body.
    public static let table = "publications_fts"
    public static let weights: [String: Double] = ["title": 10.0, "body": 1.0, "topics": 5.0]

    /// Puts (or replaces) a publication's current text in the index.
    public static func index(_ conn: Connection, publicationID: String, title: String, body: String, topics: [String]) throws {
        guard let seq = try conn.queryOne("SELECT seq FROM publications WHERE id = ?", [.text(publicationID)]).map({ try $0.int64(at: 0) }) else { return }
        try conn.run("DELETE FROM publications_fts WHERE rowid = ?", [.integer(seq)])
        try conn.run("INSERT INTO publications_fts (rowid, title, body, topics) VALUES (?, ?, ?, ?)",
                     [.integer(seq), .text(title), .text(body), .text(topics.joined(separator: " "))])
        try SearchAccelerator.bump(conn, table: table)
    }

    /// Takes a publication out of the index.
    public static func unindex(_ conn: Connection, publicationID: String) throws {
        try conn.run("DELETE FROM publications_fts WHERE rowid = (SELECT seq FROM publications WHERE id = ?)", [.text(publicationID)])
        try SearchAccelerator.bump(conn, table: table)
    }

    /// Above this many matching publications a query is unselective (all
    /// its words are everywhere): ranking every match by bm25 would cost
    /// time in proportion to the whole corpus, so such a query is answered
    /// newest first instead.
    public static let rankingLimit = 3_000

    /// The best `limit` hits the audience may read, best first (bm25); for
    /// a query matching more than `rankingLimit` publications, the newest.
    /// Held and removed publications are never found, whoever asks.
    ///
    /// With an `accelerator` whose index is current, a query of single
    /// ASCII words is ranked in memory by the same bm25 (every match ranked,
    /// whatever their number; the same order as FTS5's), the best hits are
    /// checked against `publications` for the audience, and snippets are made
    /// from the indexed text; anything else is FTS5's, as without one.
    public static func search(_ conn: Connection, _ query: Query, for audience: PublicationStore.Audience, limit: Int = 20,
                              rankingLimit: Int = PublicationSearch.rankingLimit, accelerator: SearchAccelerator? = nil) throws -> [Hit] {
        let readable = PublicationStore.Audience(labels: audience.labels)
        let (condition, values) = readable.condition()
        if let accelerator, let terms = query.rankTerms, let index = try accelerator.current(conn) {
            return try accelerated(conn, query, terms: terms, index: index, condition: condition, values: values, limit: limit)
        }
        let order = try matches(conn, table, query, atMost: rankingLimit + 1) > rankingLimit ? "publications_fts.rowid DESC" : "rank, p.seq"
        return try conn.query("""
            SELECT \(PublicationStore.columns), snippet(publications_fts, 1, '**', '**', '…', 16), bm25(publications_fts, 10.0, 1.0, 5.0) AS rank
            FROM publications_fts JOIN publications p ON p.seq = publications_fts.rowid
            WHERE publications_fts MATCH ? AND \(condition)
            ORDER BY \(order) LIMIT ?
            """, [.text(query.expression)] + values + [.integer(Int64(limit))]).map {
            Hit(publication: try PublicationStore.summary($0), snippet: try $0.string(at: 12), rank: try $0.double(at: 13))
        }
    }

    /// How many rows of the FTS5 `table` match `query`, counted up to
    /// `atMost` (enough to tell a query too unselective to rank from one to rank).
    static func matches(_ conn: Connection, _ table: String, _ query: Query, atMost: Int) throws -> Int64 {
        try conn.queryOne("SELECT count(*) FROM (SELECT rowid FROM \(table) WHERE \(table) MATCH ? LIMIT ?)",
                          [.text(query.expression), .integer(Int64(atMost))])?.int64(at: 0) ?? 0
    }

    /// The in-memory ranking of `search`: the best candidates first, each
    /// kept only when the audience may read it (held, removed and other
    /// labels are dropped here), asking for more until `limit` are kept or
    /// none are left.
    static func accelerated(_ conn: Connection, _ query: Query, terms: [String], index: FTSRankIndex, condition: String,
                            values: [DatabaseValue], limit: Int) throws -> [Hit] {
        let wanted = Set(terms)
        var count = limit + 8
        while true {
            let (ranked, more) = index.top(terms, count: count)
            var hits: [Hit] = []
            for candidate in ranked {
                // The summary if the audience may read it, with the indexed body (FTS5's content table, c1 = body).
                guard let row = try conn.queryOne("""
                    SELECT \(PublicationStore.columns), c.c1 FROM publications p JOIN publications_fts_content c ON c.id = p.seq
                    WHERE p.seq = ? AND \(condition)
                    """, [.integer(candidate.rowid)] + values) else { continue }
                hits.append(Hit(publication: try PublicationStore.summary(row),
                                snippet: try snippet(conn, rowid: candidate.rowid, body: try row.string(at: 12), query: query, terms: wanted),
                                rank: candidate.rank))
                if hits.count == limit { return hits }
            }
            if !more { return hits }
            count *= 4
        }
    }

    /// The body's snippet: made here for ASCII text (`SearchSnippet`), by
    /// FTS5's `snippet()` for any other.
    static func snippet(_ conn: Connection, rowid: Int64, body: String, query: Query, terms: Set<String>) throws -> String {
        let bytes = Array(body.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return SearchSnippet.make(bytes, terms: terms) }
        return try conn.queryOne("SELECT snippet(publications_fts, 1, '**', '**', '…', 16) FROM publications_fts WHERE publications_fts MATCH ? AND rowid = ?",
                                 [.text(query.expression), .integer(rowid)])?.string(at: 0) ?? ""
    }
}
