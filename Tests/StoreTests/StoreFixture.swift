import Core
import Crypto
import Foundation
import Platform
@testable import Store

/// The community id the fixtures create.
let fixtureCommunity = "0b9f5c1e-6a1d-4f3e-9c2b-7d4e5f6a7b8c"

/// A random lower-case UUID, as the protocol's ids are.
func randomID() -> String { Identifier.uuid(fromRandom: Random.bytes(16)) }

/// Runs `body` with a migrated store holding the community, in a fresh
/// directory removed afterwards: the maintenance connection, the database
/// path and the directory.
func withStore<T>(_ body: (Connection, String, String) throws -> T) throws -> T {
    try withTemporaryDirectory { dir in
        let path = dir + "/trustforum.sqlite3"
        let conn = try Database.openForMaintenance(path: path)
        defer { conn.close() }
        try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
        try Community.create(conn, id: fixtureCommunity, createdAt: 1_700_000_000)
        return try body(conn, path, dir)
    }
}

/// Appends `count` rows with distinct contents (fixed times, so that rows
/// differ by more than their seq) and returns them.
@discardableResult
func appendRows(_ conn: Connection, key: SecureBytes, count: Int, from first: UInt64 = 1) throws -> [AuditEntry] {
    try (0..<UInt64(count)).map { i in
        try AuditLog.append(conn, key: key, actor: i % 2 == 0 ? AuditField.system : randomID(), code: "test.probe",
                            subject: randomID(), detail: "n=\(first + i)", at: 1_700_000_000_000 + (first + i) * 1_000)
    }
}

/// Acts as someone who edits the database file with their own SQLite: a
/// separate connection on which the append-only triggers are dropped first.
func tamper(_ path: String, _ sql: String) throws {
    let raw = try Connection(path: path)
    defer { raw.close() }
    try raw.execute("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;")
    try raw.execute(sql)
}
