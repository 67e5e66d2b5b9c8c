import Platform

/// Why a keystore could not be created, opened or written.
///
/// No case carries a passphrase or key material. `description` is the text
/// the command line prints after `Error: `.
///
///     do { _ = try Keystore.open(path: path, passphrase: passphrase) }
///     catch .wrongPassphrase { … ask again … }
public enum KeystoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The passphrase does not decrypt the keystore. Indistinguishable, by
    /// design, from a file altered by someone who also fixed its checksum.
    case wrongPassphrase
    /// The file is truncated, corrupted or not a keystore: it fails the
    /// structural checks or its checksum, before any key is derived.
    case damaged(String)
    /// A format version this client does not know (a newer client wrote it).
    case unsupportedVersion(UInt16)
    /// Argon2id parameters outside `Keystore.minimumParameters` …
    /// `Keystore.maximumOpsLimit` / `maximumMemLimit`, in a header or asked
    /// for at creation: a hostile file must not make us derive a weak key or
    /// allocate without bound.
    case unsafeParameters(opsLimit: UInt64, memLimit: UInt64)
    /// No keystore at the path.
    case notFound(path: String)
    /// Something already exists where a new keystore would be written; it is
    /// never overwritten.
    case alreadyExists(path: String)
    /// The file is readable or writable by group or others.
    case insecureMode(path: String, mode: UInt32)
    /// The file belongs to another user, or is not a regular file.
    case notPrivate(path: String, reason: String)
    /// A passphrase refused by `PassphrasePolicy` when creating or changing it.
    case weakPassphrase(String)
    /// A member or community id that is not a lower-case UUID (PROTOCOL.md §1),
    /// or an epoch-key name or value the format cannot hold.
    case invalidValue(String)
    /// Argon2id failed (usually: it could not allocate `memLimit` bytes).
    case keyDerivationFailed
    /// A system call on the file failed.
    case io(path: String, SystemError)

    /// One line for `Error: …`, naming the path and the fix where there is one.
    public var description: String {
        switch self {
        case .wrongPassphrase:
            return "wrong passphrase (or the keystore file was deliberately altered)"
        case let .damaged(reason):
            return "the keystore file is damaged: \(reason)"
        case let .unsupportedVersion(version):
            return "keystore format version \(version) is not supported by this client; upgrade trustforum"
        case let .unsafeParameters(ops, mem):
            return "keystore Argon2id parameters (opslimit \(ops), memlimit \(mem) bytes) are outside the accepted range "
                + "(opslimit \(Keystore.minimumParameters.opsLimit)...\(Keystore.maximumOpsLimit), "
                + "memlimit \(Keystore.minimumParameters.memLimit)...\(Keystore.maximumMemLimit))"
        case let .notFound(path):
            return "no keystore at \(path)"
        case let .alreadyExists(path):
            return "\(path) already exists; refusing to overwrite it"
        case let .insecureMode(path, mode):
            return "keystore \(path) has mode \(PrivateFile.octal(mode)): group and others must have no access; run: chmod 600 \(path)"
        case let .notPrivate(path, reason):
            return "keystore \(path) \(reason)"
        case let .weakPassphrase(reason):
            return reason
        case let .invalidValue(reason):
            return reason
        case .keyDerivationFailed:
            return "Argon2id key derivation failed (not enough memory?)"
        case let .io(path, error):
            return "\(path): \(error)"
        }
    }

    /// The keystore error for a failed `PrivateFile` read of `path`.
    init(_ failure: PrivateFile.Failure, path: String) {
        switch failure {
        case .notFound: self = .notFound(path: path)
        case .notRegular: self = .notPrivate(path: path, reason: "is not a regular file")
        case let .notOwned(uid): self = .notPrivate(path: path, reason: "belongs to another user (uid \(uid))")
        case let .insecureMode(mode): self = .insecureMode(path: path, mode: mode)
        case let .tooLarge(size): self = .damaged("\(size) bytes is larger than any keystore (at most \(KeystoreFormat.maximumFileSize))")
        case let .system(error): self = .io(path: path, error)
        }
    }
}
