import Platform

/// Read-only connections lent to one thread at a time.
///
/// `read` borrows a connection (waiting while all are lent), runs the body
/// in a DEFERRED transaction — so every statement in it sees the same
/// committed snapshot, never uncommitted writes (WAL, private cache) — and
/// gives it back.
///
///     let count = try pool.read { conn in
///         try conn.queryOne("SELECT count(*) FROM post")?.int64(at: 0) ?? 0
///     }
///
/// A body must not call `read` again (with every connection lent that waits
/// for itself) and must not keep the connection.
public final class ReaderPool: @unchecked Sendable {
    // @unchecked: `idle`, `lent` and `closed` are only touched with `lock`
    // held, and each Connection is either in `idle` or lent to exactly one
    // `read` call on one thread, so no connection is used by two threads.
    private let lock = ConditionLock()
    private var idle: [Connection]
    private var lent = 0
    private var closed = false
    /// The number of connections.
    public let size: Int

    /// Opens `size` read-only connections to an existing WAL database.
    public init(path: String, size: Int = 4, busyTimeoutMilliseconds: Int32 = 5_000) throws {
        precondition(size > 0, "a reader pool needs at least one connection")
        let configuration = Connection.Configuration(mode: .readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        idle = try (0..<size).map { _ in try Connection(path: path, configuration: configuration) }
        self.size = size
    }

    deinit {
        close()
    }

    /// Runs `body` with a borrowed read-only connection in one read
    /// transaction; throws `StoreError.closed` after `close()`.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try connection.transaction(.deferred) { try body(connection) }
    }

    private func borrow() throws -> Connection {
        try lock.withLock {
            while idle.isEmpty && !closed { lock.wait() }
            if closed { throw StoreError.closed }
            lent += 1
            return idle.removeLast()
        }
    }

    private func giveBack(_ connection: Connection) {
        lock.withLock {
            idle.append(connection)
            lent -= 1
            lock.broadcast()
        }
    }

    /// Refuses new reads, waits for lent connections to come back and closes
    /// them all. Later calls do nothing.
    public func close() {
        let connections = lock.withLock {
            closed = true
            lock.broadcast()
            while lent > 0 { lock.wait() }
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { connection.close() }
    }
}
