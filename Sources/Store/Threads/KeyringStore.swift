/// Keyrings, their membership logs, epochs and wraps (tables `keyrings`,
/// `keyring_log`, `epochs`, `wraps`). Whether a row may be written is
/// decided above the store (Protocol's `KeyringLog`, the API's checks).
///
///     try KeyringStore.appendEntry(conn, row)
///     try KeyringStore.setState(conn, id: keyringID, currentEpoch: 2, rotationRequired: false)
public enum KeyringStore {
    /// One keyring: kind `default`, `circle` or `thread`.
    public struct KeyringRow: Sendable, Equatable {
        public let id: String
        public let kind: String
        public let circleID: String
        public let threadID: String?
        public let currentEpoch: UInt64
        public let rotationRequired: Bool
        public let createdAt: UInt64

        public init(id: String, kind: String, circleID: String, threadID: String?, currentEpoch: UInt64 = 0,
                    rotationRequired: Bool = false, createdAt: UInt64) {
            self.id = id
            self.kind = kind
            self.circleID = circleID
            self.threadID = threadID
            self.currentEpoch = currentEpoch
            self.rotationRequired = rotationRequired
            self.createdAt = createdAt
        }
    }

    /// One membership-log entry with where it was appended (the community
    /// log's last seq then, and the order among all keyring events).
    public struct EntryRow: Sendable, Equatable {
        public let keyringID: String
        public let seq: UInt64
        public let action: String
        public let memberID: String
        public let memberCertHash: [UInt8]
        public let prevHash: [UInt8]
        public let actorID: String
        public let signature: [UInt8]
        public let entryHash: [UInt8]
        public let communitySeq: UInt64
        public let eventOrder: UInt64
        public let createdAt: UInt64

        public init(keyringID: String, seq: UInt64, action: String, memberID: String, memberCertHash: [UInt8], prevHash: [UInt8],
                    actorID: String, signature: [UInt8], entryHash: [UInt8], communitySeq: UInt64, eventOrder: UInt64, createdAt: UInt64) {
            self.keyringID = keyringID
            self.seq = seq
            self.action = action
            self.memberID = memberID
            self.memberCertHash = memberCertHash
            self.prevHash = prevHash
            self.actorID = actorID
            self.signature = signature
            self.entryHash = entryHash
            self.communitySeq = communitySeq
            self.eventOrder = eventOrder
            self.createdAt = createdAt
        }
    }

    /// One epoch: its key check and its creator's signature.
    public struct EpochRow: Sendable, Equatable {
        public let keyringID: String
        public let epoch: UInt64
        public let keyCheck: [UInt8]
        public let logSeq: UInt64
        public let logHead: [UInt8]
        public let creatorID: String
        public let signature: [UInt8]
        public let createdAt: UInt64

        public init(keyringID: String, epoch: UInt64, keyCheck: [UInt8], logSeq: UInt64, logHead: [UInt8], creatorID: String,
                    signature: [UInt8], createdAt: UInt64) {
            self.keyringID = keyringID
            self.epoch = epoch
            self.keyCheck = keyCheck
            self.logSeq = logSeq
            self.logHead = logHead
            self.creatorID = creatorID
            self.signature = signature
            self.createdAt = createdAt
        }
    }

    /// One wrap: an epoch key sealed to one holder.
    public struct WrapRow: Sendable, Equatable {
        public let keyringID: String
        public let epoch: UInt64
        public let recipientID: String
        public let recipientCertHash: [UInt8]
        public let sealed: [UInt8]
        public let wrapperID: String
        public let signature: [UInt8]

        public init(keyringID: String, epoch: UInt64, recipientID: String, recipientCertHash: [UInt8], sealed: [UInt8],
                    wrapperID: String, signature: [UInt8]) {
            self.keyringID = keyringID
            self.epoch = epoch
            self.recipientID = recipientID
            self.recipientCertHash = recipientCertHash
            self.sealed = sealed
            self.wrapperID = wrapperID
            self.signature = signature
        }
    }

