import Platform

/// A fixed number of threads running request handlers, fed from a bounded
/// queue. When the queue is full `submit` says no at once and the request
/// gets 503: the loops never block on it, and a flood cannot grow memory
/// without bound.
///
///     guard pool.submit({ handle(request) }) else { return .overloaded }
public final class WorkerPool: Sendable {
    public typealias Job = @Sendable () -> Void

    private let lock = ConditionLock()
    private let state: UnsafeState
    private let threads: [OSThread]

    /// The queue and its bookkeeping; only touched with `lock` held.
    private final class UnsafeState: @unchecked Sendable {
        var queue: [Job?]
        var head = 0
        var count = 0
        var stopping = false
        var busy = 0
        init(capacity: Int) { queue = Array(repeating: nil, count: capacity) }
    }

    public init(threads: Int, queueCapacity: Int, name: String = "tf-worker") {
        precondition(threads > 0 && queueCapacity > 0)
        let lock = self.lock
        let state = UnsafeState(capacity: queueCapacity)
        self.state = state
        self.threads = (0..<threads).map { i in
            OSThread(name: "\(name)-\(i)") {
                WorkerPool.work(lock: lock, state: state)
            }
        }
    }

    private static func work(lock: ConditionLock, state: UnsafeState) {
        while true {
            let job: Job? = lock.withLock {
                while state.count == 0 && !state.stopping { lock.wait() }
                if state.count == 0 { return nil }
                let job = state.queue[state.head]
                state.queue[state.head] = nil
                state.head = (state.head + 1) % state.queue.count
                state.count -= 1
                state.busy += 1
                return job
            }
            guard let job else { return }
            job()
            lock.withLock { state.busy -= 1 }
        }
    }

    /// Queues a job; false when the queue is full or the pool is stopping.
    public func submit(_ job: @escaping Job) -> Bool {
        lock.withLock {
            guard !state.stopping, state.count < state.queue.count else { return false }
            state.queue[(state.head + state.count) % state.queue.count] = job
            state.count += 1
            lock.signal()
            return true
        }
    }

    /// Jobs waiting for a thread.
    public var queueDepth: Int { lock.withLock { state.count } }

    /// Jobs running now.
    public var busyThreads: Int { lock.withLock { state.busy } }

    /// Runs what is queued, then stops and joins every thread.
    public func shutdown() {
        lock.withLock {
            state.stopping = true
            lock.broadcast()
        }
        for thread in threads { thread.join() }
    }
}
