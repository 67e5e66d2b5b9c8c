/// Login challenges and sessions. Only hashes of bearer tokens are stored.
public enum SessionStore {
    public static func insertChallenge(_ conn: Connection, challenge: [UInt8], memberID: String, expiresAt: UInt64) throws {
        try conn.run("INSERT INTO challenges (challenge, member_id, expires_at) VALUES (?, ?, ?)",
                     [.blob(challenge), .text(memberID), .integer(Int64(expiresAt))])
    }

    /// Marks the challenge used; true only the first time, for its member,
    /// before it expires.
    public static func consumeChallenge(_ conn: Connection, challenge: [UInt8], memberID: String, now: UInt64) throws -> Bool {
        try conn.run("UPDATE challenges SET used = 1 WHERE challenge = ? AND member_id = ? AND used = 0 AND expires_at >= ?",
                     [.blob(challenge), .text(memberID), .integer(Int64(now))])
        return conn.changes == 1
    }

    /// Removes expired challenges and sessions.
    public static func prune(_ conn: Connection, now: UInt64) throws {
        try conn.run("DELETE FROM challenges WHERE expires_at < ?", [.integer(Int64(now))])
        try conn.run("DELETE FROM sessions WHERE expires_at < ?", [.integer(Int64(now))])
    }

    public static func insertSession(_ conn: Connection, tokenHash: [UInt8], memberID: String, at: UInt64, expiresAt: UInt64) throws {
        try conn.run("INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                     [.blob(tokenHash), .text(memberID), .integer(Int64(at)), .integer(Int64(expiresAt))])
    }

    /// The member of an unexpired session, with its status and role.
    public static func session(_ conn: Connection, tokenHash: [UInt8], now: UInt64) throws -> (memberID: String, expiresAt: UInt64)? {
        guard let row = try conn.queryOne("SELECT member_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
                                          [.blob(tokenHash), .integer(Int64(now))]) else { return nil }
        return (try row.string(at: 0), UInt64(try row.int64(at: 1)))
    }

    public static func deleteSession(_ conn: Connection, tokenHash: [UInt8]) throws {
        try conn.run("DELETE FROM sessions WHERE token_hash = ?", [.blob(tokenHash)])
    }

    /// Ends every session of a member (suspension, removal).
    public static func deleteSessions(_ conn: Connection, memberID: String) throws {
        try conn.run("DELETE FROM sessions WHERE member_id = ?", [.text(memberID)])
    }
}
