/// Ask the experts (tables `question_claims`, `accepted_answers`,
/// `org_sharing`): claims, accepted answers and organisations' consent to
/// show their sector and level to experts.
public enum QuestionStore {
    /// Claims a question; false when another expert holds it.
    public static func claim(_ conn: Connection, threadID: String, expertID: String, at: UInt64) throws -> Bool {
        if let holder = try claimant(conn, threadID: threadID) { return holder == expertID }
        try conn.run("INSERT INTO question_claims (thread_id, expert_id, claimed_at) VALUES (?, ?, ?)",
                     [.text(threadID), .text(expertID), .integer(Int64(at))])
        return true
    }

    public static func claimant(_ conn: Connection, threadID: String) throws -> String? {
        try conn.queryOne("SELECT expert_id FROM question_claims WHERE thread_id = ?", [.text(threadID)])?.string(at: 0)
    }

    public static func accept(_ conn: Connection, threadID: String, postID: String, at: UInt64) throws {
        try conn.run("INSERT OR REPLACE INTO accepted_answers (thread_id, post_id, accepted_at) VALUES (?, ?, ?)",
                     [.text(threadID), .text(postID), .integer(Int64(at))])
    }

    public static func accepted(_ conn: Connection, threadID: String) throws -> String? {
        try conn.queryOne("SELECT post_id FROM accepted_answers WHERE thread_id = ?", [.text(threadID)])?.string(at: 0)
    }

    /// The authors of a thread's visible posts.
    public static func authors(_ conn: Connection, threadID: String) throws -> Set<String> {
        Set(try conn.query("SELECT DISTINCT author_id FROM posts WHERE thread_id = ? AND status = 'visible'", [.text(threadID)])
            .map { try $0.string(at: 0) })
    }

    public static func setSharing(_ conn: Connection, orgID: String, share: Bool, at: UInt64) throws {
        try conn.run("INSERT OR REPLACE INTO org_sharing (org_id, share_with_experts, updated_at) VALUES (?, ?, ?)",
                     [.text(orgID), .integer(share ? 1 : 0), .integer(Int64(at))])
    }

    public static func shares(_ conn: Connection, orgID: String) throws -> Bool {
        try conn.queryOne("SELECT share_with_experts FROM org_sharing WHERE org_id = ?", [.text(orgID)])?.int64(at: 0) == 1
    }
}