    // MARK: keyrings

    public static func insertKeyring(_ conn: Connection, _ row: KeyringRow) throws {
        try conn.run("INSERT INTO keyrings (id, kind, circle_id, thread_id, current_epoch, rotation_required, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [.text(row.id), .text(row.kind), .text(row.circleID), DatabaseValue(row.threadID), .integer(Int64(row.currentEpoch)),
                      .integer(row.rotationRequired ? 1 : 0), .integer(Int64(row.createdAt))])
    }

    /// Inserts the keyring unless one with its id exists (the default keyring at start-up).
    public static func insertKeyringIfMissing(_ conn: Connection, _ row: KeyringRow) throws {
        guard try conn.queryOne("SELECT 1 FROM keyrings WHERE id = ?", [.text(row.id)]) == nil else { return }
        try insertKeyring(conn, row)
    }

    public static func keyrings(_ conn: Connection) throws -> [KeyringRow] {
        try conn.query("SELECT id, kind, circle_id, thread_id, current_epoch, rotation_required, created_at FROM keyrings").map { r in
            KeyringRow(id: try r.string(at: 0), kind: try r.string(at: 1), circleID: try r.string(at: 2), threadID: try r.optionalString(at: 3),
                       currentEpoch: UInt64(try r.int64(at: 4)), rotationRequired: try r.int64(at: 5) != 0, createdAt: UInt64(try r.int64(at: 6)))
        }
    }

    /// The epoch and rotation flag as committed (the post path re-checks them
    /// inside its write job, so that a rotation racing a post wins).
    public static func state(_ conn: Connection, id: String) throws -> (currentEpoch: UInt64, rotationRequired: Bool)? {
        guard let r = try conn.queryOne("SELECT current_epoch, rotation_required FROM keyrings WHERE id = ?", [.text(id)]) else { return nil }
        return (UInt64(try r.int64(at: 0)), try r.int64(at: 1) != 0)
    }

    public static func setState(_ conn: Connection, id: String, currentEpoch: UInt64, rotationRequired: Bool) throws {
        try conn.run("UPDATE keyrings SET current_epoch = ?, rotation_required = ? WHERE id = ?",
                     [.integer(Int64(currentEpoch)), .integer(rotationRequired ? 1 : 0), .text(id)])
    }

    public static func setRotationRequired(_ conn: Connection, ids: [String]) throws {
        for id in ids { try conn.run("UPDATE keyrings SET rotation_required = 1 WHERE id = ?", [.text(id)]) }
    }

    // MARK: membership logs

    public static func appendEntry(_ conn: Connection, _ row: EntryRow) throws {
        try conn.run("""
            INSERT INTO keyring_log (keyring_id, seq, action, member_id, member_cert_hash, prev_hash, actor_id, signature, entry_hash,
                                     community_seq, event_order, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(row.keyringID), .integer(Int64(row.seq)), .text(row.action), .text(row.memberID), .blob(row.memberCertHash),
             .blob(row.prevHash), .text(row.actorID), .blob(row.signature), .blob(row.entryHash), .integer(Int64(row.communitySeq)),
             .integer(Int64(row.eventOrder)), .integer(Int64(row.createdAt))])
    }

    static let entryColumns = """
        keyring_id, seq, action, member_id, member_cert_hash, prev_hash, actor_id, signature, entry_hash, community_seq, event_order, created_at
        """

    /// Every entry of every keyring, in the order they were appended.
    public static func allEntries(_ conn: Connection) throws -> [EntryRow] {
        try conn.query("SELECT \(entryColumns) FROM keyring_log ORDER BY event_order").map(entry)
    }

    /// One keyring's entries with `seq > after` (all when nil), in order.
    public static func entries(_ conn: Connection, keyringID: String, after: UInt64?, limit: Int) throws -> [EntryRow] {
        try conn.query("SELECT \(entryColumns) FROM keyring_log WHERE keyring_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                       [.text(keyringID), .integer(after.map { Int64($0) } ?? -1), .integer(Int64(limit))]).map(entry)
    }

    /// The largest event order used so far (keyring entries and thread records), 0 when none.
    public static func maxEventOrder(_ conn: Connection) throws -> UInt64 {
        let a = try conn.queryOne("SELECT MAX(event_order) FROM keyring_log")?.optionalInt64(at: 0) ?? 0
        let b = try conn.queryOne("SELECT MAX(event_order) FROM threads")?.optionalInt64(at: 0) ?? 0
        return UInt64(max(a, b, 0))
    }

    private static func entry(_ r: Row) throws -> EntryRow {
        EntryRow(keyringID: try r.string(at: 0), seq: UInt64(try r.int64(at: 1)), action: try r.string(at: 2), memberID: try r.string(at: 3),
                 memberCertHash: try r.blob(at: 4), prevHash: try r.blob(at: 5), actorID: try r.string(at: 6), signature: try r.blob(at: 7),
                 entryHash: try r.blob(at: 8), communitySeq: UInt64(try r.int64(at: 9)), eventOrder: UInt64(try r.int64(at: 10)),
                 createdAt: UInt64(try r.int64(at: 11)))
    }

    // MARK: epochs

    public static func insertEpoch(_ conn: Connection, _ row: EpochRow) throws {
        try conn.run("INSERT INTO epochs (keyring_id, epoch, key_check, log_seq, log_head, creator_id, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [.text(row.keyringID), .integer(Int64(row.epoch)), .blob(row.keyCheck), .integer(Int64(row.logSeq)), .blob(row.logHead),
                      .text(row.creatorID), .blob(row.signature), .integer(Int64(row.createdAt))])
    }

    /// Every epoch of every keyring, by keyring and number.
    public static func allEpochs(_ conn: Connection) throws -> [EpochRow] {
        try conn.query("SELECT keyring_id, epoch, key_check, log_seq, log_head, creator_id, signature, created_at FROM epochs ORDER BY keyring_id, epoch").map { r in
            EpochRow(keyringID: try r.string(at: 0), epoch: UInt64(try r.int64(at: 1)), keyCheck: try r.blob(at: 2), logSeq: UInt64(try r.int64(at: 3)),
                     logHead: try r.blob(at: 4), creatorID: try r.string(at: 5), signature: try r.blob(at: 6), createdAt: UInt64(try r.int64(at: 7)))
        }
    }

    // MARK: wraps

    /// Stores a wrap, replacing the one for the same epoch and recipient
    /// (which the caller allows only for a recipient with a new certificate).
    public static func putWrap(_ conn: Connection, _ row: WrapRow, at: UInt64) throws {
        try conn.run("DELETE FROM wraps WHERE keyring_id = ? AND epoch = ? AND recipient_id = ?",
                     [.text(row.keyringID), .integer(Int64(row.epoch)), .text(row.recipientID)])
        try conn.run("""
            INSERT INTO wraps (keyring_id, epoch, recipient_id, recipient_cert_hash, sealed, wrapper_id, signature, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(row.keyringID), .integer(Int64(row.epoch)), .text(row.recipientID), .blob(row.recipientCertHash), .blob(row.sealed),
             .text(row.wrapperID), .blob(row.signature), .integer(Int64(at))])
    }

    /// A recipient's wraps of one keyring, by epoch.
    public static func wraps(_ conn: Connection, keyringID: String, recipientID: String) throws -> [WrapRow] {
        try conn.query("""
            SELECT keyring_id, epoch, recipient_id, recipient_cert_hash, sealed, wrapper_id, signature FROM wraps
            WHERE keyring_id = ? AND recipient_id = ? ORDER BY epoch
            """, [.text(keyringID), .text(recipientID)]).map { r in
            WrapRow(keyringID: try r.string(at: 0), epoch: UInt64(try r.int64(at: 1)), recipientID: try r.string(at: 2),
                    recipientCertHash: try r.blob(at: 3), sealed: try r.blob(at: 4), wrapperID: try r.string(at: 5), signature: try r.blob(at: 6))
        }
    }
}
