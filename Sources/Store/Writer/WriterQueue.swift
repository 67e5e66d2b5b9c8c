#if canImport(Glibc)
import Glibc
#endif
import Platform

/// The state shared by the writer thread and the threads that submit jobs:
/// the pending jobs, the closing flag and the statistics, all behind one lock.
final class WriterQueue: @unchecked Sendable {
    // @unchecked: every stored var is read and written only with `lock` held.
    private let lock = ConditionLock()
    private var pending: [WriteJob] = []
    private var closing = false
    private var joinClaimed = false
    private var statistics = WriterStatistics()
    private var writerThread: pthread_t?
    /// Submitters blocked waiting for room; the writer waits on the same
    /// condition, so when there are any, wake-ups are broadcast.
    private var blockedSubmitters = 0
    private let maxBatch: Int
    private let maxDepth: Int
    private let gatherNanoseconds: UInt64
    /// The writer is gathering a busy batch: submitters wake it only when
    /// the batch is full (or to close).
    private var gathering = false

    init(maxBatch: Int, maxDepth: Int, gatherNanoseconds: UInt64 = 0) {
        self.maxBatch = max(1, maxBatch)
        self.maxDepth = max(1, maxDepth)
        self.gatherNanoseconds = gatherNanoseconds
    }

    private func wake() {
        if gathering && pending.count < maxBatch && blockedSubmitters == 0 { return }
        if blockedSubmitters > 0 { lock.broadcast() } else { lock.signal() }
    }

    /// Queues `job`. When the queue is full a `blocking` caller waits for
    /// room; otherwise `.overloaded` is thrown.
    func enqueue(_ job: WriteJob, blocking: Bool) throws(StoreError) {
        lock.lock()
        defer { lock.unlock() }
        if closing { throw .closed }
        if onWriterThread { throw .writeFromWriterThread }
        while !closing && pending.count >= maxDepth {
            guard blocking else { throw .overloaded(queueDepth: pending.count) }
            blockedSubmitters += 1
            lock.wait()
            blockedSubmitters -= 1
        }
        if closing { throw .closed }
        pending.append(job)
        wake()
    }

    /// Called by the writer thread: waits for jobs and takes up to the
    /// maximum batch; nil once closing and drained.
    func nextBatch() -> [WriteJob]? {
        lock.withLock {
            // Jobs that arrived while the last batch ran: the store is busy.
            let busy = !pending.isEmpty
            while pending.isEmpty && !closing { lock.wait() }
            if pending.isEmpty { return nil }
            if busy && gatherNanoseconds > 0 && pending.count < maxBatch && !closing {
                gathering = true
                let deadline = MonotonicClock.now + gatherNanoseconds
                while pending.count < maxBatch && !closing && blockedSubmitters == 0 {
                    if !lock.wait(until: deadline) { break }
                }
                gathering = false
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            statistics.recordBatch(size: batch.count)
            if blockedSubmitters > 0 { lock.broadcast() }
            return batch
        }
    }

    /// Adds a finished batch's outcome to the statistics.
    func record(_ outcome: BatchOutcome) {
        lock.withLock {
            statistics.commits += UInt64(outcome.commits)
            statistics.failedCommits += UInt64(outcome.failedCommits)
            statistics.jobs += UInt64(outcome.deliveries.count)
            statistics.failedJobs += UInt64(outcome.failedJobs)
        }
    }

    /// True on the writer thread (the lock must be held).
    private var onWriterThread: Bool {
        guard let writerThread else { return false }
        return pthread_equal(writerThread, pthread_self()) != 0
    }

    /// True when called on the writer thread.
    var isWriterThread: Bool { lock.withLock { onWriterThread } }

    /// Marks the calling thread as the writer thread.
    func setWriterThread() {
        lock.withLock { writerThread = pthread_self() }
    }

    /// Stops accepting jobs and wakes everyone.
    func close() {
        lock.withLock {
            closing = true
            lock.broadcast()
        }
    }

    /// True for the first caller: the one that joins the writer thread.
    func claimJoin() -> Bool {
        lock.withLock {
            defer { joinClaimed = true }
            return !joinClaimed
        }
    }

    /// The counters now.
    var snapshot: WriterStatistics {
        lock.withLock {
            var copy = statistics
            copy.queueDepth = pending.count
            return copy
        }
    }
}
