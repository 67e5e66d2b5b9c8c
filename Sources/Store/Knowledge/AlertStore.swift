/// Security alerts (table `alerts`): what an expert published or imported
/// from a CSAF advisory, one row per advisory.
///
///     if let stored = try AlertStore.find(conn, namespace: ns, trackingID: id) { … } else { try AlertStore.insert(conn, row) }
public enum AlertStore {
    public struct AlertRow: Sendable, Equatable {
        public var id: String
        public var source: String
        public var publisherNamespace: String
        public var publisherName: String
        public var trackingID: String
        public var version: String
        public var status: String
        public var label: String
        public var title: String
        public var summary: String?
        public var severity: String?
        public var baseScore: Double?
        public var cvssVersion: String?
        public var vector: String?
        /// JSON arrays (text).
        public var cveIDs: String
        public var products: String
        public var remediations: String
        public var initialRelease: UInt64
        public var currentRelease: UInt64
        public var publishedBy: String
        public var createdAt: UInt64
        public var updatedAt: UInt64

        public init(id: String, source: String, publisherNamespace: String, publisherName: String, trackingID: String, version: String,
                    status: String, label: String, title: String, summary: String?, severity: String?, baseScore: Double?,
                    cvssVersion: String?, vector: String?, cveIDs: String, products: String, remediations: String, initialRelease: UInt64,
                    currentRelease: UInt64, publishedBy: String, createdAt: UInt64, updatedAt: UInt64) {
            self.id = id
            self.source = source
            self.publisherNamespace = publisherNamespace
            self.publisherName = publisherName
            self.trackingID = trackingID
            self.version = version
            self.status = status
            self.label = label
            self.title = title
            self.summary = summary
            self.severity = severity
            self.baseScore = baseScore
            self.cvssVersion = cvssVersion
            self.vector = vector
            self.cveIDs = cveIDs
            self.products = products
            self.remediations = remediations
            self.initialRelease = initialRelease
            self.currentRelease = currentRelease
            self.publishedBy = publishedBy
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    static let columns = """
        id, source, publisher_namespace, publisher_name, tracking_id, version, status, label, title, summary, severity, base_score,
        cvss_version, vector, cve_ids, products, remediations, initial_release, current_release, published_by, created_at, updated_at
        """

    /// Inserts the row, or replaces the stored row with the same id.
    public static func save(_ conn: Connection, _ row: AlertRow) throws {
        func text(_ value: String?) -> DatabaseValue { value.map { .text($0) } ?? .null }
        try conn.run("INSERT OR REPLACE INTO alerts (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            .text(row.id), .text(row.source), .text(row.publisherNamespace), .text(row.publisherName), .text(row.trackingID), .text(row.version),
            .text(row.status), .text(row.label), .text(row.title), text(row.summary), text(row.severity), row.baseScore.map { .real($0) } ?? .null,
            text(row.cvssVersion), text(row.vector), .text(row.cveIDs), .text(row.products), .text(row.remediations),
            .integer(Int64(row.initialRelease)), .integer(Int64(row.currentRelease)), .text(row.publishedBy), .integer(Int64(row.createdAt)),
            .integer(Int64(row.updatedAt)),
        ])
    }

    public static func find(_ conn: Connection, namespace: String, trackingID: String) throws -> AlertRow? {
        try conn.queryOne("SELECT \(columns) FROM alerts WHERE publisher_namespace = ? AND tracking_id = ?",
                          [.text(namespace), .text(trackingID)]).map(row)
    }

    public static func alert(_ conn: Connection, id: String) throws -> AlertRow? {
        try conn.queryOne("SELECT \(columns) FROM alerts WHERE id = ?", [.text(id)]).map(row)
    }

    /// Alerts with one of `labels`, most recently updated first.
    public static func list(_ conn: Connection, labels: [String], limit: Int) throws -> [AlertRow] {
        guard !labels.isEmpty else { return [] }
        return try conn.query("""
            SELECT \(columns) FROM alerts WHERE label IN (\(labels.map { _ in "?" }.joined(separator: ", "))) ORDER BY updated_at DESC, id LIMIT ?
            """, labels.map { .text($0) } + [.integer(Int64(limit))]).map(row)
    }

    static func row(_ r: Row) throws -> AlertRow {
        AlertRow(id: try r.string(at: 0), source: try r.string(at: 1), publisherNamespace: try r.string(at: 2), publisherName: try r.string(at: 3),
            trackingID: try r.string(at: 4), version: try r.string(at: 5), status: try r.string(at: 6), label: try r.string(at: 7),
            title: try r.string(at: 8), summary: try r.optionalString(at: 9), severity: try r.optionalString(at: 10),
            baseScore: try r.optionalDouble(at: 11), cvssVersion: try r.optionalString(at: 12), vector: try r.optionalString(at: 13),
            cveIDs: try r.string(at: 14), products: try r.string(at: 15), remediations: try r.string(at: 16),
            initialRelease: UInt64(try r.int64(at: 17)), currentRelease: UInt64(try r.int64(at: 18)), publishedBy: try r.string(at: 19),
            createdAt: UInt64(try r.int64(at: 20)), updatedAt: UInt64(try r.int64(at: 21)))
    }
}
