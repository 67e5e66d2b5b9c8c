#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import Crypto
import Foundation
import Platform

/// Online, encrypted backups and their restore.
///
/// `create` copies the live database with SQLite's online backup API
/// (`sqlite3_backup_step(-1)`: one read transaction, so a consistent
/// snapshot while the server keeps writing), then streams the copy through
/// `crypto_secretstream` under a fresh key sealed to the operator's public
/// key. Only the operator's secret key opens it; the server never holds it.
///
///     try Backup.create(databasePath: db, to: "/backups/tf.backup", recipient: operatorKey, communityID: id)
///     try Backup.restore(from: "/backups/tf.backup", secretKey: operatorSecret, to: db)
public enum Backup {
    /// Writes an encrypted backup of `databasePath` to `output` (which must
    /// not exist). The plaintext copy lives only in `databasePath`'s
    /// directory (0600, as private as the database itself) while it is
    /// encrypted, and is removed afterwards.
    @discardableResult
    public static func create(databasePath: String, to output: String, recipient: BoxPublicKey,
                              communityID: String) throws -> BackupMetadata {
        let directory = Files.directoryName(databasePath)
        let snapshot = Files.join(directory, ".backup-\(getpid())-\(Hex.encode(Random.bytes(6))).sqlite3")
        defer {
            for file in [snapshot, snapshot + "-journal", snapshot + "-wal", snapshot + "-shm"] { Files.remove(file) }
        }
        let schemaVersion = try copyOnline(from: databasePath, to: snapshot)
        let partial = output + ".partial"
        Files.remove(partial)
        do {
            let metadata = BackupMetadata(communityID: communityID, createdAt: WallClock.seconds, schemaVersion: schemaVersion,
                                          databaseBytes: UInt64(fileSize(snapshot)))
            try encrypt(snapshot, to: partial, recipient: recipient, metadata: metadata)
            // link() never replaces an existing file, unlike rename().
            guard link(partial, output) == 0 else {
                let error = SystemError.current("link")
                if error.code == EEXIST { throw BackupError.io("\(output) exists already; refusing to overwrite it") }
                throw BackupError.io("cannot move the backup into place: \(error)")
            }
            Files.remove(partial)
            Files.syncDirectory(Files.directoryName(output))
            return metadata
        } catch {
            Files.remove(partial)
            throw error
        }
    }

