#if canImport(Glibc)
import Glibc
#endif

/// File helpers with the modes a security product needs: secrets are created
/// 0600 from the first byte (never chmod-ed afterwards), replacements are
/// atomic (write, fsync, rename, fsync the directory).
public enum Files {
    /// True when something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// True when `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The permission bits of `path`, or nil when it does not exist.
    public static func mode(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o7777
    }

    /// Creates `path` and its missing parents with `mode` (0700 by default);
    /// an existing directory is left as it is.
    public static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws(SystemError) {
        if isDirectory(path) { return }
        let parent = directoryName(path)
        if parent != path && !parent.isEmpty && !isDirectory(parent) {
            try makeDirectory(parent, mode: mode)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw SystemError.current("mkdir")
        }
    }

    /// Reads a whole file.
    public static func read(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.current("open") }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.current("read")
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }

    /// Writes `bytes` to `path` atomically with `mode`: a temporary file in
    /// the same directory, fsync, rename over `path`, fsync of the directory.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) throws(SystemError) {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SystemError.current("open") }
        do throws(SystemError) {
            try writeAll(fd, bytes)
            if fchmod(fd, mode) != 0 { throw SystemError.current("fchmod") }
            if fsync(fd) != 0 { throw SystemError.current("fsync") }
            close(fd)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        if rename(tmp, path) != 0 {
            let err = SystemError.current("rename")
            unlink(tmp)
            throw err
        }
        syncDirectory(directoryName(path))
    }

    /// Creates a new file that must not exist yet, with `mode` from the first
    /// byte; refuses to overwrite (EEXIST).
    public static func createExclusive(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) throws(SystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SystemError.current("open") }
        defer { close(fd) }
        do throws(SystemError) {
            try writeAll(fd, bytes)
            if fsync(fd) != 0 { throw SystemError.current("fsync") }
        } catch {
            unlink(path)
            throw error
        }
        syncDirectory(directoryName(path))
    }

    /// Writes every byte, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.current("write")
            }
            offset += n
        }
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) {
        unlink(path)
    }

    /// fsyncs a directory so that a rename or create in it is durable.
    public static func syncDirectory(_ path: String) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The directory part of a path ("." for a bare name).
    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Joins path components with "/".
    public static func join(_ base: String, _ component: String) -> String {
        if base.hasSuffix("/") { return base + component }
        return base + "/" + component
    }
}

/// An exclusive advisory lock on a file (flock), held while the value lives.
/// `serve` holds one on the data directory so that `restore` cannot replace
/// the database under a running server.
public final class FileLock: @unchecked Sendable {
    // @unchecked: immutable after init; the descriptor is closed once in deinit.
    private let fd: Int32

    /// Takes the lock without waiting; nil when another process holds it.
    public init?(path: String) throws(SystemError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.current("open") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
