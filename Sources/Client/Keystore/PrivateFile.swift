#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Platform

/// Reading a file that holds a secret (the keystore, `profile.json`, a
/// passphrase file) only when nobody else could have read or replaced it:
/// a regular file, owned by the effective user, with no permission bit for
/// group or others — the rule OpenSSH applies to private keys.
///
///     let bytes = try PrivateFile.read("/home/me/.config/trustforum/keystore", limit: 1 << 20)
///
/// The checks run on the open descriptor (`fstat`), not on the path, so the
/// file that is checked is the file that is read.
enum PrivateFile {
    /// Why a private file was not read.
    enum Failure: Error, Equatable {
        /// Nothing at the path (`ENOENT`).
        case notFound
        /// Not a regular file (a directory, a device, a FIFO).
        case notRegular
        /// Owned by another user.
        case notOwned(uid: UInt32)
        /// Group or others have some permission; `mode` is the permission bits.
        case insecureMode(mode: UInt32)
        /// Larger than the caller's limit.
        case tooLarge(size: Int)
        /// `open`, `fstat` or `read` failed.
        case system(SystemError)
    }

    /// The permission bits that must be clear on a private file or directory.
    static let groupOtherBits: mode_t = 0o077

    /// The whole file, after the checks above; at most `limit` bytes.
    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = try openChecked(path, limit: limit)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system(.current("read"))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= limit else { throw .tooLarge(size: bytes.count) }
        }
        return bytes
    }

    /// At most `limit` bytes of the file, read straight into a secure buffer
    /// (for a passphrase file: no ordinary array ever holds the bytes).
    /// `more` is true when the file is longer than `limit`.
    static func readSecret(_ path: String, limit: Int) throws(Failure) -> (bytes: SecureBytes, more: Bool) {
        let fd = try openChecked(path, limit: Int.max)
        defer { close(fd) }
        var total = 0
        var failure: SystemError?
        let buffer = SecureBytes(count: limit + 1) { buffer in
            while total < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + total, buffer.count - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .current("read")
                    return
                }
                if n == 0 { break }
                total += n
            }
        }
        if let failure { throw .system(failure) }
        let kept = min(total, limit)
        let bytes = buffer.withUnsafeBytes { source in
            SecureBytes(count: kept) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<kept])) }
        }
        return (bytes, total > limit)
    }

    /// Opens `path` read-only and checks the descriptor: regular, ours,
    /// private, not larger than `limit`.
    static func openChecked(_ path: String, limit: Int) throws(Failure) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .notFound }
            throw .system(.current("open"))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let error = SystemError.current("fstat")
            close(fd)
            throw .system(error)
        }
        let failure: Failure?
        if (st.st_mode & S_IFMT) != S_IFREG {
            failure = .notRegular
        } else if st.st_uid != geteuid() {
            failure = .notOwned(uid: st.st_uid)
        } else if st.st_mode & groupOtherBits != 0 {
            failure = .insecureMode(mode: st.st_mode & 0o7777)
        } else if st.st_size > limit {
            failure = .tooLarge(size: Int(st.st_size))
        } else {
            failure = nil
        }
        if let failure {
            close(fd)
            throw failure
        }
        return fd
    }

    /// `0644`-style octal text of permission bits, for messages.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
