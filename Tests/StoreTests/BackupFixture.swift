import Core
import Crypto
import Foundation
import Platform
@testable import Store

/// A string that is in the fixture database and must never be found in a
/// backup file.
let plaintextMarker = "TF-PLAINTEXT-MARKER-9c41e7d2"

/// Adds a table of assorted rows to a migrated store: text with the marker,
/// blobs of many sizes (one over `BackupFormat.chunkSize`, so the backup has
/// several database records), an empty blob, NULLs; and `auditRows` audit
/// rows under `key`.
func populate(_ conn: Connection, key: SecureBytes, auditRows: Int = 10) throws {
    try conn.transaction {
        try conn.execute("CREATE TABLE sample (id INTEGER PRIMARY KEY, label TEXT NOT NULL, data BLOB)")
        let big = Random.bytes(BackupFormat.chunkSize + 300_000) + Array(plaintextMarker.utf8) + Random.bytes(5_000)
        let values: [(String, DatabaseValue)] = [
            ("marker \(plaintextMarker)", .blob(Array(plaintextMarker.utf8))),
            ("big", .blob(big)),
            ("empty", .blob([])),
            ("null", .null),
            ("small", .blob(Random.bytes(100))),
            ("page", .blob(Random.bytes(4_096))),
            ("unicode ✓ ü", .blob([0, 1, 2, 0xff])),
        ]
        for (label, data) in values {
            try conn.run("INSERT INTO sample (label, data) VALUES (?, ?)", [.text(label), data])
        }
        try appendRows(conn, key: key, count: auditRows)
    }
}

/// Every table (but SQLite's own) and its rows in rowid order (a WITHOUT
/// ROWID table, such as FTS5's `_idx` shadow table, in the order of all its columns).
func dump(_ conn: Connection) throws -> [String: [Row]] {
    let tables = try conn.query("SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .map { (try $0.string(at: 0), try $0.string(at: 1)) }
    var out: [String: [Row]] = [:]
    for (table, sql) in tables {
        if sql.uppercased().contains("WITHOUT ROWID") {
            let count = try conn.query("SELECT * FROM pragma_table_info(?)", [.text(table)]).count
            out[table] = try conn.query("SELECT * FROM \"\(table)\" ORDER BY \((1...max(count, 1)).map(String.init).joined(separator: ", "))")
        } else {
            out[table] = try conn.query("SELECT * FROM \"\(table)\" ORDER BY rowid")
        }
    }
    return out
}

/// The tables that differ between two dumps (compared without printing
/// their rows, some of which are megabytes).
func differingTables(_ a: [String: [Row]], _ b: [String: [Row]]) -> [String] {
    Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
}

/// The file names in `dir`.
func fileNames(_ dir: String) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: dir))
}

/// True when `needle` occurs in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    let first = needle[0]
    var i = 0
    let last = haystack.count - needle.count
    while i <= last {
        if haystack[i] == first && Array(haystack[i..<i + needle.count]) == needle { return true }
        i += 1
    }
    return false
}

/// The layout of a backup file, read from its length fields: where the
/// records start, and the offset of each record (the last is FINAL).
struct BackupLayout {
    let sealedKeyOffset: Int
    let streamHeaderOffset: Int
    let records: [Int]

    init(_ bytes: [UInt8]) {
        let magic = BackupFormat.magic.count
        let keyLength = BackupFormat.readU32(Array(bytes[magic..<magic + 4]))
        sealedKeyOffset = magic + 4
        streamHeaderOffset = sealedKeyOffset + keyLength
        var offset = streamHeaderOffset + SecretStream.headerByteCount
        var records: [Int] = []
        while offset < bytes.count {
            records.append(offset)
            offset += 4 + BackupFormat.readU32(Array(bytes[offset..<offset + 4]))
        }
        self.records = records
    }
}

/// A migrated, populated store and an encrypted backup of it, in a fresh
/// directory removed afterwards.
struct BackupFixture {
    let dir: String
    let database: String
    let backup: String
    let operator_: BoxSecretKey
    let auditKey: SecureBytes
    let metadata: BackupMetadata

    /// The backup file's bytes.
    var bytes: [UInt8] { get throws { try Files.read(backup) } }

    static func with<T>(_ body: (BackupFixture) throws -> T) throws -> T {
        try withStore { conn, path, dir in
            let key = SecureBytes.random(count: 32)
            try populate(conn, key: key)
            _ = try conn.checkpoint(.truncate)
            let operatorKey = BoxSecretKey()
            let output = dir + "/trustforum.backup"
            let metadata = try Backup.create(databasePath: path, to: output, recipient: operatorKey.publicKey,
                                             communityID: fixtureCommunity)
            return try body(BackupFixture(dir: dir, database: path, backup: output, operator_: operatorKey,
                                          auditKey: key, metadata: metadata))
        }
    }

    /// Writes `bytes` to a new file in the directory and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        Files.remove(path)
        try Files.createExclusive(path, bytes)
        return path
    }
}
