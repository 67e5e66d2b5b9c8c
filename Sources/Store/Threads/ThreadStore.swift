/// Threads and their topics (tables `threads`, `thread_topics`): the signed
/// creation record and the metadata the server may see, never content.
///
///     try ThreadStore.insert(conn, row)
///     let list = try ThreadStore.list(conn, circleID: nil, label: "TLP:GREEN", topic: "phishing")
public enum ThreadStore {
    public struct ThreadRow: Sendable, Equatable {
        public let id: String
        public let circleID: String
        public let keyringID: String
        public let label: String
        public let authorID: String
        public let authorCertHash: [UInt8]
        public let signature: [UInt8]
        public let askExperts: Bool
        public let communitySeq: UInt64
        public let eventOrder: UInt64
        public let createdAt: UInt64
        public let postCount: UInt64
        /// Milliseconds (the last post's `received_at`).
        public let lastPostAt: UInt64?
        public let topics: [String]

        public init(id: String, circleID: String, keyringID: String, label: String, authorID: String, authorCertHash: [UInt8],
                    signature: [UInt8], askExperts: Bool, communitySeq: UInt64, eventOrder: UInt64, createdAt: UInt64,
                    postCount: UInt64 = 0, lastPostAt: UInt64? = nil, topics: [String]) {
            self.id = id
            self.circleID = circleID
            self.keyringID = keyringID
            self.label = label
            self.authorID = authorID
            self.authorCertHash = authorCertHash
            self.signature = signature
            self.askExperts = askExperts
            self.communitySeq = communitySeq
            self.eventOrder = eventOrder
            self.createdAt = createdAt
            self.postCount = postCount
            self.lastPostAt = lastPostAt
            self.topics = topics
        }
    }

    public static func insert(_ conn: Connection, _ row: ThreadRow) throws {
        try conn.run("""
            INSERT INTO threads (id, circle_id, keyring_id, label, author_id, author_cert_hash, signature, ask_experts, community_seq,
                                 event_order, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(row.id), .text(row.circleID), .text(row.keyringID), .text(row.label), .text(row.authorID), .blob(row.authorCertHash),
             .blob(row.signature), .integer(row.askExperts ? 1 : 0), .integer(Int64(row.communitySeq)), .integer(Int64(row.eventOrder)),
             .integer(Int64(row.createdAt))])
        for topic in row.topics {
            try conn.run("INSERT INTO thread_topics (thread_id, topic) VALUES (?, ?)", [.text(row.id), .text(topic)])
        }
    }

    static let columns = """
        id, circle_id, keyring_id, label, author_id, author_cert_hash, signature, ask_experts, community_seq, event_order, created_at,
        post_count, last_post_at
        """

    /// Every thread, in the order they were created (start-up).
    public static func all(_ conn: Connection) throws -> [ThreadRow] {
        try withTopics(conn, try conn.query("SELECT \(columns) FROM threads ORDER BY event_order"))
    }

    /// Threads by circle, label and topic (each optional), newest activity first.
    public static func list(_ conn: Connection, circleID: String?, label: String?, topic: String?) throws -> [ThreadRow] {
        var sql = "SELECT \(columns) FROM threads WHERE 1 = 1"
        var values: [DatabaseValue] = []
        if let circleID {
            sql += " AND circle_id = ?"
            values.append(.text(circleID))
        }
        if let label {
            sql += " AND label = ?"
            values.append(.text(label))
        }
        if let topic {
            sql += " AND id IN (SELECT thread_id FROM thread_topics WHERE topic = ?)"
            values.append(.text(topic))
        }
        sql += " ORDER BY COALESCE(last_post_at, created_at * 1000) DESC, id"
        return try withTopics(conn, try conn.query(sql, values))
    }

    public static func thread(_ conn: Connection, id: String) throws -> ThreadRow? {
        try withTopics(conn, try conn.query("SELECT \(columns) FROM threads WHERE id = ?", [.text(id)])).first
    }

    private static func withTopics(_ conn: Connection, _ rows: [Row]) throws -> [ThreadRow] {
        try rows.map { r in
            let id = try r.string(at: 0)
            let topics = try conn.query("SELECT topic FROM thread_topics WHERE thread_id = ? ORDER BY topic", [.text(id)]).map { try $0.string(at: 0) }
            return ThreadRow(id: id, circleID: try r.string(at: 1), keyringID: try r.string(at: 2), label: try r.string(at: 3),
                             authorID: try r.string(at: 4), authorCertHash: try r.blob(at: 5), signature: try r.blob(at: 6),
                             askExperts: try r.int64(at: 7) != 0, communitySeq: UInt64(try r.int64(at: 8)), eventOrder: UInt64(try r.int64(at: 9)),
                             createdAt: UInt64(try r.int64(at: 10)), postCount: UInt64(try r.int64(at: 11)),
                             lastPostAt: try r.optionalInt64(at: 12).map(UInt64.init), topics: topics)
        }
    }
}
