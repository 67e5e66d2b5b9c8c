#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Platform

/// A pseudo-terminal pair (`openpty(3)`): the code under test opens the
/// slave side by its path, as it would open `/dev/tty`; the test types on
/// the master side and reads there what the slave side printed (prompts,
/// and any echo).
final class PseudoTerminal {
    let master: Int32
    let slave: Int32
    let slavePath: String
    /// Everything read from the master side so far.
    private(set) var output: [UInt8] = []

    init() throws {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw SystemError.current("openpty") }
        self.master = master
        self.slave = slave
        slavePath = String(cString: ttyname(slave))
    }

    deinit {
        close(master)
        close(slave)
    }

    /// The slave side's current settings.
    var attributes: termios {
        var t = termios()
        precondition(tcgetattr(slave, &t) == 0)
        return t
    }

    /// Whether ECHO is set on the slave side now.
    var echoes: Bool { attributes.c_lflag & tcflag_t(ECHO) != 0 }

    /// Types `text` on the keyboard.
    func type(_ text: String) throws {
        try Files.writeAll(master, Array(text.utf8))
    }

    /// Reads output until it contains `text` or `timeout` seconds pass;
    /// returns the output so far as text.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while !String(decoding: output, as: UTF8.self).contains(text), Date() < deadline {
            readAvailable(waitingMilliseconds: 50)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads whatever arrives within `milliseconds`.
    func readAvailable(waitingMilliseconds milliseconds: Int32) {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&fds, 1, milliseconds) > 0, fds.revents & Int16(POLLIN) != 0 {
            var chunk = [UInt8](repeating: 0, count: 1024)
            let n = read(master, &chunk, chunk.count)
            if n <= 0 { return }
            output += chunk[0..<n]
        }
    }

    /// Whether two settings are the same, byte for byte.
    static func same(_ a: termios, _ b: termios) -> Bool {
        withUnsafeBytes(of: a) { pa in withUnsafeBytes(of: b) { pb in pa.elementsEqual(pb) } }
    }
}

/// The result of work on another thread (the prompt blocks in `read`).
final class Background<T: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is written once before `done` is signalled and read after.
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> T) {
        Thread.detachNewThread {
            self.value = body()
            self.done.signal()
        }
    }

    /// The value, or nil when it is not there within `timeout` seconds.
    func wait(timeout: Double = 10) -> T? {
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return value
    }
}
