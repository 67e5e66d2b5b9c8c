#if canImport(Glibc)
import Glibc
#endif
import Platform

/// A plain file descriptor for streaming backups in and out.
final class RawFile {
    let fd: Int32
    let path: String

    init(reading path: String) throws(BackupError) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open \(path): \(SystemError.current("open"))") }
        self.path = path
    }

    /// Creates a new file 0600 (refusing an existing one).
    init(creating path: String) throws(BackupError) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .io("cannot create \(path): \(SystemError.current("open"))") }
        self.path = path
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes; fewer only at the end of the file.
    func read(_ count: Int) throws(BackupError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, count - got) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read \(path): \(SystemError.current("read"))")
            }
            if n == 0 { break }
            got += n
        }
        out.removeLast(count - got)
        return out
    }

    func write(_ bytes: [UInt8]) throws(BackupError) {
        do {
            try Files.writeAll(fd, bytes)
        } catch {
            throw .io("cannot write \(path): \(error)")
        }
    }

    func sync() throws(BackupError) {
        if fsync(fd) != 0 { throw .io("cannot sync \(path): \(SystemError.current("fsync"))") }
    }
}
