/// Posts (table `posts`): the signed fields, the ciphertext and the
/// author's signature, as the client sent them, with the server's seq,
/// time and receipt. Never plaintext.
///
///     let seq = try PostStore.insert(conn, row)      // inside the write job: seq = the thread's next
public enum PostStore {
    /// A post as stored. `seq` is 0 until `insert` numbers it.
    public struct PostRow: Sendable, Equatable {
        public let id: String
        public let threadID: String
        public var seq: UInt64
        public let digest: [UInt8]
        public let label: String
        public let keyringID: String
        public let epoch: UInt64
        public let logSeq: UInt64
        public let logHead: [UInt8]
        public let authorID: String
        public let authorCertHash: [UInt8]
        public let frankingTag: [UInt8]
        public let moderation: String
        public let nonce: [UInt8]
        public let ciphertext: [UInt8]
        public let policyVersion: String
        public let signature: [UInt8]
        /// Milliseconds since the epoch.
        public let receivedAt: UInt64
        public let serverTag: [UInt8]
        /// `visible`, `held` (its author only), `removed` (a tombstone: no
        /// nonce, ciphertext or signature) or `rejected` (held, then removed).
        public var status: String = Status.visible.rawValue

        public init(id: String, threadID: String, seq: UInt64 = 0, digest: [UInt8], label: String, keyringID: String, epoch: UInt64,
                    logSeq: UInt64, logHead: [UInt8], authorID: String, authorCertHash: [UInt8], frankingTag: [UInt8], moderation: String,
                    nonce: [UInt8], ciphertext: [UInt8], policyVersion: String, signature: [UInt8], receivedAt: UInt64, serverTag: [UInt8]) {
            self.id = id
            self.threadID = threadID
            self.seq = seq
            self.digest = digest
            self.label = label
            self.keyringID = keyringID
            self.epoch = epoch
            self.logSeq = logSeq
            self.logHead = logHead
            self.authorID = authorID
            self.authorCertHash = authorCertHash
            self.frankingTag = frankingTag
            self.moderation = moderation
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.policyVersion = policyVersion
            self.signature = signature
            self.receivedAt = receivedAt
            self.serverTag = serverTag
        }
    }

    /// Who sees a post: see `PostRow.status`.
    public enum Status: String, Sendable {
        case visible, held, removed, rejected
    }

    /// What an idempotent retry is answered with.
    public struct Receipt: Sendable, Equatable {
        public let postID: String
        public let threadID: String
        public let seq: UInt64
        public let digest: [UInt8]
        public let receivedAt: UInt64
        public let serverTag: [UInt8]
    }

    public static func receipt(_ conn: Connection, postID: String) throws -> Receipt? {
        guard let r = try conn.queryOne("SELECT id, thread_id, seq, digest, received_at, server_tag FROM posts WHERE id = ?", [.text(postID)]) else {
            return nil
        }
        return Receipt(postID: try r.string(at: 0), threadID: try r.string(at: 1), seq: UInt64(try r.int64(at: 2)), digest: try r.blob(at: 3),
                       receivedAt: UInt64(try r.int64(at: 4)), serverTag: try r.blob(at: 5))
    }

