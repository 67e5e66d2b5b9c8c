import Crypto
import Platform

/// A key in a file of its own, outside the database: one line
/// `trustforum-key/v1 KIND BASE64`. Secret kinds are created 0600 and
/// refused when the file is readable by group or others; the kind in the
/// file must be the kind asked for, so a key can never be used in the wrong
/// role by a mix-up of paths.
public enum KeyFile {
    public enum Kind: String, Sendable, CaseIterable {
        /// The audit chain's MAC key (32 random bytes).
        case auditMAC = "audit-mac"
        /// The server's Ed25519 signing seed (audit checkpoints).
        case serverSigning = "server-signing"
        /// An operator's X25519 seed for opening backups.
        case backupSecret = "backup-secret"
        /// An operator's X25519 public key for sealing backups (not secret).
        case backupPublic = "backup-public"

        var isSecret: Bool { self != .backupPublic }
        var byteCount: Int { 32 }
    }

    public enum KeyFileError: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String, SystemError)
        case malformed(path: String)
        case wrongKind(path: String, expected: String, found: String)
        case insecureMode(path: String, mode: UInt32)
        case exists(path: String)
        case unwritable(path: String, SystemError)

        public var description: String {
            switch self {
            case .unreadable(let path, let error): "cannot read the key file \(path): \(error)"
            case .malformed(let path): "\(path) is not a TrustForum key file"
            case .wrongKind(let path, let expected, let found): "\(path) holds a \(found) key, not a \(expected) key"
            case .insecureMode(let path, let mode): "\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it"
            case .exists(let path): "\(path) exists already; refusing to overwrite a key"
            case .unwritable(let path, let error): "cannot write the key file \(path): \(error)"
            }
        }
    }

    /// Reads a key of `kind`.
    public static func read(_ path: String, kind: Kind) throws(KeyFileError) -> SecureBytes {
        let bytes: [UInt8]
        do {
            bytes = try Files.read(path)
        } catch {
            throw .unreadable(path: path, error)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "trustforum-key/v1" else { throw .malformed(path: path) }
        guard parts[1] == kind.rawValue else {
            throw .wrongKind(path: path, expected: kind.rawValue, found: String(parts[1].prefix(32)))
        }
        if kind.isSecret, let mode = Files.mode(path), mode & 0o077 != 0 {
            throw .insecureMode(path: path, mode: UInt32(mode))
        }
        guard let raw = try? Base64.decode(String(parts[2])), raw.count == kind.byteCount else {
            throw .malformed(path: path)
        }
        return SecureBytes(raw)
    }

    /// Writes a new key file; never overwrites one.
    public static func create(_ path: String, kind: Kind, key: SecureBytes) throws(KeyFileError) {
        precondition(key.count == kind.byteCount)
        if Files.exists(path) { throw .exists(path: path) }
        let line = "trustforum-key/v1 \(kind.rawValue) \(Base64.encode(key.copyBytes()))\n"
        do {
            try Files.makeDirectory(Files.directoryName(path), mode: 0o700)
            try Files.createExclusive(path, Array(line.utf8), mode: kind.isSecret ? 0o600 : 0o644)
        } catch {
            throw .unwritable(path: path, error)
        }
    }
}
