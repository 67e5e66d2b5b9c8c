import Foundation
import Platform
@testable import Store

/// Runs `body` with a fresh directory under /tmp, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/trustforum-store-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw SystemError.current("mkdtemp") }
    let path = String(cString: made)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Runs `body` with a read-write connection to a new database file.
func withConnection<T>(_ body: (Connection, String) throws -> T) throws -> T {
    try withTemporaryDirectory { dir in
        let path = dir + "/test.sqlite3"
        let connection = try Connection(path: path)
        defer { connection.close() }
        return try body(connection, path)
    }
}

/// Starts `count` threads running `body(index)` and waits for them all.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let threads = (0..<count).map { index in OSThread(name: "test-\(index)") { body(index) } }
    for thread in threads { thread.join() }
}

/// A thread-safe list for collecting results from many threads.
final class Collector<Element: Sendable>: @unchecked Sendable {
    // @unchecked: `items` is only touched with `lock` held.
    private let lock = ConditionLock()
    private var items: [Element] = []

    func append(_ item: Element) { lock.withLock { items.append(item) } }
    var all: [Element] { lock.withLock { items } }
}

/// Runs `body` with a database (writer and readers) in a new file.
func withDatabase<T>(readers: Int = 4, writer: Writer.Configuration = Writer.Configuration(),
                     _ body: (Database, String) throws -> T) throws -> T {
    try withTemporaryDirectory { dir in
        let path = dir + "/test.sqlite3"
        let database = try Database.open(path: path, readers: readers, writer: writer)
        defer { try? database.close() }
        return try body(database, path)
    }
}

/// Polls `condition` until it holds (or ten seconds pass).
func waitUntil(_ condition: () -> Bool) {
    let deadline = MonotonicClock.now + 10_000_000_000
    while !condition() && MonotonicClock.now < deadline { usleep(1_000) }
}

/// Occupies the writer thread with a job that waits for `open()`, so that
/// the jobs queued meanwhile form the next batch together.
struct WriterGate {
    private let gate = Promise<Bool>()
    let done = Promise<Result<Int, any Error>>()

    init(_ writer: Writer) throws {
        let before = writer.statistics.batches
        let gate = self.gate
        try writer.submit({ _ in gate.wait() ? 1 : 0 }, completion: { [done] in done.fulfil($0) })
        waitUntil { writer.statistics.batches == before + 1 }
    }

    /// Lets the writer go on.
    func open() { gate.fulfil(true) }
}

/// Submits `body` and returns a promise of its outcome.
func submitted<T: Sendable>(_ writer: Writer, _ body: @escaping @Sendable (Connection) throws -> T) throws
    -> Promise<Result<T, any Error>> {
    let outcome = Promise<Result<T, any Error>>()
    try writer.submit(body) { outcome.fulfil($0) }
    return outcome
}

/// The integers in column 0 of `sql`.
func integers(_ db: Database, _ sql: String) throws -> [Int64] {
    try db.read { conn in try conn.query(sql).map { try $0.int64(at: 0) } }
}

struct Boom: Error, Equatable {}
