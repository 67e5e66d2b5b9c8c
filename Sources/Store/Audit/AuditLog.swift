import Core
import Crypto
import Platform

/// The audit log: an append-only table whose rows are chained with a keyed
/// hash, so that a changed, deleted, inserted or reordered row breaks the
/// chain, and a truncated tail is caught against a signed checkpoint.
///
///     mac(n) = BLAKE2b(key, mac(n-1) ‖ frame("trustforum/audit/v1", seq, at_ms,
///                                           actor_id, action, subject_id, detail))
///
/// with `mac(0)` = 32 zero bytes and the key in a 0600 file outside the
/// database (`KeyFile.Kind.auditMAC`). Rows are appended inside the write
/// transaction of the action they record, so the action and its row commit
/// together or not at all.
///
///     try db.write { conn in
///         … the action …
///         try AuditLog.append(conn, key: key, actor: AuditField.system, action: .communityInit, subject: id)
///     }
public enum AuditLog {
    public static let macLength = 32
    static let genesis = [UInt8](repeating: 0, count: macLength)

    public enum AuditError: Error, Equatable, CustomStringConvertible {
        case invalidField(String)

        public var description: String {
            switch self {
            case .invalidField(let field): "audit row refused: \(field) must hold ids and codes only"
            }
        }
    }

    /// Appends one row in the caller's transaction and returns it.
    @discardableResult
    public static func append(_ conn: Connection, key: SecureBytes, actor: String, action: AuditAction,
                              subject: String = "", detail: String = "",
                              at: UInt64 = WallClock.milliseconds) throws -> AuditEntry {
        try append(conn, key: key, actor: actor, code: action.rawValue, subject: subject, detail: detail, at: at)
    }

    /// Appends a row with an action code not (yet) in `AuditAction`.
    @discardableResult
    public static func append(_ conn: Connection, key: SecureBytes, actor: String, code: String,
                              subject: String = "", detail: String = "",
                              at: UInt64 = WallClock.milliseconds) throws -> AuditEntry {
        guard AuditField.isValidID(actor) else { throw AuditError.invalidField("actor_id") }
        guard AuditField.isValidID(subject) else { throw AuditError.invalidField("subject_id") }
        guard AuditAction.isWellFormed(code) else { throw AuditError.invalidField("action") }
        guard AuditField.isValidDetail(detail) else { throw AuditError.invalidField("detail") }
        guard at <= UInt64(Int64.max) else { throw AuditError.invalidField("at_ms") }
        let last = try conn.queryOne("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")
        let seq = (try last?.int64(at: 0) ?? 0) + 1
        let previous = try last?.blob(at: 1) ?? genesis
        var entry = AuditEntry(seq: UInt64(seq), atMilliseconds: at, actor: actor, action: code, subject: subject, detail: detail, mac: [])
        entry.mac = mac(of: entry, previous: previous, key: key)
        try conn.run("INSERT INTO audit_log (seq, at_ms, actor_id, action, subject_id, detail, mac) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [.integer(seq), .integer(Int64(at)), .text(actor), .text(code), .text(subject), .text(detail), .blob(entry.mac)])
        return entry
    }

    /// The chain's MAC of `entry` after `previous`.
    static func mac(of entry: AuditEntry, previous: [UInt8], key: SecureBytes) -> [UInt8] {
        let canonical = Frame.frame(context: "trustforum/audit/v1", [
            .u64(entry.seq), .u64(entry.atMilliseconds), .string(entry.actor), .string(entry.action),
            .string(entry.subject), .string(entry.detail),
        ])
        return key.withUnsafeBytes { GenericHash.hash(previous + canonical, key: Array($0)) }
    }

    /// The last row's `(seq, mac)`, or `(0, zeros)` for an empty log.
    public static func head(_ conn: Connection) throws -> (seq: UInt64, mac: [UInt8]) {
        guard let row = try conn.queryOne("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1") else {
            return (0, genesis)
        }
        return (UInt64(try row.int64(at: 0)), try row.blob(at: 1))
    }

    static let selectRows = "SELECT seq, at_ms, actor_id, action, subject_id, detail, mac FROM audit_log"

    /// Reads every row in seq order.
    public static func entries(_ conn: Connection) throws -> [AuditEntry] {
        try conn.query(selectRows + " ORDER BY seq").map(entry)
    }

    /// A row of `selectRows`; throws when a column holds another storage
    /// class than `append` writes (which only an edit of the file can cause).
    static func entry(_ row: Row) throws(ColumnReadError) -> AuditEntry {
        AuditEntry(seq: UInt64(bitPattern: try row.int64(at: 0)), atMilliseconds: UInt64(bitPattern: try row.int64(at: 1)),
                   actor: try row.string(at: 2), action: try row.string(at: 3), subject: try row.string(at: 4),
                   detail: try row.string(at: 5), mac: try row.blob(at: 6))
    }

    /// Recomputes the chain and, when given, checks it against a checkpoint.
    /// The result names the first bad row.
    public static func verify(_ conn: Connection, key: SecureBytes, checkpoint: AuditCheckpoint? = nil) throws -> AuditVerification {
        var previous = genesis
        var expected: UInt64 = 1
        var count = 0
        var checkpointMAC: [UInt8]?
        for row in try conn.query(selectRows + " ORDER BY seq") {
            // seq is the rowid: always an integer.
            let seq = UInt64(bitPattern: try row.int64(at: 0))
            if seq != expected {
                let problem: AuditVerification.Problem = seq > expected
                    ? .missing(seq: expected)
                    : .outOfOrder(seq: seq)
                return AuditVerification(rows: count, lastSeq: expected - 1, problem: problem)
            }
            // A column of another type (an edit of the file, e.g. at_ms set
            // to text) is a changed row like any other, named, not an error.
            guard let entry = try? self.entry(row),
                  ConstantTime.equals(mac(of: entry, previous: previous, key: key), entry.mac)
            else {
                return AuditVerification(rows: count, lastSeq: expected - 1, problem: .macMismatch(seq: seq))
            }
            if let checkpoint, checkpoint.seq == entry.seq { checkpointMAC = entry.mac }
            previous = entry.mac
            expected += 1
            count += 1
        }
        let last = expected - 1
        if let checkpoint {
            if checkpoint.seq > last {
                return AuditVerification(rows: count, lastSeq: last, problem: .truncated(checkpointSeq: checkpoint.seq, lastSeq: last))
            }
            if let checkpointMAC, !ConstantTime.equals(checkpointMAC, checkpoint.mac) {
                return AuditVerification(rows: count, lastSeq: last, problem: .differsFromCheckpoint(seq: checkpoint.seq))
            }
        }
        return AuditVerification(rows: count, lastSeq: last, problem: nil)
    }
}

/// One row of the audit log.
public struct AuditEntry: Sendable, Equatable {
    public let seq: UInt64
    public let atMilliseconds: UInt64
    public let actor: String
    public let action: String
    public let subject: String
    public let detail: String
    public var mac: [UInt8]
}

/// The outcome of `AuditLog.verify`.
public struct AuditVerification: Sendable, Equatable {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The row's MAC does not follow from its content and its predecessor:
        /// it was changed, inserted, or rows around it were reordered.
        case macMismatch(seq: UInt64)
        /// A seq is missing: a row was deleted.
        case missing(seq: UInt64)
        /// A seq appears out of order or twice.
        case outOfOrder(seq: UInt64)
        /// The log ends before the checkpoint's row: rows were truncated.
        case truncated(checkpointSeq: UInt64, lastSeq: UInt64)
        /// The chain is whole but its row at the checkpoint differs: the log
        /// was rewritten (by someone holding the key).
        case differsFromCheckpoint(seq: UInt64)

