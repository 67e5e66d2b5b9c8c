#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// epoll(7), level-triggered, behind the small interface the event loop
/// needs: add, modify, delete, wait. Each registration carries a 64-bit
/// token (the loop packs a slot and a generation into it, so that events
/// for a closed and reused descriptor can be told apart and dropped).
public final class Epoll {
    /// Interest and readiness bits.
    public struct Events: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readable = Events(rawValue: CLinux_EPOLLIN)
        public static let writable = Events(rawValue: CLinux_EPOLLOUT)
        public static let error = Events(rawValue: CLinux_EPOLLERR)
        public static let hangup = Events(rawValue: CLinux_EPOLLHUP)
        public static let readHangup = Events(rawValue: CLinux_EPOLLRDHUP)
    }

    /// One readiness report.
    public struct Event {
        public let token: UInt64
        public let events: Events
    }

    public let fd: Int32
    private let capacity: Int
    private let buffer: UnsafeMutableRawPointer

    /// Creates an epoll instance that reports at most `capacity` events per wait.
    public init(capacity: Int = 256) throws(SystemError) {
        fd = try syscallBlocking("epoll_create1") { CLinux_epoll_create() }
        self.capacity = capacity
        buffer = UnsafeMutableRawPointer.allocate(byteCount: CLinux_epoll_event_size() * capacity, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        close(fd)
    }

    public func add(_ descriptor: Int32, events: Events, token: UInt64) throws(SystemError) {
        try syscallBlocking("epoll_ctl(ADD)") { CLinux_epoll_ctl(fd, CLinux_EPOLL_CTL_ADD, descriptor, events.rawValue, token) }
    }

    public func modify(_ descriptor: Int32, events: Events, token: UInt64) throws(SystemError) {
        try syscallBlocking("epoll_ctl(MOD)") { CLinux_epoll_ctl(fd, CLinux_EPOLL_CTL_MOD, descriptor, events.rawValue, token) }
    }

    /// Removes a registration; a descriptor that is already gone is ignored.
    public func delete(_ descriptor: Int32) {
        _ = CLinux_epoll_ctl(fd, CLinux_EPOLL_CTL_DEL, descriptor, 0, 0)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` for
    /// each ready descriptor. Returns the number of events.
    @discardableResult
    public func wait(timeoutMilliseconds: Int32, _ body: (Event) -> Void) throws(SystemError) -> Int {
        let events = buffer.assumingMemoryBound(to: CLinux_epoll_event.self)
        let n: Int32
        switch try syscall("epoll_wait", { CLinux_epoll_wait(fd, events, Int32(capacity), timeoutMilliseconds) }) {
        case .done(let count): n = count
        case .wouldBlock: n = 0
        }
        for i in 0..<n {
            body(Event(token: CLinux_epoll_event_data(events, i), events: Events(rawValue: CLinux_epoll_event_events(events, i))))
        }
        return Int(n)
    }
}

/// eventfd(2): a counter another thread bumps to wake an event loop.
public final class EventFD: @unchecked Sendable {
    // @unchecked: only the immutable descriptor is shared; read/write on an
    // eventfd are atomic in the kernel.
    public let fd: Int32

    public init() throws(SystemError) {
        fd = try syscallBlocking("eventfd") { CLinux_eventfd() }
    }

    deinit { close(fd) }

    /// Wakes the loop (from any thread).
    public func signal() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(fd, $0.baseAddress, 8) }
    }

    /// Resets the counter (on the loop thread, after a wake-up).
    public func drain() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(fd, $0.baseAddress, 8) }
    }
}
