#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// A joinable OS thread running a closure. The event loops, the workers and
/// the store's writer each run on one, outside Swift's cooperative pool,
/// because their work blocks (epoll_wait, fsync).
public final class OSThread: @unchecked Sendable {
    // @unchecked: `handle` is written once in `init` before the thread can be
    // joined, and only read by `join`.
    private var handle: pthread_t = 0

    private final class Box {
        let body: @Sendable () -> Void
        let name: String
        init(body: @escaping @Sendable () -> Void, name: String) {
            self.body = body
            self.name = name
        }
    }

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept).
    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body: body, name: name)).toOpaque()
        let rc = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            CLinux_set_thread_name(box.name)
            box.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
    }

    /// Waits for the thread to finish.
    public func join() {
        pthread_join(handle, nil)
    }
}

/// The number of CPUs this process may run on.
public var availableProcessors: Int {
    let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return n > 0 ? n : 1
}
