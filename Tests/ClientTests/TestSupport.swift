#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Platform

/// A fresh private directory (0700) under the system's temporary directory,
/// removed with everything in it when `body` returns.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    let path = FileManager.default.temporaryDirectory.path + "/trustforum-client-\(UUID().uuidString.lowercased())"
    try Files.makeDirectory(path, mode: 0o700)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A passphrase as secure bytes.
func secret(_ text: String) -> SecureBytes {
    SecureBytes(Array(text.utf8))
}

/// Sets the permission bits of `path` (the test's own files).
func chmod(_ path: String, _ mode: mode_t) {
    precondition(Glibc.chmod(path, mode) == 0, "chmod \(path)")
}

/// Whether `haystack` contains `needle` as a contiguous run of bytes.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<start + needle.count].elementsEqual(needle)
    }
}

/// Writes `text` to a new file with `mode`.
func writeFile(_ path: String, _ text: String, mode: mode_t = 0o600) throws {
    try Files.createExclusive(path, Array(text.utf8), mode: mode)
    chmod(path, mode) // the umask may have cleared bits the test wants set
}
