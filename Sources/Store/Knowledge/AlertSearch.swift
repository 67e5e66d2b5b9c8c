/// Full-text search over security alerts with SQLite FTS5 (`alerts_fts`,
/// migration 0010), the twin of `PublicationSearch`: the same sanitised
/// `PublicationSearch.Query`, bm25 ranking (title weighs most, then topics,
/// then body) and snippets. Alerts are TLP:CLEAR or TLP:GREEN; a hit is
/// returned only when its label is one the caller may read.
///
///     try AlertSearch.index(conn, alertID: row.id, title: row.title, body: text, topics: topics)
///     let hits = try AlertSearch.search(conn, query, labels: ["TLP:CLEAR"], limit: 10)
public enum AlertSearch {
    public struct Hit: Sendable, Equatable {
        public let alert: AlertStore.AlertRow
        /// A piece of the body with the matches between `**`.
        public let snippet: String
        /// bm25 (lower is better), comparable with `PublicationSearch.Hit.rank` only roughly.
        public let rank: Double
    }

    /// Puts (or replaces) an alert's current text in the index.
    public static func index(_ conn: Connection, alertID: String, title: String, body: String, topics: [String]) throws {
        try conn.run("INSERT OR IGNORE INTO alert_search_ids (alert_id) VALUES (?)", [.text(alertID)])
        guard let seq = try conn.queryOne("SELECT seq FROM alert_search_ids WHERE alert_id = ?", [.text(alertID)])?.int64(at: 0) else { return }
        try conn.run("DELETE FROM alerts_fts WHERE rowid = ?", [.integer(seq)])
        try conn.run("INSERT INTO alerts_fts (rowid, title, body, topics) VALUES (?, ?, ?, ?)",
                     [.integer(seq), .text(title), .text(body), .text(topics.joined(separator: " "))])
        try SearchAccelerator.bump(conn, table: "alerts_fts")
    }

    /// The best `limit` alerts with one of `labels`, best first (bm25); for a
    /// query matching more than `rankingLimit` alerts, the newest.
    public static func search(_ conn: Connection, _ query: PublicationSearch.Query, labels: [String], limit: Int = 20,
                              rankingLimit: Int = PublicationSearch.rankingLimit) throws -> [Hit] {
        guard !labels.isEmpty else { return [] }
        let matches = try PublicationSearch.matches(conn, "alerts_fts", query, atMost: rankingLimit + 1)
        guard matches > 0 else { return [] }
        let order = matches > rankingLimit ? "alerts_fts.rowid DESC" : "rank, s.seq"
        let columns = AlertStore.columns.split(separator: ",").map { "a." + $0.filter { !$0.isWhitespace } }.joined(separator: ", ")
        return try conn.query("""
            SELECT \(columns), snippet(alerts_fts, 1, '**', '**', '…', 16), bm25(alerts_fts, 10.0, 1.0, 5.0) AS rank
            FROM alerts_fts JOIN alert_search_ids s ON s.seq = alerts_fts.rowid JOIN alerts a ON a.id = s.alert_id
            WHERE alerts_fts MATCH ? AND a.label IN (\(labels.map { _ in "?" }.joined(separator: ", ")))
            ORDER BY \(order) LIMIT ?
            """, [.text(query.expression)] + labels.map { .text($0) } + [.integer(Int64(limit))]).map {
            Hit(alert: try AlertStore.row($0), snippet: try $0.string(at: 22), rank: try $0.double(at: 23))
        }
    }
}
