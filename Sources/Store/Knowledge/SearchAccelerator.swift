import Foundation
import Synchronization

/// Keeps an in-memory `FTSRankIndex` of one FTS5 table current, so that
/// ranking a query costs time in proportion to the postings it reads, not
/// one FTS5 bm25 call per matching row.
///
/// Every change to the table raises its counter in `search_generations` in
/// the same transaction (`bump`). A search reads the counter in its own read
/// transaction: when the index in memory was built at that generation it is
/// used; otherwise the search is answered by FTS5 alone (correct, slower) and
/// one rebuild starts in the background. So an answer never mixes two
/// versions of the table, and a write is searchable as soon as it commits.
///
///     let accelerator = SearchAccelerator(database: database, table: "publications_fts", weights: PublicationSearch.weights)
///     accelerator.warm()   // at start: build before the first search
public final class SearchAccelerator: Sendable {
    public let table: String
    let weights: [String: Double]
    private let database: Database
    private let state = Mutex(State())
    private let served = Atomic<Int>(0)

    private struct State {
        var index: FTSRankIndex?
        var building = false
        /// After a failed build, none before this time (monotonic ns).
        var retryAfter: UInt64 = 0
        var builds = 0
    }

    public init(database: Database, table: String, weights: [String: Double]) {
        self.database = database
        self.table = table
        self.weights = weights
    }

    /// Raises `table`'s generation; call in the transaction that changes it.
    static func bump(_ conn: Connection, table: String) throws {
        try conn.run("UPDATE search_generations SET generation = generation + 1 WHERE name = ?", [.text(table)])
    }

    /// Starts a build in the background unless one is running or current.
    public func warm() {
        if state.withLock({ claim(&$0) }) { rebuild() }
    }

    /// Completed builds (for tests and metrics).
    public var builds: Int { state.withLock { $0.builds } }

    /// True while a build runs.
    public var isBuilding: Bool { state.withLock { $0.building } }

    /// Searches answered from the index in memory (for tests and metrics).
    public var answered: Int { served.load(ordering: .relaxed) }

    /// Waits until no build is running (tests), at most `seconds`.
    public func settle(seconds: Double = 30) {
        let deadline = Date().addingTimeInterval(seconds)
        while state.withLock({ $0.building }) && Date() < deadline { usleep(2_000) }
    }

    /// The index when it is current for `conn`'s read transaction; nil
    /// otherwise (and a rebuild starts in the background).
    func current(_ conn: Connection) throws -> FTSRankIndex? {
        let generation = try conn.queryOne("SELECT generation FROM search_generations WHERE name = ?", [.text(table)])?.int64(at: 0)
        guard let generation else { return nil }
        let (index, start) = state.withLock { s -> (FTSRankIndex?, Bool) in
            if let index = s.index, index.generation == generation { return (index, false) }
            return (nil, claim(&s))
        }
        if start { rebuild() }
        if index != nil { served.add(1, ordering: .relaxed) }
        return index
    }

    private func claim(_ s: inout State) -> Bool {
        guard !s.building, DispatchTime.now().uptimeNanoseconds >= s.retryAfter else { return false }
        s.building = true
        return true
    }

    private func rebuild() {
        Thread.detachNewThread { [self] in
            let built = try? database.read { conn in try FTSRankIndex.build(conn, table: table, weights: weights) }
            state.withLock { s in
                s.building = false
                if let built {
                    s.index = built
                    s.builds += 1
                } else {
                    s.retryAfter = DispatchTime.now().uptimeNanoseconds + 60_000_000_000
                }
            }
        }
    }
}
