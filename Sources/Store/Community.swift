/// The community row: the one community this installation serves.
public enum Community {
    /// Records the community; fails if one exists.
    public static func create(_ conn: Connection, id: String, createdAt: UInt64) throws {
        try conn.run("INSERT INTO community (singleton, id, created_at) VALUES (1, ?, ?)", [.text(id), .integer(Int64(createdAt))])
    }

    /// The community's id, or nil before `init`.
    public static func id(_ conn: Connection) throws -> String? {
        try conn.queryOne("SELECT id FROM community WHERE singleton = 1")?.string(at: 0)
    }
}
