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
