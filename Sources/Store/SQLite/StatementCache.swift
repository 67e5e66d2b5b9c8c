/// A connection's prepared statements, keyed by SQL text, so a hot query is
/// prepared once per connection. Least recently used statements are
/// finalized when it is full. Owned by its connection (one thread).
struct StatementCache {
    private struct Entry {
        let statement: Statement
        var lastUse: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    /// At most this many statements are kept.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The number of statements held.
    var count: Int { entries.count }

    /// The statement for `sql`, prepared on the first call.
    mutating func statement(for sql: String, prepare: () throws(SQLiteError) -> Statement) throws(SQLiteError) -> Statement {
        clock += 1
        if let entry = entries[sql] {
            entries[sql]?.lastUse = clock
            return entry.statement
        }
        let statement = try prepare()
        guard capacity > 0 else { return statement }
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
        }
        entries[sql] = Entry(statement: statement, lastUse: clock)
        return statement
    }

    /// Finalizes every statement (when no one else holds it).
    mutating func removeAll() {
        entries.removeAll()
    }
}