        public var description: String {
            switch self {
            case .macMismatch(let seq): "row \(seq): its MAC does not match (changed, inserted or reordered)"
            case .missing(let seq): "row \(seq): missing (deleted)"
            case .outOfOrder(let seq): "row \(seq): out of order or duplicated"
            case .truncated(let checkpointSeq, let lastSeq):
                "row \(lastSeq + 1): missing; the log ends at \(lastSeq) but the checkpoint names row \(checkpointSeq) (truncated)"
            case .differsFromCheckpoint(let seq): "row \(seq): differs from the checkpoint (the log was rewritten)"
            }
        }

        /// The first bad row.
        public var seq: UInt64 {
            switch self {
            case .macMismatch(let seq), .missing(let seq), .outOfOrder(let seq), .differsFromCheckpoint(let seq): seq
            case .truncated(_, let lastSeq): lastSeq + 1
            }
        }
    }

    /// Rows that verified before the first problem.
    public let rows: Int
    /// The last good seq.
    public let lastSeq: UInt64
    public let problem: Problem?

    public var isIntact: Bool { problem == nil }
}

extension AuditLog {
    /// True when `key` reproduces the MAC of the log's last row from the row
    /// before it: a cheap start-up check that the server has the right key
    /// (an empty log matches any key).
    public static func headMatches(_ conn: Connection, key: SecureBytes) throws -> Bool {
        let rows = try conn.query(selectRows + " ORDER BY seq DESC LIMIT 2")
        guard let last = rows.first else { return true }
        // A column of another type than `append` writes cannot match.
        guard let entry = try? self.entry(last) else { return false }
        let previous: [UInt8]
        if rows.count > 1 {
            guard let blob = try? rows[1].blob(at: 6) else { return false }
            previous = blob
        } else {
            previous = genesis
        }
        return ConstantTime.equals(mac(of: entry, previous: previous, key: key), entry.mac)
    }
}
