/// The review queue (tables `moderation_items`, `reports`, `decisions`):
/// one item per subject (a post, a plaintext field, a proposed
/// suspension), the encrypted reports of a post, and the moderators'
/// signed decisions. Never report plaintext.
///
///     let item = try ModerationStore.itemForPost(conn, postID: id) ?? ModerationStore.insertItem(conn, .init(…))
public enum ModerationStore {
    public enum Kind: String, Sendable, CaseIterable {
        case heldPost = "held-post"
        case report
        case heldText = "held-text"
        case flaggedText = "flagged-text"
        case suspensionProposal = "suspension-proposal"
    }

    public enum State: String, Sendable, CaseIterable {
        case open, decided, appealed, closed
    }

    public struct ItemRow: Sendable, Equatable {
        public let id: String
        public let kind: Kind
        public var state: State
        public let subjectMemberID: String
        public let postID: String?
        public let threadID: String?
        public let label: String?
        public let field: String?
        public let text: String?
        public let ruleIDs: [String]
        public let createdAt: UInt64
        public var appealReason: String?
        public var appealedAt: UInt64?

        public init(id: String, kind: Kind, state: State = .open, subjectMemberID: String, postID: String? = nil, threadID: String? = nil,
                    label: String? = nil, field: String? = nil, text: String? = nil, ruleIDs: [String] = [], createdAt: UInt64,
                    appealReason: String? = nil, appealedAt: UInt64? = nil) {
            self.id = id
            self.kind = kind
            self.state = state
            self.subjectMemberID = subjectMemberID
            self.postID = postID
            self.threadID = threadID
            self.label = label
            self.field = field
            self.text = text
            self.ruleIDs = ruleIDs
            self.createdAt = createdAt
            self.appealReason = appealReason
            self.appealedAt = appealedAt
        }
    }

    public struct ReportRow: Sendable, Equatable {
        public let id: String
        public let itemID: String
        public let postID: String
        public let reporterID: String
        public let reporterCertHash: [UInt8]
        public let nonce: [UInt8]
        public let ciphertext: [UInt8]
        /// The canonical JSON array of the sealed report keys.
        public let keyWraps: String
        public let signature: [UInt8]
        public let digest: [UInt8]
        public let receivedAt: UInt64

        public init(id: String, itemID: String, postID: String, reporterID: String, reporterCertHash: [UInt8], nonce: [UInt8],
                    ciphertext: [UInt8], keyWraps: String, signature: [UInt8], digest: [UInt8], receivedAt: UInt64) {
            self.id = id
            self.itemID = itemID
            self.postID = postID
            self.reporterID = reporterID
            self.reporterCertHash = reporterCertHash
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.keyWraps = keyWraps
            self.signature = signature
            self.digest = digest
            self.receivedAt = receivedAt
        }
    }

    public struct DecisionRow: Sendable, Equatable {
        public let itemID: String
        public let subjectID: String
        public let decision: String
        public let reason: String
        public let moderatorID: String
        public let moderatorCertHash: [UInt8]
        public let signature: [UInt8]
        public let decidedAt: UInt64
        public let onAppeal: Bool

        public init(itemID: String, subjectID: String, decision: String, reason: String, moderatorID: String, moderatorCertHash: [UInt8],
                    signature: [UInt8], decidedAt: UInt64, onAppeal: Bool) {
            self.itemID = itemID
            self.subjectID = subjectID
            self.decision = decision
            self.reason = reason
            self.moderatorID = moderatorID
            self.moderatorCertHash = moderatorCertHash
            self.signature = signature
            self.decidedAt = decidedAt
            self.onAppeal = onAppeal
        }
    }

    // MARK: items

    static let itemColumns = """
        id, kind, state, subject_member_id, post_id, thread_id, label, field, text, rule_ids, created_at, appeal_reason, appealed_at
        """

