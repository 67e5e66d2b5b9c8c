/// Organisations' maturity levels (table `maturity_levels`): what a member
/// recorded for their organisation, never the answers behind it.
///
///     try MaturityStore.record(conn, orgID: org, level: 3, version: "2026-11-30", memberID: me, at: now)
public enum MaturityStore {
    public struct Entry: Sendable, Equatable {
        public let level: Int
        public let questionsVersion: String
        public let memberID: String
        public let recordedAt: UInt64
    }

    public static func record(_ conn: Connection, orgID: String, level: Int, version: String, memberID: String, at: UInt64) throws {
        try conn.run("INSERT INTO maturity_levels (org_id, level, questions_version, member_id, recorded_at) VALUES (?, ?, ?, ?, ?)",
                     [.text(orgID), .integer(Int64(level)), .text(version), .text(memberID), .integer(Int64(at))])
    }

    /// An organisation's levels, newest first.
    public static func history(_ conn: Connection, orgID: String, limit: Int = 100) throws -> [Entry] {
        try conn.query("""
            SELECT level, questions_version, member_id, recorded_at FROM maturity_levels WHERE org_id = ? ORDER BY recorded_at DESC, id DESC LIMIT ?
            """, [.text(orgID), .integer(Int64(limit))]).map {
            Entry(level: Int(try $0.int64(at: 0)), questionsVersion: try $0.string(at: 1), memberID: try $0.string(at: 2),
                  recordedAt: UInt64(try $0.int64(at: 3)))
        }
    }

    /// Each organisation's latest level with its sector.
    public static func latest(_ conn: Connection) throws -> [(orgID: String, sector: String, level: Int)] {
        try conn.query("""
            SELECT m.org_id, o.sector, m.level FROM maturity_levels m JOIN organisations o ON o.id = m.org_id
            WHERE m.id = (SELECT id FROM maturity_levels WHERE org_id = m.org_id ORDER BY recorded_at DESC, id DESC LIMIT 1)
            ORDER BY m.org_id
            """).map { (try $0.string(at: 0), try $0.string(at: 1), Int(try $0.int64(at: 2))) }
    }
}
