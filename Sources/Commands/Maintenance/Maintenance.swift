import Args
import Core
import Crypto
import Platform
import Store

/// What the maintenance commands share: the data directory, its lock, its
/// keys and a checked connection.
struct Maintenance {
    let directory: DataDirectory
    let settings: Settings

    /// `keys` are the settings the command declares options for.
    init(_ parsed: ParsedArguments, _ io: CommandIO, keys: Set<String> = ["audit_key", "signing_key"]) throws {
        settings = try Settings(parsed, environment: io.environment, declared: Settings.all.filter { keys.contains($0.key) })
        directory = DataDirectory(settings.data)
    }

    var auditKeyPath: String { settings.text("audit_key", default: directory.defaultAuditKey) }
    var signingKeyPath: String { settings.text("signing_key", default: directory.defaultSigningKey) }

    func requireInitialised() throws {
        guard directory.isInitialised else {
            throw CommandFailure("\(directory.path) holds no TrustForum store; run 'trustforum init --data \(directory.path)' first")
        }
    }

    /// Takes the data directory's lock, or explains that a server holds it.
    func lock() throws -> FileLock {
        guard let lock = try directory.lock() else {
            throw CommandFailure("a TrustForum server (or another command) is using \(directory.path); stop it first")
        }
        return lock
    }

    func auditKey() throws -> SecureBytes {
        try KeyFile.read(auditKeyPath, kind: .auditMAC)
    }

    func signingKey() throws -> SigningSecretKey {
        try SigningSecretKey(seed: KeyFile.read(signingKeyPath, kind: .serverSigning))
    }

    /// A maintenance connection to an initialised store whose migrations are
    /// consistent with this binary (pending ones are allowed: `migrate` runs them).
    func connection() throws -> Connection {
        try requireInitialised()
        let conn = try Database.openForMaintenance(path: directory.database)
        let status = try MigrationRunner.status(EmbeddedMigrations.all, in: conn)
        if let problem = status.problems.first {
            conn.close()
            throw CommandFailure("the store's migrations do not match this binary: \(problem)")
        }
        return conn
    }
}

/// This build's version.
public enum TrustForumVersion {
    public static let current = "0.1.0"
}
