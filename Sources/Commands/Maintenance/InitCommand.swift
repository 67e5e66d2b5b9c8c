import Args
import Core
import Crypto
import API
import Platform
import Protocol
import Store

/// `trustforum init`: creates the data directory, its keys, the store and the community.
enum InitCommand {
    static let command = Command(
        name: "init",
        abstract: "Create the store, its keys and the community from the root certificate.",
        discussion: """
            Creates DIR (mode 0700) with the SQLite store, applies every migration, creates the audit chain's key and the server's signing key (0600 files under DIR/keys unless --audit-key/--signing-key say elsewhere), and imports the root certificate made offline by 'trustforum keys init-root' as entry 0 of the community log. Only the public certificate comes to the server; the root's keys stay with the administrator. Refuses a directory that already holds a store.

            Keep a copy of the audit key somewhere safe and apart from backups: without it the audit chain of a restored store cannot be verified or extended.
            """,
        options: Settings.baseOptions + [
            Settings.byKey["audit_key"]!.option, Settings.byKey["signing_key"]!.option,
            .value("root-cert", valueName: "file", help: "The root certificate from 'trustforum keys init-root'.", required: true),
            .flag("starter-content", help: "Also publish the starter content: the cybersecurity essentials and the incident step plan, in Dutch and English (TLP:CLEAR, by the root)."),
        ],
        run: run)


    static func run(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        let context = try Maintenance(parsed, io)
        let directory = context.directory
        let rootPath = parsed.value("root-cert")!
        let root: RootCertificateFile
        do {
            root = try RootCertificateFile.parse(try Files.read(rootPath))
        } catch {
            throw CommandFailure("\(rootPath) is not a root certificate from 'trustforum keys init-root' (\(error))")
        }
        do {
            _ = try RootImport.verify(root)
        } catch {
            throw CommandFailure("the root certificate in \(rootPath) does not verify: \(error)")
        }
        try Files.makeDirectory(directory.path, mode: 0o700)
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        guard !directory.isInitialised else {
            throw CommandFailure("\(directory.path) already holds a TrustForum store")
        }
        var created: [String] = []
        if !Files.exists(context.auditKeyPath) {
            try KeyFile.create(context.auditKeyPath, kind: .auditMAC, key: SecureBytes.random(count: 32))
            created.append(context.auditKeyPath)
        }
        if !Files.exists(context.signingKeyPath) {
            try KeyFile.create(context.signingKeyPath, kind: .serverSigning, key: SigningSecretKey().exportSeed())
            created.append(context.signingKeyPath)
        }
        let auditKey = try context.auditKey()
        _ = try context.signingKey()

        let conn = try Database.openForMaintenance(path: directory.database)
        defer { conn.close() }
        let applied = try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
        let communityID = root.communityID
        let cert = root.certificate.certificate
        let starter: [StarterDocument] = parsed.flag("starter-content") ? try StarterDocument.embedded() : []
        try conn.transaction {
            try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .migrationsApplied,
                                detail: applied.map(String.init).joined(separator: ","))
            try RootImport.apply(root, to: conn, auditKey: auditKey)
            let now = WallClock.seconds
            for document in starter {
                let id = Identifier.uuid(fromRandom: Random.bytes(16))
                try PublicationStore.create(conn, .init(id: id, kind: document.kind, label: document.label.rawValue, authorID: cert.memberID,
                                                        status: .visible, version: 1, level: document.level, topics: document.topics,
                                                        language: document.language, title: document.title, createdAt: now, updatedAt: now),
                                            body: document.body)
                try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .starterPublished, subject: id)
            }
        }
        io.print("Initialised \(directory.path)")
        io.print("  community  \(communityID)")
        io.print("  root       \(cert.memberID) (fingerprint \(cert.fingerprint))")
        io.print("  store      \(directory.database) (schema version \(applied.last ?? 0))")
        for path in created { io.print("  key        \(path)") }
        if !starter.isEmpty { io.print("  starter    \(starter.count) publications (the essentials and the incident step plan, English and Dutch)") }
        io.print("Start it with: trustforum serve --data \(directory.path)")
        return ExitCode.success
    }
}

/// `trustforum migrate`: applies pending migrations (or shows them).
enum MigrateCommand {
    static let command = Command(
        name: "migrate",
        abstract: "Apply the pending migrations of this binary to the store.",
        discussion: """
            Each numbered migration runs in its own transaction and is recorded with its BLAKE2b checksum. A changed or missing applied migration stops with an error and nothing is applied. 'serve' migrates by itself unless started with --no-auto-migrate. Refuses while a server runs on DIR.
            """,
        options: Settings.baseOptions + [
            Settings.byKey["audit_key"]!.option,
            .flag("status", help: "Only show applied and pending migrations."),
        ],
        run: run)

    static func run(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        let context = try Maintenance(parsed, io, keys: ["audit_key"])
        try context.requireInitialised()
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let conn = try context.connection()
        defer { conn.close() }
        let status = try MigrationRunner.status(EmbeddedMigrations.all, in: conn)
        if parsed.flag("status") {
            for migration in status.applied { io.print("applied  \(migration.version) \(migration.name)") }
            for migration in status.pending { io.print("pending  \(migration.version) \(migration.name)") }
            return ExitCode.success
        }
        guard !status.pending.isEmpty else {
            io.print("The store is up to date (schema version \(status.applied.last?.version ?? 0)).")
            return ExitCode.success
        }
        let auditKey = try context.auditKey()
        let applied = try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
        try conn.transaction {
            try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .migrationsApplied,
                                detail: applied.map(String.init).joined(separator: ","))
        }
        for version in applied { io.print("applied  \(version)") }
        return ExitCode.success
    }
}
