/// The community log's rows (table `community_log`). What an entry means
/// and whether it may be appended is decided above the store (Protocol's
/// `CommunityState`); here it is only kept, in order, append-only.
public enum CommunityLogStore {
    public struct Row: Sendable, Equatable {
        public let seq: UInt64
        public let kind: String
        public let actorID: String
        public let payload: [UInt8]
        public let prevHash: [UInt8]
        public let signature: [UInt8]
        public let entryHash: [UInt8]
        public let createdAt: UInt64

        public init(seq: UInt64, kind: String, actorID: String, payload: [UInt8], prevHash: [UInt8], signature: [UInt8],
                    entryHash: [UInt8], createdAt: UInt64) {
            self.seq = seq
            self.kind = kind
            self.actorID = actorID
            self.payload = payload
            self.prevHash = prevHash
            self.signature = signature
            self.entryHash = entryHash
            self.createdAt = createdAt
        }
    }

    public static func append(_ conn: Connection, _ row: Row) throws {
        try conn.run("INSERT INTO community_log (seq, kind, actor_id, payload, prev_hash, signature, entry_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [.integer(Int64(row.seq)), .text(row.kind), .text(row.actorID), .blob(row.payload), .blob(row.prevHash),
                      .blob(row.signature), .blob(row.entryHash), .integer(Int64(row.createdAt))])
    }

    /// Entries with `seq > after` (all when nil), at most `limit`, in order.
    public static func entries(_ conn: Connection, after: UInt64? = nil, limit: Int = Int.max) throws -> [Row] {
        let start = after.map { Int64($0) } ?? -1
        return try conn.query("SELECT seq, kind, actor_id, payload, prev_hash, signature, entry_hash, created_at FROM community_log WHERE seq > ? ORDER BY seq LIMIT ?",
                              [.integer(start), .integer(Int64(min(limit, Int(Int64.max))))]).map(row)
    }

    /// Entries by seq, in order.
    public static func entries(_ conn: Connection, seqs: [UInt64]) throws -> [Row] {
        var result: [Row] = []
        for seq in seqs.sorted() {
            if let found = try conn.queryOne("SELECT seq, kind, actor_id, payload, prev_hash, signature, entry_hash, created_at FROM community_log WHERE seq = ?",
                                             [.integer(Int64(seq))]) {
                result.append(try row(found))
            }
        }
        return result
    }

    public static func saveReason(_ conn: Connection, seq: UInt64, memberID: String, reason: String?) throws {
        try conn.run("INSERT INTO sanction_reasons (seq, member_id, reason) VALUES (?, ?, ?)",
                     [.integer(Int64(seq)), .text(memberID), reason.map { .text($0) } ?? .null])
    }

    private static func row(_ r: Store.Row) throws -> Row {
        Row(seq: UInt64(try r.int64(at: 0)), kind: try r.string(at: 1), actorID: try r.string(at: 2), payload: try r.blob(at: 3),
            prevHash: try r.blob(at: 4), signature: try r.blob(at: 5), entryHash: try r.blob(at: 6), createdAt: UInt64(try r.int64(at: 7)))
    }
}
