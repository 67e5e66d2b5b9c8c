#if canImport(Glibc)
import Glibc
#endif

/// One block of scratch memory per thread, kept from call to call, for
/// `TextNormaliser.withViews`: a temporary allocation over 1 KiB goes to
/// `malloc` and `free` on every call (glibc keeps no per-thread cache for
/// blocks that size), which cost a 1 KiB post about 70 ns of its 2.6 µs.
/// Up to `maximumBytes`; a larger request, or one made while the block is
/// in use (a nested call), gets a temporary allocation as before. Freed when
/// its thread ends.
enum ThreadScratch {
    /// The largest block kept (views of texts up to about 450 KiB).
    static let maximumBytes = 1 << 20

    /// Calls `body` with at least `bytes` bytes of uninitialised memory,
    /// valid during the call only.
    @inline(__always)
    static func with<R>(bytes: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> R) -> R {
        #if canImport(Glibc)
        if bytes <= maximumBytes, let block = block(holding: bytes) {
            // The header: [capacity, busy]; the memory after it.
            block[1] = 1
            defer { block[1] = 0 }
            return body(UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(block + 2).assumingMemoryBound(to: UInt8.self),
                                                   count: bytes))
        }
        #endif
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes, body)
    }

    #if canImport(Glibc)
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key) { free($0) } == 0, "a thread-specific key is available")
        return key
    }()

    /// This thread's block, grown to hold `bytes`; nil when it is in use.
    private static func block(holding bytes: Int) -> UnsafeMutablePointer<Int>? {
        var previous = 0
        if let current = pthread_getspecific(key)?.assumingMemoryBound(to: Int.self) {
            if current[1] != 0 { return nil }
            if current[0] >= bytes { return current }
            previous = current[0]
            free(current)
            pthread_setspecific(key, nil)
        }
        // At least 16 KiB, doubling: a thread that grows does so a few times at most.
        let capacity = min(maximumBytes, max(16 << 10, bytes, previous * 2))
        guard let raw = malloc(2 * MemoryLayout<Int>.stride + capacity) else { return nil }
        let fresh = raw.bindMemory(to: Int.self, capacity: 2)
        fresh[0] = capacity
        fresh[1] = 0
        guard pthread_setspecific(key, raw) == 0 else {
            free(raw)
            return nil
        }
        return fresh
    }
    #endif
}
