/// Publications (tables `publications`, `publication_versions`,
/// `publication_endorsements`, `publication_items`): plaintext best
/// practices with their history and endorsements. Which ones a caller may
/// read is the caller's to decide (`labels`, `includeHeldOf`); full-text
/// search lives in `PublicationSearch`.
///
///     try PublicationStore.create(conn, publication, body: text, status: .visible)
public enum PublicationStore {
    public enum Status: String, Sendable {
        case visible, held, removed
    }

    /// A publication's current fields (without the body).
    public struct Summary: Sendable, Equatable {
        public let id: String
        public let kind: String
        public let label: String
        public let authorID: String
        public var status: Status
        public var version: Int
        public var level: Int
        public var topics: [String]
        public var language: String
        public var title: String
        public let createdAt: UInt64
        public var updatedAt: UInt64

        public init(id: String, kind: String, label: String, authorID: String, status: Status, version: Int, level: Int,
                    topics: [String], language: String, title: String, createdAt: UInt64, updatedAt: UInt64) {
            self.id = id
            self.kind = kind
            self.label = label
            self.authorID = authorID
            self.status = status
            self.version = version
            self.level = level
            self.topics = topics
            self.language = language
            self.title = title
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    /// One version as its editor wrote it.
    public struct Version: Sendable, Equatable {
        public let version: Int
        public let level: Int
        public let topics: [String]
        public let language: String
        public let title: String
        public let body: String
        public let editorID: String
        public let createdAt: UInt64
        /// `published`, `held` (an edit waiting for a moderator: its author
        /// and the moderators see it) or `removed` (its text dropped).
        public var state: String = "published"
    }

    /// Who may read what: the labels the caller may read, and a member
    /// whose own held publications are included (the author's view).
    public struct Audience: Sendable {
        public let labels: [String]
        public let includeHeldOf: String?
        /// Moderators see held publications too.
        public let includeAllHeld: Bool

        public init(labels: [String], includeHeldOf: String? = nil, includeAllHeld: Bool = false) {
            self.labels = labels
            self.includeHeldOf = includeHeldOf
            self.includeAllHeld = includeAllHeld
        }

        /// The SQL condition on `p` (publications) and its arguments.
        func condition() -> (String, [DatabaseValue]) {
            guard !labels.isEmpty else { return ("0", []) }
            let marks = Array(repeating: "?", count: labels.count).joined(separator: ", ")
            var status = "p.status = 'visible'"
            var values: [DatabaseValue] = []
            if includeAllHeld {
                status = "p.status IN ('visible', 'held')"
            } else if let member = includeHeldOf {
                status = "(p.status = 'visible' OR (p.status = 'held' AND p.author_id = ?))"
                values.append(.text(member))
            }
            return ("\(status) AND p.label IN (\(marks))", values + labels.map { .text($0) })
        }
    }

    static let columns = "p.id, p.kind, p.label, p.author_id, p.status, p.version, p.maturity_level, p.topics, p.language, p.title, p.created_at, p.updated_at"

    /// Stores a new publication, its version 1 and its search row.
    public static func create(_ conn: Connection, _ p: Summary, body: String) throws {
        try conn.run("""
            INSERT INTO publications (id, kind, label, author_id, status, version, maturity_level, topics, language, title, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
            """, [.text(p.id), .text(p.kind), .text(p.label), .text(p.authorID), .text(p.status.rawValue), .integer(Int64(p.level)),
                  .text(p.topics.joined(separator: " ")), .text(p.language), .text(p.title), .integer(Int64(p.createdAt)),
                  .integer(Int64(p.updatedAt))])
        try insertVersion(conn, p, body: body, editorID: p.authorID)
        try PublicationSearch.index(conn, publicationID: p.id, title: p.title, body: body, topics: p.topics)
    }

    /// Records `p` (its version already incremented) as the current version.
    public static func update(_ conn: Connection, _ p: Summary, body: String, editorID: String) throws {
        try conn.run("""
            UPDATE publications SET status = ?, version = ?, maturity_level = ?, topics = ?, language = ?, title = ?, updated_at = ? WHERE id = ?
            """, [.text(p.status.rawValue), .integer(Int64(p.version)), .integer(Int64(p.level)), .text(p.topics.joined(separator: " ")),
                  .text(p.language), .text(p.title), .integer(Int64(p.updatedAt)), .text(p.id)])
        try insertVersion(conn, p, body: body, editorID: editorID)
        try PublicationSearch.index(conn, publicationID: p.id, title: p.title, body: body, topics: p.topics)
    }

    static func insertVersion(_ conn: Connection, _ p: Summary, body: String, editorID: String, state: String = "published") throws {
        try conn.run("""
            INSERT INTO publication_versions (publication_id, version, maturity_level, topics, language, title, body, editor_id, created_at, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(p.id), .integer(Int64(p.version)), .integer(Int64(p.level)), .text(p.topics.joined(separator: " ")), .text(p.language),
                  .text(p.title), .text(body), .text(editorID), .integer(Int64(p.updatedAt)), .text(state)])
    }

    /// A publication the audience may read, or nil.
    public static func find(_ conn: Connection, id: String, for audience: Audience) throws -> Summary? {
        let (condition, values) = audience.condition()
        return try conn.queryOne("SELECT \(columns) FROM publications p WHERE p.id = ? AND \(condition)", [.text(id)] + values).map(summary)
    }

    /// A publication whatever its status (for its author's and staff's edits).
    public static func find(_ conn: Connection, id: String) throws -> Summary? {
        try conn.queryOne("SELECT \(columns) FROM publications p WHERE p.id = ?", [.text(id)]).map(summary)
    }

    /// What the audience may read, newest first, optionally one level or topic.
    public static func list(_ conn: Connection, for audience: Audience, level: Int? = nil, topic: String? = nil, limit: Int = 200) throws -> [Summary] {
        var (condition, values) = audience.condition()
        if let level {
            condition += " AND p.maturity_level = ?"
            values.append(.integer(Int64(level)))
        }
        if let topic {
            condition += " AND (' ' || p.topics || ' ') LIKE ?"
            values.append(.text("% \(topic) %"))
        }
        return try conn.query("SELECT \(columns) FROM publications p WHERE \(condition) ORDER BY p.updated_at DESC, p.seq DESC LIMIT ?",
                              values + [.integer(Int64(limit))]).map(summary)
    }

    /// Every published version, oldest first; with `includeHeld`, held and
    /// removed edits too (for their author and the moderators).
    public static func versions(_ conn: Connection, id: String, includeHeld: Bool = false) throws -> [Version] {
        try conn.query("""
            SELECT version, maturity_level, topics, language, title, body, editor_id, created_at, state FROM publication_versions
            WHERE publication_id = ? \(includeHeld ? "" : "AND state = 'published'") ORDER BY version
            """, [.text(id)]).map {
            Version(version: Int(try $0.int64(at: 0)), level: Int(try $0.int64(at: 1)), topics: split(try $0.string(at: 2)),
                    language: try $0.string(at: 3), title: try $0.string(at: 4), body: try $0.string(at: 5), editorID: try $0.string(at: 6),
                    createdAt: UInt64(try $0.int64(at: 7)), state: try $0.string(at: 8))
        }
    }

    /// The highest version number stored (published, held or removed).
    public static func lastVersion(_ conn: Connection, id: String) throws -> Int {
        Int(try conn.queryOne("SELECT max(version) FROM publication_versions WHERE publication_id = ?", [.text(id)])?.optionalInt64(at: 0) ?? 0)
    }

    /// Stores `p` (numbered after every stored version) as a held edit:
    /// readers keep the current version until a moderator approves it.
    public static func holdEdit(_ conn: Connection, _ p: Summary, body: String, editorID: String) throws {
        try insertVersion(conn, p, body: body, editorID: editorID, state: "held")
    }

    /// A moderator approved the held edit `version`: once none of its held
    /// items is still open it is published, and becomes the current version
    /// unless a later one already is. True when the current version changed.
    public static func approveEdit(_ conn: Connection, id: String, version: Int, at: UInt64) throws -> Bool {
        // A text held by several rules (title and body) waits until each of its items is approved.
        guard try openHeldItems(conn, id: id, version: version) == 0 else { return false }
        try conn.run("UPDATE publication_versions SET state = 'published' WHERE publication_id = ? AND version = ? AND state = 'held'",
                     [.text(id), .integer(Int64(version))])
        guard conn.changes == 1, var current = try find(conn, id: id), current.version < version,
              let edit = try versions(conn, id: id).first(where: { $0.version == version }) else { return false }
        current.version = edit.version
        current.level = edit.level
        current.topics = edit.topics
        current.language = edit.language
        current.title = edit.title
        current.updatedAt = at
        try conn.run("""
            UPDATE publications SET version = ?, maturity_level = ?, topics = ?, language = ?, title = ?, updated_at = ? WHERE id = ?
            """, [.integer(Int64(current.version)), .integer(Int64(current.level)), .text(current.topics.joined(separator: " ")),
                  .text(current.language), .text(current.title), .integer(Int64(at)), .text(id)])
        if current.status == .visible {
            try PublicationSearch.index(conn, publicationID: id, title: current.title, body: edit.body, topics: current.topics)
        }
        return true
    }

    /// A moderator removed the held edit `version`: its text is dropped
    /// (the row stays, `removed`, so numbers keep their meaning); the
    /// publication stays as it was.
    public static func removeEdit(_ conn: Connection, id: String, version: Int) throws {
        try conn.run("""
            UPDATE publication_versions SET state = 'removed', title = '', body = '' WHERE publication_id = ? AND version = ? AND state = 'held'
            """, [.text(id), .integer(Int64(version))])
    }

    /// The current version's body.
    public static func body(_ conn: Connection, id: String, version: Int) throws -> String? {
        try conn.queryOne("SELECT body FROM publication_versions WHERE publication_id = ? AND version = ?",
                          [.text(id), .integer(Int64(version))]).map { try $0.string(at: 0) }
    }

    /// Records an expert's endorsement; false when they endorsed it before.
    public static func endorse(_ conn: Connection, id: String, expertID: String, at: UInt64) throws -> Bool {
        try conn.run("INSERT OR IGNORE INTO publication_endorsements (publication_id, expert_id, endorsed_at) VALUES (?, ?, ?)",
                     [.text(id), .text(expertID), .integer(Int64(at))])
        return conn.changes == 1
    }

    /// The experts who endorsed a publication, in order.
    public static func endorsements(_ conn: Connection, id: String) throws -> [(expertID: String, endorsedAt: UInt64)] {
        try conn.query("SELECT expert_id, endorsed_at FROM publication_endorsements WHERE publication_id = ? ORDER BY endorsed_at, expert_id",
                       [.text(id)]).map { (try $0.string(at: 0), UInt64(try $0.int64(at: 1))) }
    }

    /// Links a moderation queue item to the publication it is about, or to
    /// one held edit of it (`version`).
    public static func link(_ conn: Connection, itemID: String, publicationID: String, version: Int? = nil) throws {
        try conn.run("INSERT INTO publication_items (item_id, publication_id, version) VALUES (?, ?, ?)",
                     [.text(itemID), .text(publicationID), version.map { .integer(Int64($0)) } ?? .null])
    }

    /// The publication and the held edit a queue item is about (version
    /// nil: the publication as a whole).
    public static func subject(_ conn: Connection, ofItem itemID: String) throws -> (publicationID: String, version: Int?)? {
        try conn.queryOne("SELECT publication_id, version FROM publication_items WHERE item_id = ?", [.text(itemID)]).map {
            (try $0.string(at: 0), try $0.optionalInt64(at: 1).map { Int($0) })
        }
    }

    /// Held-text queue items still open (or appealed) about the publication
    /// as a whole (`version` nil) or about one held edit of it.
    static func openHeldItems(_ conn: Connection, id: String, version: Int?) throws -> Int64 {
        try conn.queryOne("""
            SELECT COUNT(*) FROM publication_items l JOIN moderation_items m ON m.id = l.item_id
            WHERE l.publication_id = ? AND l.version IS ? AND m.kind = 'held-text' AND m.state IN ('open', 'appealed')
            """, [.text(id), version.map { .integer(Int64($0)) } ?? .null]).map { try $0.int64(at: 0) } ?? 0
    }

    /// Makes a held publication visible once none of its held items is
    /// still open; true when it changed.
    public static func release(_ conn: Connection, id: String) throws -> Bool {
        guard try openHeldItems(conn, id: id, version: nil) == 0 else { return false }
        try conn.run("UPDATE publications SET status = 'visible' WHERE id = ? AND status = 'held'", [.text(id)])
        return conn.changes == 1
    }

    /// A moderator removed it: hidden from everyone and out of the search index.
    public static func remove(_ conn: Connection, id: String) throws {
        try conn.run("UPDATE publications SET status = 'removed' WHERE id = ?", [.text(id)])
        try PublicationSearch.unindex(conn, publicationID: id)
    }

    static func summary(_ r: Row) throws -> Summary {
        Summary(id: try r.string(at: 0), kind: try r.string(at: 1), label: try r.string(at: 2), authorID: try r.string(at: 3),
                status: Status(rawValue: try r.string(at: 4)) ?? .removed, version: Int(try r.int64(at: 5)), level: Int(try r.int64(at: 6)),
                topics: split(try r.string(at: 7)), language: try r.string(at: 8), title: try r.string(at: 9),
                createdAt: UInt64(try r.int64(at: 10)), updatedAt: UInt64(try r.int64(at: 11)))
    }

    static func split(_ topics: String) -> [String] { topics.split(separator: " ").map(String.init) }
}
