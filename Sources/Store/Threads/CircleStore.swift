/// Circles (their names, which the community log only hashes) and join
/// requests (tables `circles`, `circle_join_requests`).
///
///     try CircleStore.insert(conn, .init(id: id, keyringID: keyring, name: "Port of Rotterdam", createdSeq: seq, createdAt: now))
public enum CircleStore {
    public struct CircleRow: Sendable, Equatable {
        public let id: String
        public let keyringID: String
        public let name: String
        public let createdSeq: UInt64
        public let createdAt: UInt64

        public init(id: String, keyringID: String, name: String, createdSeq: UInt64, createdAt: UInt64) {
            self.id = id
            self.keyringID = keyringID
            self.name = name
            self.createdSeq = createdSeq
            self.createdAt = createdAt
        }
    }

    public static func insert(_ conn: Connection, _ row: CircleRow) throws {
        try conn.run("INSERT INTO circles (id, keyring_id, name, created_seq, created_at) VALUES (?, ?, ?, ?, ?)",
                     [.text(row.id), .text(row.keyringID), .text(row.name), .integer(Int64(row.createdSeq)), .integer(Int64(row.createdAt))])
    }

    public static func all(_ conn: Connection) throws -> [CircleRow] {
        try conn.query("SELECT id, keyring_id, name, created_seq, created_at FROM circles ORDER BY created_seq").map { r in
            CircleRow(id: try r.string(at: 0), keyringID: try r.string(at: 1), name: try r.string(at: 2), createdSeq: UInt64(try r.int64(at: 3)),
                      createdAt: UInt64(try r.int64(at: 4)))
        }
    }

    /// Records a join request; false when the member has one waiting already.
    public static func addJoinRequest(_ conn: Connection, circleID: String, memberID: String, at: UInt64) throws -> Bool {
        if try conn.queryOne("SELECT 1 FROM circle_join_requests WHERE circle_id = ? AND member_id = ?", [.text(circleID), .text(memberID)]) != nil {
            return false
        }
        try conn.run("INSERT INTO circle_join_requests (circle_id, member_id, created_at) VALUES (?, ?, ?)",
                     [.text(circleID), .text(memberID), .integer(Int64(at))])
        return true
    }

    /// A circle's waiting requests, oldest first.
    public static func joinRequests(_ conn: Connection, circleID: String) throws -> [(memberID: String, createdAt: UInt64)] {
        try conn.query("SELECT member_id, created_at FROM circle_join_requests WHERE circle_id = ? ORDER BY created_at, member_id",
                       [.text(circleID)]).map { (try $0.string(at: 0), UInt64(try $0.int64(at: 1))) }
    }

    public static func deleteJoinRequest(_ conn: Connection, circleID: String, memberID: String) throws {
        try conn.run("DELETE FROM circle_join_requests WHERE circle_id = ? AND member_id = ?", [.text(circleID), .text(memberID)])
    }
}
