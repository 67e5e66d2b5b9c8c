#if canImport(Glibc)
import Glibc
#endif
import Platform

/// Echo off on a terminal for the length of a call, and back on afterwards
/// however the call ends: on return, on a thrown error (a `defer`), and on
/// SIGINT, SIGTERM, SIGHUP or SIGQUIT, whose handler restores the saved
/// settings (`tcsetattr` is async-signal-safe) and then hands the signal to
/// whatever handled it before (the default handler ends the process, as
/// Ctrl-C should), like OpenBSD's `readpassphrase(3)`.
///
///     let line = try TerminalEcho.withEchoOff(fd: fd) { try readLine(fd) }
///
/// Not covered: SIGKILL (nothing can be), and Ctrl-Z (SIGTSTP keeps its own
/// handling; most shells restore the terminal of a stopped job).
enum TerminalEcho {
    /// The signals whose handler restores the terminal, in the order of
    /// `previousActions`.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// One echo-off section at a time per process: the signal handler's
    /// state below is process-wide.
    private static let lock = ConditionLock()

    /// Runs `body` with ECHO and ECHONL cleared on the terminal `fd`
    /// (`TCSAFLUSH`: typed-ahead input is discarded first), then restores
    /// the settings found on entry. Throws `noSource` when `fd` is not a
    /// terminal.
    static func withEchoOff<R>(fd: Int32, _ body: () throws(PassphraseError) -> R) throws(PassphraseError) -> R {
        lock.lock()
        defer { lock.unlock() }
        // Read inside the lock: another prompt's echo-off settings must never
        // be taken for the ones to restore.
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { throw .noSource }
        install(fd: fd, saved: saved)
        defer { uninstall(fd: fd) }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else {
            throw .terminal("tcsetattr: \(SystemError.current("tcsetattr"))")
        }
        return try body()
    }

    /// Records what the handler needs, then installs it (in that order, so
    /// the handler never sees half-written state).
    private static func install(fd: Int32, saved: termios) {
        signalTermios.pointee = saved
        signalFD.pointee = fd
        for (index, signal) in signals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreTerminalAndForward
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0 // no SA_RESTART: the read sees EINTR and retries
            _ = sigaction(signal, &action, previousActions + index)
        }
    }

    /// Restores the terminal, then the previous signal handlers.
    private static func uninstall(fd: Int32) {
        _ = tcsetattr(fd, TCSAFLUSH, signalTermios)
        for (index, signal) in signals.enumerated() {
            _ = sigaction(signal, previousActions + index, nil)
        }
        signalFD.pointee = -1
    }
}

// The handler's state, in memory allocated once and never freed, reached
// through plain pointers: a signal handler must not allocate, retain or
// take a lock. `nonisolated(unsafe)` is honest: `TerminalEcho.lock`
// serialises the writers, and the handler only reads.

/// The descriptor whose settings the handler restores; -1 when none.
private nonisolated(unsafe) let signalFD: UnsafeMutablePointer<Int32> = {
    let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    p.initialize(to: -1)
    return p
}()

/// The settings to restore.
private nonisolated(unsafe) let signalTermios: UnsafeMutablePointer<termios> = {
    let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    p.initialize(to: termios())
    return p
}()

/// The actions that were installed before ours, one per `TerminalEcho.signals`.
private nonisolated(unsafe) let previousActions: UnsafeMutablePointer<sigaction> = {
    let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 4)
    p.initialize(repeating: sigaction(), count: 4)
    return p
}()

/// The signal handler: restore the terminal, put the previous action back
/// and raise the signal again. The signal is blocked while this handler
/// runs, so the re-raised one is delivered to the previous action as soon
/// as this returns.
private func restoreTerminalAndForward(_ signal: Int32) {
    let index: Int
    switch signal {
    case SIGINT: index = 0
    case SIGTERM: index = 1
    case SIGHUP: index = 2
    case SIGQUIT: index = 3
    default: return
    }
    let fd = signalFD.pointee
    if fd >= 0 { _ = tcsetattr(fd, TCSAFLUSH, signalTermios) }
    _ = sigaction(signal, previousActions + index, nil)
    _ = raise(signal)
}
