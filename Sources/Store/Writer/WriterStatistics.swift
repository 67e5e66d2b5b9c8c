/// A snapshot of the writer's counters, for `/metrics`.
///
///     let s = database.statistics
///     for (bound, count) in zip(WriterStatistics.batchSizeBounds, s.cumulativeBatchSizeCounts) {
///         print("trustforum_write_batch_size_bucket{le=\"\(bound)\"} \(count)")
///     }
public struct WriterStatistics: Sendable, Equatable {
    /// Upper bounds of the batch-size histogram buckets; a last bucket, +Inf,
    /// follows them.
    public static let batchSizeBounds: [Int] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]

    /// Jobs waiting for the writer thread now.
    public var queueDepth: Int = 0
    /// Successful COMMITs.
    public var commits: UInt64 = 0
    /// COMMITs (or BEGINs) that failed, failing every job of their transaction.
    public var failedCommits: UInt64 = 0
    /// Jobs completed, committed or not.
    public var jobs: UInt64 = 0
    /// Jobs that completed with an error.
    public var failedJobs: UInt64 = 0
    /// Batches taken from the queue.
    public var batches: UInt64 = 0
    /// The sum of all batch sizes (the histogram's `_sum`).
    public var batchSizeSum: UInt64 = 0
    /// The largest batch so far.
    public var largestBatch: Int = 0
    /// Batches per bucket, not cumulative: `batchSizeCounts[i]` counts
    /// batches of size in (bounds[i-1], bounds[i]]; the last entry is +Inf.
    public var batchSizeCounts: [UInt64] = Array(repeating: 0, count: batchSizeBounds.count + 1)

    /// All zero.
    public init() {}

    /// Batches of at most each bound, Prometheus `le` style; the last is +Inf.
    public var cumulativeBatchSizeCounts: [UInt64] {
        var total: UInt64 = 0
        return batchSizeCounts.map { total += $0; return total }
    }

    /// Counts one batch of `size` jobs.
    mutating func recordBatch(size: Int) {
        batches += 1
        batchSizeSum += UInt64(size)
        largestBatch = max(largestBatch, size)
        let bucket = Self.batchSizeBounds.firstIndex { size <= $0 } ?? Self.batchSizeBounds.count
        batchSizeCounts[bucket] += 1
    }
}
