#if canImport(Glibc)
import Glibc
#endif

/// A mutex with a condition variable (pthread), for the few places that must
/// block a thread until something happens: the worker pool and the store's
/// writer. Everything else uses `Synchronization.Mutex`.
///
///     let lock = ConditionLock()
///     lock.withLock { state.append(job); lock.signal() }
public final class ConditionLock: @unchecked Sendable {
    // @unchecked: the pthread objects are only touched through the calls below,
    // which are thread-safe by POSIX.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` with the lock held.
    @inline(__always)
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal; the lock must be held. Spurious wake-ups happen:
    /// callers loop on their own condition.
    public func wait() { pthread_cond_wait(cond, mutex) }

    /// Waits for a signal or until the monotonic `deadline` (nanoseconds, as
    /// `MonotonicClock.now`); returns false on timeout. The lock must be held.
    @discardableResult
    public func wait(until deadline: UInt64) -> Bool {
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        return pthread_cond_timedwait(cond, mutex, &ts) != ETIMEDOUT
    }

    public func signal() { pthread_cond_signal(cond) }
    public func broadcast() { pthread_cond_broadcast(cond) }
}

/// A one-shot value a thread waits for: set once, read by the waiter.
public final class Promise<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = ConditionLock()
    private var value: Value?

    public init() {}

    /// Sets the value and wakes the waiter; later calls are ignored.
    public func fulfil(_ newValue: Value) {
        lock.withLock {
            guard value == nil else { return }
            value = newValue
            lock.broadcast()
        }
    }

    /// Blocks until the value is set.
    public func wait() -> Value {
        lock.withLock {
            while value == nil { lock.wait() }
            return value!
        }
    }

    /// Blocks until the value is set or the deadline passes.
    public func wait(until deadline: UInt64) -> Value? {
        lock.withLock {
            while value == nil {
                if !lock.wait(until: deadline) { return value }
            }
            return value
        }
    }
}
