import Platform

/// Where a TrustForum installation keeps its files:
///
///     DIR/                      0700
///       trustforum.sqlite3      the database (+ -wal, -shm), 0600
///       trustforum.conf         optional configuration file
///       serve.lock              held (flock) by a running server
///       keys/                   0700: audit.key, server-signing.key (0600)
///
/// Key files may live elsewhere (`audit_key`, `signing_key` settings); the
/// audit key in particular is best kept on another volume than the database.
public struct DataDirectory: Sendable {
    public let path: String

    public init(_ path: String) {
        self.path = path
    }

    public var database: String { Files.join(path, "trustforum.sqlite3") }
    public var lockFile: String { Files.join(path, "serve.lock") }
    public var keys: String { Files.join(path, "keys") }
    public var defaultAuditKey: String { Files.join(keys, "audit.key") }
    public var defaultSigningKey: String { Files.join(keys, "server-signing.key") }

    /// True once `init` has created the database.
    public var isInitialised: Bool { Files.exists(database) }

    /// Takes the directory's lock: nil when a server (or another
    /// maintenance command) holds it.
    public func lock() throws -> FileLock? {
        try Files.makeDirectory(path, mode: 0o700)
        return try FileLock(path: lockFile)
    }
}