    /// Numbers the post (the thread's next seq), stores it and moves the
    /// thread's counters; returns the seq (nil when the thread does not
    /// exist). Run it in one write job, so that the writer's order is the
    /// thread's order.
    public static func insert(_ conn: Connection, _ row: PostRow) throws -> UInt64? {
        guard let count = try conn.queryOne("SELECT post_count FROM threads WHERE id = ?", [.text(row.threadID)])?.int64(at: 0) else {
            return nil
        }
        let seq = UInt64(count) + 1
        try conn.run("""
            INSERT INTO posts (id, thread_id, seq, digest, label, keyring_id, epoch, log_seq, log_head, author_id, author_cert_hash,
                               franking_tag, moderation, nonce, ciphertext, policy_version, signature, received_at, server_tag, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(row.id), .text(row.threadID), .integer(Int64(seq)), .blob(row.digest), .text(row.label), .text(row.keyringID),
             .integer(Int64(row.epoch)), .integer(Int64(row.logSeq)), .blob(row.logHead), .text(row.authorID), .blob(row.authorCertHash),
             .blob(row.frankingTag), .text(row.moderation), .blob(row.nonce), .blob(row.ciphertext), .text(row.policyVersion),
             .blob(row.signature), .integer(Int64(row.receivedAt)), .blob(row.serverTag), .text(row.status)])
        try conn.run("UPDATE threads SET post_count = ?, last_post_at = ? WHERE id = ?",
                     [.integer(Int64(seq)), .integer(Int64(row.receivedAt)), .text(row.threadID)])
        return seq
    }

    static let rowColumns = """
        id, thread_id, seq, digest, label, keyring_id, epoch, log_seq, log_head, author_id, author_cert_hash, franking_tag,
        moderation, nonce, ciphertext, policy_version, signature, received_at, server_tag, status
        """

    /// A thread's posts with `seq > after` that `viewer` may see (visible
    /// and removed posts; held and rejected ones only to their author; all
    /// when `viewer` is nil), at most `limit`, in order.
    public static func posts(_ conn: Connection, threadID: String, after: UInt64, limit: Int, viewer: String? = nil) throws -> [PostRow] {
        let rows: [Row]
        if let viewer {
            rows = try conn.query("""
                SELECT \(rowColumns) FROM posts
                WHERE thread_id = ? AND seq > ? AND (status IN ('visible', 'removed') OR author_id = ?) ORDER BY seq LIMIT ?
                """, [.text(threadID), .integer(Int64(after)), .text(viewer), .integer(Int64(limit))])
        } else {
            rows = try conn.query("SELECT \(rowColumns) FROM posts WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                                  [.text(threadID), .integer(Int64(after)), .integer(Int64(limit))])
        }
        return try rows.map(row)
    }

    /// One post as stored, whoever may see it.
    public static func post(_ conn: Connection, id: String) throws -> PostRow? {
        try conn.queryOne("SELECT \(rowColumns) FROM posts WHERE id = ?", [.text(id)]).map(row)
    }

    /// A held post becomes visible as the thread's newest post (a new seq,
    /// so that readers polling with `after` see it); returns the seq, nil
    /// when the post is not held.
    public static func release(_ conn: Connection, postID: String, at: UInt64) throws -> UInt64? {
        guard let row = try conn.queryOne("""
            SELECT p.thread_id, t.post_count FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ? AND p.status = 'held'
            """, [.text(postID)]) else { return nil }
        let threadID = try row.string(at: 0)
        let seq = UInt64(try row.int64(at: 1)) + 1
        try conn.run("UPDATE posts SET status = 'visible', seq = ? WHERE id = ?", [.integer(Int64(seq)), .text(postID)])
        try conn.run("UPDATE threads SET post_count = ?, last_post_at = ? WHERE id = ?",
                     [.integer(Int64(seq)), .integer(Int64(at)), .text(threadID)])
        return seq
    }

    /// Deletes a post's nonce, ciphertext and signature (with the store's
    /// `secure_delete`); the row stays as its tombstone. Returns false when
    /// it was removed already.
    public static func remove(_ conn: Connection, postID: String) throws -> Bool {
        try conn.run("""
            UPDATE posts SET status = CASE status WHEN 'held' THEN 'rejected' ELSE 'removed' END,
                             nonce = X'', ciphertext = X'', signature = X''
            WHERE id = ? AND status IN ('visible', 'held')
            """, [.text(postID)])
        return conn.changes == 1
    }

    static func row(_ r: Row) throws -> PostRow {
        var row = PostRow(id: try r.string(at: 0), threadID: try r.string(at: 1), seq: UInt64(try r.int64(at: 2)), digest: try r.blob(at: 3),
                          label: try r.string(at: 4), keyringID: try r.string(at: 5), epoch: UInt64(try r.int64(at: 6)),
                          logSeq: UInt64(try r.int64(at: 7)), logHead: try r.blob(at: 8), authorID: try r.string(at: 9),
                          authorCertHash: try r.blob(at: 10), frankingTag: try r.blob(at: 11), moderation: try r.string(at: 12),
                          nonce: try r.blob(at: 13), ciphertext: try r.blob(at: 14), policyVersion: try r.string(at: 15),
                          signature: try r.blob(at: 16), receivedAt: UInt64(try r.int64(at: 17)), serverTag: try r.blob(at: 18))
        row.status = try r.string(at: 19)
        return row
    }
}
