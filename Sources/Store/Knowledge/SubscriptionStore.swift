/// Subscriptions, notifications and feed tokens (tables `subscriptions`,
/// `notifications`, `feed_tokens`, `alert_topics`).
///
///     try SubscriptionStore.replace(conn, memberID: me, topics: ["ransomware"], products: ["Exchange"])
///     let count = try SubscriptionStore.notify(conn, alertID: id, version: "2", topics: [], products: names, at: now)
public enum SubscriptionStore {
    public static func replace(_ conn: Connection, memberID: String, topics: [String], products: [String]) throws {
        try conn.run("DELETE FROM subscriptions WHERE member_id = ?", [.text(memberID)])
        for topic in Set(topics) {
            try conn.run("INSERT INTO subscriptions (member_id, kind, value) VALUES (?, 'topic', ?)", [.text(memberID), .text(topic)])
        }
        for product in Set(products) {
            try conn.run("INSERT INTO subscriptions (member_id, kind, value) VALUES (?, 'product', ?)", [.text(memberID), .text(product)])
        }
    }

    public static func subscriptions(_ conn: Connection, memberID: String) throws -> (topics: [String], products: [String]) {
        let rows = try conn.query("SELECT kind, value FROM subscriptions WHERE member_id = ? ORDER BY kind, value", [.text(memberID)])
        var topics: [String] = []
        var products: [String] = []
        for row in rows {
            if try row.string(at: 0) == "topic" { topics.append(try row.string(at: 1)) } else { products.append(try row.string(at: 1)) }
        }
        return (topics, products)
    }

    public static func setTopics(_ conn: Connection, alertID: String, topics: [String]) throws {
        try conn.run("DELETE FROM alert_topics WHERE alert_id = ?", [.text(alertID)])
        for topic in Set(topics) { try conn.run("INSERT INTO alert_topics (alert_id, topic) VALUES (?, ?)", [.text(alertID), .text(topic)]) }
    }

    public static func topics(_ conn: Connection, alertID: String) throws -> [String] {
        try conn.query("SELECT topic FROM alert_topics WHERE alert_id = ? ORDER BY topic", [.text(alertID)]).map { try $0.string(at: 0) }
    }

    /// Notifies every member whose subscriptions match (a topic of the
    /// alert, or a product subscription contained, case-insensitively, in
    /// one of its affected products) of this version; returns how many.
    public static func notify(_ conn: Connection, alertID: String, version: String, topics: [String], products: [String], at: UInt64) throws -> Int {
        let lowered = products.map { $0.lowercased() }
        var members = Set<String>()
        for row in try conn.query("SELECT member_id, kind, value FROM subscriptions") {
            let member = try row.string(at: 0)
            let value = try row.string(at: 2)
            if try row.string(at: 1) == "topic" {
                if topics.contains(value) { members.insert(member) }
            } else {
                let needle = value.lowercased()
                if lowered.contains(where: { $0.contains(needle) }) { members.insert(member) }
            }
        }
        for member in members {
            try conn.run("INSERT OR IGNORE INTO notifications (member_id, alert_id, version, created_at) VALUES (?, ?, ?, ?)",
                         [.text(member), .text(alertID), .text(version), .integer(Int64(at))])
        }
        return members.count
    }

    public struct Notification: Sendable, Equatable {
        public let id: Int64
        public let alertID: String
        public let version: String
        public let createdAt: UInt64
        public let readAt: UInt64?
    }

    /// A member's notifications, newest first.
    public static func notifications(_ conn: Connection, memberID: String, unreadOnly: Bool, limit: Int) throws -> [Notification] {
        try conn.query("""
            SELECT id, alert_id, version, created_at, read_at FROM notifications
            WHERE member_id = ? \(unreadOnly ? "AND read_at IS NULL" : "") ORDER BY created_at DESC, id DESC LIMIT ?
            """, [.text(memberID), .integer(Int64(limit))]).map {
            Notification(id: try $0.int64(at: 0), alertID: try $0.string(at: 1), version: try $0.string(at: 2), createdAt: UInt64(try $0.int64(at: 3)),
                         readAt: try $0.optionalInt64(at: 4).map(UInt64.init))
        }
    }

    public static func markRead(_ conn: Connection, memberID: String, at: UInt64) throws {
        try conn.run("UPDATE notifications SET read_at = ? WHERE member_id = ? AND read_at IS NULL", [.integer(Int64(at)), .text(memberID)])
    }

    public static func setFeedToken(_ conn: Connection, memberID: String, hash: [UInt8]?, at: UInt64) throws {
        try conn.run("DELETE FROM feed_tokens WHERE member_id = ?", [.text(memberID)])
        guard let hash else { return }
        try conn.run("INSERT INTO feed_tokens (member_id, token_hash, created_at) VALUES (?, ?, ?)", [.text(memberID), .blob(hash), .integer(Int64(at))])
    }

    public static func feedMember(_ conn: Connection, hash: [UInt8]) throws -> String? {
        try conn.queryOne("SELECT member_id FROM feed_tokens WHERE token_hash = ?", [.blob(hash)])?.string(at: 0)
    }
}
