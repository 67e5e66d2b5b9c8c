#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Platform

/// A prompt for a secret on a terminal: the prompt is written to the
/// terminal itself (never to stdout, which may be a pipe or a file), the
/// answer is read with echo off (see `TerminalEcho`) straight into a
/// secure buffer.
///
///     let passphrase = try TerminalPrompt().readSecret(prompt: "Passphrase: ")
///
/// `device` is `/dev/tty` (the controlling terminal, whatever stdin and
/// stdout are) except in tests, which pass a pseudo-terminal's slave side.
public struct TerminalPrompt: Sendable {
    /// The terminal device read and written.
    public let device: String

    /// A prompt on `device`.
    public init(device: String = PassphraseSource.controllingTerminal) {
        self.device = device
    }

    /// Writes `prompt`, reads one line with echo off, writes the line break
    /// the terminal did not echo, and returns the line without it. Throws
    /// `noSource` when the device cannot be opened or is not a terminal
    /// (no controlling terminal), `terminal` at end of input before
    /// anything was typed, and `policy` for a line over
    /// `PassphrasePolicy.maximumByteCount` bytes.
    public func readSecret(prompt: String) throws(PassphraseError) -> SecureBytes {
        let fd = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw .noSource }
        defer { close(fd) }
        return try TerminalEcho.withEchoOff(fd: fd) { () throws(PassphraseError) -> SecureBytes in
            do {
                try Files.writeAll(fd, Array(prompt.utf8))
            } catch {
                throw .terminal("write: \(error)")
            }
            defer { try? Files.writeAll(fd, [0x0A]) }
            return try Self.readLine(fd)
        }
    }

    /// Writes `prompt` and reads one line with echo on: an answer to a
    /// question (yes or no), never a secret. Throws as `readSecret`.
    public func readAnswer(prompt: String) throws(PassphraseError) -> String {
        let fd = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0, isatty(fd) == 1 else {
            if fd >= 0 { close(fd) }
            throw .noSource
        }
        defer { close(fd) }
        do {
            try Files.writeAll(fd, Array(prompt.utf8))
        } catch {
            throw .terminal("write: \(error)")
        }
        return try Self.readLine(fd).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads bytes up to a line break or end of input into a secure buffer.
    static func readLine(_ fd: Int32) throws(PassphraseError) -> SecureBytes {
        let capacity = PassphrasePolicy.maximumByteCount
        var count = 0, overflow = false, sawEnd = false
        var failure: SystemError?
        let buffer = SecureBytes(count: capacity + 1) { buffer in
            while true {
                // Past the capacity, the last byte is overwritten until the line ends.
                let slot = buffer.baseAddress! + min(count, capacity)
                let n = read(fd, slot, 1)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .current("read")
                    return
                }
                if n == 0 { sawEnd = true; return }
                let byte = slot.load(as: UInt8.self)
                if byte == 0x0A || byte == 0x0D {
                    slot.storeBytes(of: 0, as: UInt8.self)
                    return
                }
                if count < capacity { count += 1 } else { overflow = true }
            }
        }
        if let failure { throw .terminal("read: \(failure)") }
        if sawEnd && count == 0 { throw .terminal("end of input") }
        if overflow { throw .policy("the passphrase is longer than \(capacity) bytes") }
        return buffer.withUnsafeBytes { bytes in
            SecureBytes(count: count) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<count])) }
        }
    }
}
