#if canImport(Glibc)
import Glibc
#endif

/// Time sources. Monotonic time (nanoseconds) for deadlines and durations;
/// wall-clock time for what is stored or shown.
public enum MonotonicClock {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    @inline(__always)
    public static var now: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

public enum WallClock {
    /// Seconds since the Unix epoch.
    public static var seconds: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec)
    }

    /// Milliseconds since the Unix epoch.
    public static var milliseconds: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) &* 1000 &+ UInt64(ts.tv_nsec / 1_000_000)
    }
}

/// A clock the connection state machines and rate limiters read, so that
/// tests can drive time by hand.
public protocol Clock: Sendable {
    /// Monotonic nanoseconds.
    var now: UInt64 { get }
}

/// The system's monotonic clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: UInt64 { MonotonicClock.now }
}
