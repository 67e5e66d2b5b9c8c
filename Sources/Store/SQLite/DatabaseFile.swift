#if canImport(Glibc)
import Glibc
#endif
import Platform

/// The database file's permissions. SQLite creates files with the process
/// umask, so the store creates the database itself, 0600 from the first
/// byte; SQLite then gives the -wal and -shm files the database file's mode
/// (https://sqlite.org/tempfiles.html, `unixOpen`/`findCreateFileMode` in
/// os_unix.c), so they are 0600 too.
enum DatabaseFile {
    /// The files SQLite keeps next to a WAL database.
    static func companions(of path: String) -> [String] {
        [path, path + "-wal", path + "-shm"]
    }

    /// Creates `path` 0600 when it is missing and `create` is true; checks
    /// that it and any -wal/-shm are regular files no one else can read.
    static func prepare(_ path: String, create: Bool) throws(StoreError) {
        if create && !Files.exists(path) {
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                close(fd)
                Files.syncDirectory(Files.directoryName(path))
            } else if errno != EEXIST {
                throw .file(path: path, .current("open"))
            }
        }
        for file in companions(of: path) {
            try check(file)
        }
    }

    /// Refuses a symbolic link or non-regular file, or group/other permissions.
    /// A missing file passes (SQLite reports it, or creates it with the
    /// database file's mode).
    private static func check(_ path: String) throws(StoreError) {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw .file(path: path, .current("lstat"))
        }
        guard st.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        let mode = st.st_mode & 0o7777
        if mode & 0o077 != 0 { throw .insecureFileMode(path: path, mode: UInt32(mode)) }
    }
}
