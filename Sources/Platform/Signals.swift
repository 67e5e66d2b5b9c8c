#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Process signals for a service: SIGPIPE ignored (a write to a closed
/// socket fails with EPIPE instead of killing the process), and SIGTERM,
/// SIGINT and SIGHUP turned into bytes on a pipe that one thread reads
/// (the self-pipe trick), so that the thread the kernel happens to pick
/// does not matter and no signal mask has to be set before threads start.
public final class ServiceSignals: @unchecked Sendable {
    // @unchecked: the descriptor is immutable; only `next()` reads from it.
    public enum Signal: Sendable, Equatable {
        case terminate, interrupt, hangup
    }

    private let fd: Int32

    /// Installs the handlers. Call once per process.
    public init() throws(SystemError) {
        CLinux_ignore_sigpipe()
        fd = try syscallBlocking("pipe2") { CLinux_install_service_signal_pipe() }
    }

    public static func ignoreSIGPIPE() {
        CLinux_ignore_sigpipe()
    }

    /// Blocks until a signal arrives.
    public func next() -> Signal {
        while true {
            var byte: UInt8 = 0
            let n = read(fd, &byte, 1)
            if n == 1 {
                switch Int32(byte) {
                case SIGTERM: return .terminate
                case SIGINT: return .interrupt
                case SIGHUP: return .hangup
                default: continue
                }
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .terminate }
        }
    }
}
