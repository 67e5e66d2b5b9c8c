/// The store as the server uses it: one writer with group commit and a
/// pool of readers over one SQLite file in WAL mode.
///
///     let db = try Database.open(path: "/var/lib/trustforum/forum.sqlite3")
///     try db.write { conn in try conn.run("INSERT INTO topic(name) VALUES (?)", [.text(name)]) }
///     let names = try db.read { conn in try conn.query("SELECT name FROM topic").map { try $0.string(at: 0) } }
///     try db.close()
///
/// Migrations run before it is opened, on `openForMaintenance`.
public final class Database: Sendable {
    /// The database file.
    public let path: String
    /// The writer (group commit).
    public let writer: Writer
    /// The read-only connections.
    public let readers: ReaderPool

    private init(path: String, writer: Writer, readers: ReaderPool) {
        self.path = path
        self.writer = writer
        self.readers = readers
    }

    /// Opens (creating it 0600 when missing) the database at `path`: the
    /// writer first, which turns on WAL, then `readers` read-only connections.
    public static func open(path: String, readers: Int = 4,
                            writer configuration: Writer.Configuration = Writer.Configuration()) throws -> Database {
        let writer = try Writer(path: path, configuration: configuration)
        do {
            let pool = try ReaderPool(path: path, size: readers,
                                      busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
            return Database(path: path, writer: writer, readers: pool)
        } catch {
            try? writer.close()
            throw error
        }
    }

    /// One plain read-write connection (WAL, the usual settings) for commands
    /// that run while the server does not: migrate, audit verify.
    public static func openForMaintenance(path: String) throws -> Connection {
        try Connection(path: path, configuration: Connection.Configuration(mode: .readWrite))
    }

    /// Reads with a pooled connection (see `ReaderPool.read`).
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try readers.read(body)
    }

    /// Writes and waits for the commit (see `Writer.write`).
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Queues a write without waiting; `completion` runs on the writer
    /// thread after the commit (see `Writer.submit`).
    public func submit<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T,
                                    completion: @escaping @Sendable (Result<T, any Error>) -> Void) throws {
        try writer.submit(body, completion: completion)
    }

    /// Copies the WAL into the database file and truncates the WAL
    /// (`wal_checkpoint(TRUNCATE)`), so that what a committed erasure
    /// overwrote (with `secure_delete`) is no longer in any file either. Uses
    /// a connection of its own, which waits (busy timeout) for the writer and
    /// for readers on older snapshots; returns whether it completed.
    @discardableResult
    public func checkpoint() throws -> CheckpointResult {
        let connection = try Connection(path: path, configuration: .init(mode: .readWrite))
        defer { connection.close() }
        return try connection.checkpoint(.truncate)
    }

    /// The writer's counters.
    public var statistics: WriterStatistics { writer.statistics }

    /// `PRAGMA integrity_check`: the problems found, empty when it says "ok".
    public func integrityCheck() throws -> [String] {
        let lines = try read { conn in
            try conn.query("PRAGMA integrity_check").map { try $0.string(at: 0) }
        }
        return lines == ["ok"] ? [] : lines
    }

    /// Closes the readers (waiting for lent ones), then the writer, which
    /// finishes queued jobs and checkpoints the WAL. Throws the writer's
    /// checkpoint failure; everything is closed either way.
    public func close() throws {
        readers.close()
        try writer.close()
    }
}