    public static func insertItem(_ conn: Connection, _ item: ItemRow) throws {
        try conn.run("""
            INSERT INTO moderation_items (\(itemColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(item.id), .text(item.kind.rawValue), .text(item.state.rawValue), .text(item.subjectMemberID), optional(item.postID),
             optional(item.threadID), optional(item.label), optional(item.field), optional(item.text),
             .text(item.ruleIDs.joined(separator: ",")), .integer(Int64(item.createdAt)), optional(item.appealReason),
             item.appealedAt.map { .integer(Int64($0)) } ?? .null])
    }

    public static func item(_ conn: Connection, id: String) throws -> ItemRow? {
        try conn.queryOne("SELECT \(itemColumns) FROM moderation_items WHERE id = ?", [.text(id)]).map(item)
    }

    public static func itemForPost(_ conn: Connection, postID: String) throws -> ItemRow? {
        try conn.queryOne("SELECT \(itemColumns) FROM moderation_items WHERE post_id = ?", [.text(postID)]).map(item)
    }

    /// Items in `states` (all when nil), oldest first, at most `limit`.
    public static func items(_ conn: Connection, states: [State]?, subjectMemberID: String? = nil, limit: Int = 500) throws -> [ItemRow] {
        var conditions: [String] = []
        var values: [DatabaseValue] = []
        if let states {
            conditions.append("state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            values += states.map { .text($0.rawValue) }
        }
        if let subjectMemberID {
            conditions.append("subject_member_id = ?")
            values.append(.text(subjectMemberID))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try conn.query("SELECT \(itemColumns) FROM moderation_items \(filter) ORDER BY created_at, id LIMIT ?",
                              values + [.integer(Int64(limit))]).map(item)
    }

    public static func setState(_ conn: Connection, itemID: String, _ state: State) throws {
        try conn.run("UPDATE moderation_items SET state = ? WHERE id = ?", [.text(state.rawValue), .text(itemID)])
    }

    /// Records the subject's one appeal; false when the item was appealed already.
    public static func appeal(_ conn: Connection, itemID: String, reason: String, at: UInt64) throws -> Bool {
        try conn.run("""
            UPDATE moderation_items SET state = 'appealed', appeal_reason = ?, appealed_at = ?
            WHERE id = ? AND state = 'decided' AND appealed_at IS NULL
            """, [.text(reason), .integer(Int64(at)), .text(itemID)])
        return conn.changes == 1
    }

    static func item(_ r: Row) throws -> ItemRow {
        guard let kind = Kind(rawValue: try r.string(at: 1)), let state = State(rawValue: try r.string(at: 2)) else {
            throw StoreError.unexpectedValue(table: "moderation_items", column: "kind or state")
        }
        let rules = try r.string(at: 9)
        return ItemRow(id: try r.string(at: 0), kind: kind, state: state, subjectMemberID: try r.string(at: 3), postID: try r.optionalString(at: 4),
                       threadID: try r.optionalString(at: 5), label: try r.optionalString(at: 6), field: try r.optionalString(at: 7),
                       text: try r.optionalString(at: 8), ruleIDs: rules.isEmpty ? [] : rules.split(separator: ",").map(String.init),
                       createdAt: UInt64(try r.int64(at: 10)), appealReason: try r.optionalString(at: 11),
                       appealedAt: try r.optionalInt64(at: 12).map(UInt64.init))
    }

    // MARK: reports

    static let reportColumns = """
        id, item_id, post_id, reporter_id, reporter_cert_hash, nonce, ciphertext, key_wraps, signature, digest, received_at
        """

    public static func insertReport(_ conn: Connection, _ report: ReportRow) throws {
        try conn.run("INSERT INTO reports (\(reportColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [.text(report.id), .text(report.itemID), .text(report.postID), .text(report.reporterID), .blob(report.reporterCertHash),
                      .blob(report.nonce), .blob(report.ciphertext), .text(report.keyWraps), .blob(report.signature), .blob(report.digest),
                      .integer(Int64(report.receivedAt))])
    }

    public static func report(_ conn: Connection, id: String) throws -> ReportRow? {
        try conn.queryOne("SELECT \(reportColumns) FROM reports WHERE id = ?", [.text(id)]).map(report)
    }

    public static func report(_ conn: Connection, postID: String, reporterID: String) throws -> ReportRow? {
        try conn.queryOne("SELECT \(reportColumns) FROM reports WHERE post_id = ? AND reporter_id = ?",
                          [.text(postID), .text(reporterID)]).map(report)
    }

    public static func reports(_ conn: Connection, itemID: String) throws -> [ReportRow] {
        try conn.query("SELECT \(reportColumns) FROM reports WHERE item_id = ? ORDER BY received_at, id", [.text(itemID)]).map(report)
    }

    public static func reportCount(_ conn: Connection, itemID: String) throws -> Int {
        Int(try conn.queryOne("SELECT count(*) FROM reports WHERE item_id = ?", [.text(itemID)])?.int64(at: 0) ?? 0)
    }

    static func report(_ r: Row) throws -> ReportRow {
        ReportRow(id: try r.string(at: 0), itemID: try r.string(at: 1), postID: try r.string(at: 2), reporterID: try r.string(at: 3),
                  reporterCertHash: try r.blob(at: 4), nonce: try r.blob(at: 5), ciphertext: try r.blob(at: 6), keyWraps: try r.string(at: 7),
                  signature: try r.blob(at: 8), digest: try r.blob(at: 9), receivedAt: UInt64(try r.int64(at: 10)))
    }

    // MARK: decisions

    static let decisionColumns = """
        item_id, subject_id, decision, reason, moderator_id, moderator_cert_hash, signature, decided_at, on_appeal
        """

    public static func insertDecision(_ conn: Connection, _ d: DecisionRow) throws {
        try conn.run("INSERT INTO decisions (\(decisionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [.text(d.itemID), .text(d.subjectID), .text(d.decision), .text(d.reason), .text(d.moderatorID), .blob(d.moderatorCertHash),
                      .blob(d.signature), .integer(Int64(d.decidedAt)), .integer(d.onAppeal ? 1 : 0)])
    }

    public static func decisions(_ conn: Connection, itemID: String) throws -> [DecisionRow] {
        try conn.query("SELECT \(decisionColumns) FROM decisions WHERE item_id = ? ORDER BY id", [.text(itemID)]).map(decision)
    }

    /// The decision that removed `postID` (the newest `remove` or `warn`).
    public static func removal(_ conn: Connection, postID: String) throws -> DecisionRow? {
        try conn.queryOne("""
            SELECT \(decisionColumns) FROM decisions
            WHERE subject_id = ? AND decision IN ('remove', 'warn') ORDER BY id DESC LIMIT 1
            """, [.text(postID)]).map(decision)
    }

    static func decision(_ r: Row) throws -> DecisionRow {
        DecisionRow(itemID: try r.string(at: 0), subjectID: try r.string(at: 1), decision: try r.string(at: 2), reason: try r.string(at: 3),
                    moderatorID: try r.string(at: 4), moderatorCertHash: try r.blob(at: 5), signature: try r.blob(at: 6),
                    decidedAt: UInt64(try r.int64(at: 7)), onAppeal: try r.int64(at: 8) != 0)
    }

    /// Warnings of `memberID` since `since` (seconds).
    public static func warningCount(_ conn: Connection, memberID: String, since: UInt64) throws -> Int {
        Int(try conn.queryOne("SELECT count(*) FROM warnings WHERE member_id = ? AND created_at >= ?",
                              [.text(memberID), .integer(Int64(since))])?.int64(at: 0) ?? 0)
    }

    /// True when `memberID` has an open or appealed suspension proposal.
    public static func hasPendingProposal(_ conn: Connection, memberID: String) throws -> Bool {
        try conn.queryOne("""
            SELECT 1 FROM moderation_items WHERE kind = 'suspension-proposal' AND subject_member_id = ? AND state IN ('open', 'appealed')
            """, [.text(memberID)]) != nil
    }

    private static func optional(_ value: String?) -> DatabaseValue { value.map { .text($0) } ?? .null }
}