    /// The online copy; returns the highest applied migration.
    private static func copyOnline(from source: String, to destination: String) throws -> Int {
        let sourceConnection = try Connection(path: source, configuration: .init(mode: .readOnly))
        defer { sourceConnection.close() }
        let fd = open(destination, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BackupError.io("cannot create a snapshot file: \(SystemError.current("open"))") }
        close(fd)
        var dest: OpaquePointer?
        var rc = sqlite3_open_v2(destination, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, nil)
        guard rc == SQLITE_OK, let dest else {
            sqlite3_close_v2(dest)
            throw BackupError.io("cannot open the snapshot file (SQLite \(rc))")
        }
        defer { sqlite3_close_v2(dest) }
        guard let backup = sqlite3_backup_init(dest, "main", sourceConnection.db, "main") else {
            throw BackupError.io("cannot start the online backup (SQLite \(sqlite3_extended_errcode(dest)))")
        }
        var attempts = 0
        repeat {
            rc = sqlite3_backup_step(backup, -1)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                attempts += 1
                if attempts > 200 { break }
                usleep(25_000)
            }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw BackupError.io("the online backup failed (SQLite \(rc))")
        }
        let version = try sourceConnection.queryOne("SELECT coalesce(max(version), 0) FROM schema_migrations")?.int64(at: 0) ?? 0
        return Int(version)
    }

    private static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    private static func encrypt(_ plain: String, to output: String, recipient: BoxPublicKey, metadata: BackupMetadata) throws {
        let key = SecretStreamKey()
        let sealedKey = try SealedBox.seal(key.secureBytes, to: recipient)
        let ad = BackupFormat.additionalData(sealedKey: sealedKey)
        let pusher = SecretStream.Pusher(key: key)
        let out = try RawFile(creating: output)
        try out.write(BackupFormat.magic + BackupFormat.u32(sealedKey.count) + sealedKey + pusher.header)
        func record(_ chunk: [UInt8], final: Bool) throws {
            let sealed = try pusher.push(chunk, final: final, additionalData: ad)
            try out.write(BackupFormat.u32(sealed.count) + sealed)
        }
        try record(Array(metadataJSON(metadata).utf8), final: false)
        let input = try RawFile(reading: plain)
        var chunk = try input.read(BackupFormat.chunkSize)
        while true {
            let next = chunk.count == BackupFormat.chunkSize ? try input.read(BackupFormat.chunkSize) : []
            let final = next.isEmpty
            try record(chunk, final: final)
            if final { break }
            chunk = next
        }
        try out.sync()
    }

    private static func metadataJSON(_ m: BackupMetadata) -> String {
        "{\"community_id\":\"\(m.communityID)\",\"created_at\":\(m.createdAt),\"schema_version\":\(m.schemaVersion),\"database_bytes\":\(m.databaseBytes)}"
    }

    private static func parseMetadata(_ bytes: [UInt8]) throws(BackupError) -> BackupMetadata {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let community = object["community_id"] as? String,
              let created = (object["created_at"] as? NSNumber)?.uint64Value,
              let schema = (object["schema_version"] as? NSNumber)?.intValue,
              let size = (object["database_bytes"] as? NSNumber)?.uint64Value
        else { throw .corrupt("metadata") }
        return BackupMetadata(communityID: community, createdAt: created, schemaVersion: schema, databaseBytes: size)
    }

    /// Decrypts `input` with the operator's secret key and checks it: the
    /// stream's authentication and FINAL record, SQLite's integrity check,
    /// and the migrations against this binary's. Only then does the copy
    /// replace `databasePath` (and its -wal/-shm). The caller makes sure no
    /// server is running on it.
    @discardableResult
    ///
    /// `check` runs on the decrypted copy before it replaces anything (the
    /// caller verifies the audit chain there): a backup sealed to the
    /// operator's public key by someone else cannot carry a chain that
    /// verifies under the installation's secret audit key.
    public static func restore(from input: String, secretKey: BoxSecretKey, to databasePath: String,
                               migrations: [Migration] = EmbeddedMigrations.all,
                               check: (Connection, BackupMetadata) throws -> Void = { _, _ in }) throws -> BackupMetadata {
        let restored = databasePath + ".restore-\(getpid())"
        let workFiles = [restored, restored + "-journal", restored + "-wal", restored + "-shm"]
        // A restore killed earlier (with the same pid, as in a container)
        // may have left these: SQLite would replay a stale -wal or -journal
        // onto the decrypted copy, so they go before it is written.
        for file in workFiles { Files.remove(file) }
        defer {
            for file in workFiles { Files.remove(file) }
        }
        let metadata = try decrypt(input, with: secretKey, to: restored)
        let connection = try Connection(path: restored, configuration: .init(mode: .readWrite))
        do {
            let problems = try connection.query("PRAGMA integrity_check").map { try $0.string(at: 0) }
            guard problems == ["ok"] else { throw BackupError.integrity(problems) }
            let status = try MigrationRunner.status(migrations, in: connection)
            if let first = status.problems.first { throw BackupError.schema(String(describing: first)) }
            guard !status.applied.isEmpty else { throw BackupError.schema("it records no migrations") }
            guard try Community.id(connection) == metadata.communityID else {
                throw BackupError.corrupt("the database's community is not the one the backup names")
            }
            try check(connection, metadata)
            _ = try connection.checkpoint(.truncate)
            connection.close()
        } catch {
            connection.close()
            throw error
        }
        for companion in [databasePath + "-wal", databasePath + "-shm", databasePath] { Files.remove(companion) }
        guard rename(restored, databasePath) == 0 else {
            throw BackupError.io("cannot move the restored database into place: \(SystemError.current("rename"))")
        }
        Files.syncDirectory(Files.directoryName(databasePath))
        return metadata
    }

    /// Reads the backup's header and metadata only (for `restore --dry-run`
    /// and checks), authenticating what it reads.
    public static func inspect(_ input: String, secretKey: BoxSecretKey) throws -> BackupMetadata {
        let file = try RawFile(reading: input)
        let (puller, ad) = try openHeader(file, secretKey)
        return try parseMetadata(try pullRecord(file, puller, ad).bytes)
    }

    private static func openHeader(_ file: RawFile, _ secretKey: BoxSecretKey) throws -> (SecretStream.Puller, [UInt8]) {
        guard try file.read(BackupFormat.magic.count) == BackupFormat.magic else { throw BackupError.notABackup }
        let lengthBytes = try file.read(4)
        guard lengthBytes.count == 4 else { throw BackupError.truncated }
        let length = BackupFormat.readU32(lengthBytes)
        guard length > 0, length <= BackupFormat.maxSealedKey else { throw BackupError.corrupt("key record") }
        let sealedKey = try file.read(length)
        guard sealedKey.count == length else { throw BackupError.truncated }
        let header = try file.read(SecretStream.headerByteCount)
        guard header.count == SecretStream.headerByteCount else { throw BackupError.truncated }
        let keyBytes: SecureBytes
        do {
            keyBytes = try SealedBox.open(sealedKey, with: secretKey)
        } catch {
            throw BackupError.wrongKey
        }
        let puller = try SecretStream.Puller(key: try SecretStreamKey(keyBytes), header: header)
        return (puller, BackupFormat.additionalData(sealedKey: sealedKey))
    }

    private static func pullRecord(_ file: RawFile, _ puller: SecretStream.Puller, _ ad: [UInt8]) throws -> (bytes: [UInt8], isFinal: Bool) {
        let lengthBytes = try file.read(4)
        guard lengthBytes.count == 4 else { throw BackupError.truncated }
        let length = BackupFormat.readU32(lengthBytes)
        guard length >= SecretStream.chunkOverhead, length <= BackupFormat.maxRecord else { throw BackupError.corrupt("record length") }
        let sealed = try file.read(length)
        guard sealed.count == length else { throw BackupError.truncated }
        do {
            return try puller.pull(sealed, additionalData: ad)
        } catch {
            throw BackupError.corrupt("a record fails authentication")
        }
    }

    private static func decrypt(_ input: String, with secretKey: BoxSecretKey, to output: String) throws -> BackupMetadata {
        let file = try RawFile(reading: input)
        let (puller, ad) = try openHeader(file, secretKey)
        let first = try pullRecord(file, puller, ad)
        guard !first.isFinal else { throw BackupError.corrupt("no database records") }
        let metadata = try parseMetadata(first.bytes)
        let out = try RawFile(creating: output)
        var written: UInt64 = 0
        while true {
            let record = try pullRecord(file, puller, ad)
            try out.write(record.bytes)
            written += UInt64(record.bytes.count)
            if record.isFinal { break }
        }
        guard try file.read(1).isEmpty else { throw BackupError.corrupt("data after the final record") }
        guard written == metadata.databaseBytes else { throw BackupError.corrupt("database size") }
        try out.sync()
        return metadata
    }
}
