import Args
import Core
import Crypto
import Platform
import Store

/// `trustforum backup` and `trustforum backup keygen`.
enum BackupCommand {
    static let keygen = Command(
        name: "keygen",
        abstract: "Make an operator's backup key pair.",
        discussion: """
            Writes FILE (the secret key, mode 0600) and FILE.pub (the public key). Give the public key to 'backup --recipient' on the server; keep the secret key off the server, where restores happen.
            """,
        options: [.value("out", valueName: "file", help: "Where to write the secret key.", required: true)],
        run: { parsed, io in
            let out = parsed.value("out")!
            let secret = BoxSecretKey()
            try KeyFile.create(out, kind: .backupSecret, key: secret.exportSeed())
            try KeyFile.create(out + ".pub", kind: .backupPublic, key: SecureBytes(secret.publicKey.bytes))
            io.print("secret key  \(out)")
            io.print("public key  \(out).pub")
            return ExitCode.success
        })

    static let command = Command(
        name: "backup",
        abstract: "Write an encrypted online backup of the store.",
        discussion: """
            Copies the store with SQLite's online backup API while the server keeps running, and encrypts the copy (crypto_secretstream under a fresh key sealed to the operator's public key). Only the operator's secret key opens it: see 'trustforum backup keygen' and 'trustforum restore'.

            The audit chain's key is not in the backup; keep it safe separately.
            """,
        options: Settings.baseOptions + [
            Settings.byKey["audit_key"]!.option,
            .value("to", valueName: "file", help: "The backup file to write (must not exist)."),
            .value("recipient", valueName: "file", help: "The operator's public key file (from 'backup keygen').",
                   env: "TRUSTFORUM_BACKUP_RECIPIENT"),
        ],
        subcommands: [keygen],
        run: run)

    static func run(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        guard let output = parsed.value("to") else { throw UsageError("Missing expected argument '--to <file>'") }
        guard let recipientPath = parsed.value("recipient") else {
            throw UsageError("Missing expected argument '--recipient <file>' (or set TRUSTFORUM_BACKUP_RECIPIENT)")
        }
        let context = try Maintenance(parsed, io, keys: ["audit_key"])
        try context.requireInitialised()
        let recipient = try BoxPublicKey(KeyFile.read(recipientPath, kind: .backupPublic).copyBytes())
        guard !Files.exists(output) else { throw CommandFailure("\(output) exists already; refusing to overwrite it") }
        let auditKey = try context.auditKey()
        let conn = try context.connection()
        defer { conn.close() }
        guard let communityID = try Community.id(conn) else { throw CommandFailure("the store has no community") }
        let metadata = try Backup.create(databasePath: context.directory.database, to: output, recipient: recipient, communityID: communityID)
        try conn.transaction {
            try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .backupCreated, subject: communityID,
                                detail: "schema=\(metadata.schemaVersion),bytes=\(metadata.databaseBytes)")
        }
        io.print("Wrote \(output) (\(metadata.databaseBytes) bytes of database, schema version \(metadata.schemaVersion))")
        return ExitCode.success
    }
}

/// `trustforum restore`.
enum RestoreCommand {
    static let command = Command(
        name: "restore",
        abstract: "Restore the store from an encrypted backup.",
        discussion: """
            Decrypts the backup with the operator's secret key, checks the stream's authentication and completeness, SQLite's integrity check, the migrations against this binary and, when the audit key is present, the audit chain; only then does it put the database in place. Refuses while a server runs on DIR, and refuses to replace an existing store without --force.
            """,
        options: Settings.baseOptions + [
            Settings.byKey["audit_key"]!.option,
            .value("from", valueName: "file", help: "The backup file.", required: true),
            .value("key", valueName: "file", help: "The operator's secret key file (from 'backup keygen').", required: true),
            .flag("force", help: "Replace an existing store."),
            .flag("force-unverified", help: "Restore even when the backup's audit chain does not verify with the audit key."),
        ],
        exitCodes: [(3, "Restored with --force-unverified, but the audit chain does not verify with this directory's audit key.")],
        run: run)

    static func run(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        let context = try Maintenance(parsed, io, keys: ["audit_key"])
        let directory = context.directory
        let secret = try BoxSecretKey(seed: KeyFile.read(parsed.value("key")!, kind: .backupSecret))
        try Files.makeDirectory(directory.path, mode: 0o700)
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        if directory.isInitialised && !parsed.flag("force") {
            throw CommandFailure("\(directory.path) already holds a store; add --force to replace it")
        }
        let auditKey = Files.exists(context.auditKeyPath) ? try context.auditKey() : nil
        let metadata = try Backup.restore(from: parsed.value("from")!, secretKey: secret, to: directory.database) { conn, _ in
            guard let auditKey else { return }
            let verification = try AuditLog.verify(conn, key: auditKey)
            if let problem = verification.problem, !parsed.flag("force-unverified") {
                throw CommandFailure("the backup's audit chain does not verify with \(context.auditKeyPath) (\(problem)); nothing was restored. "
                    + "It may be another installation's backup, or forged with the operator's public key; --force-unverified restores it anyway")
            }
        }
        io.print("Restored community \(metadata.communityID) (schema version \(metadata.schemaVersion)) into \(directory.database)")
        guard let auditKey else {
            io.printError("Warning: no audit key at \(context.auditKeyPath); copy the original key there to verify and extend the audit chain.")
            return ExitCode.success
        }
        let conn = try Database.openForMaintenance(path: directory.database)
        defer { conn.close() }
        let verification = try AuditLog.verify(conn, key: auditKey)
        guard verification.isIntact else {
            io.printError("Warning: the restored audit chain does not verify with \(context.auditKeyPath): \(verification.problem!)")
            return 3
        }
        try conn.transaction {
            try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .storeRestored, subject: metadata.communityID,
                                detail: "created_at=\(metadata.createdAt)")
        }
        return ExitCode.success
    }
}
