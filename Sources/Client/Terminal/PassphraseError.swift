import Platform

/// Why no passphrase could be read. No case carries passphrase bytes.
public enum PassphraseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No passphrase file, no `TRUSTFORUM_PASSPHRASE`, and no terminal.
    case noSource
    /// The passphrase file could not be used (missing, not private, empty …).
    case file(path: String, reason: String)
    /// `TRUSTFORUM_PASSPHRASE` is set but empty.
    case emptyEnvironment
    /// The terminal failed or hit end of input before a line was typed.
    case terminal(String)
    /// The two passphrases typed when creating differ.
    case mismatch
    /// The passphrase breaks `PassphrasePolicy` (too short, too long, empty).
    case policy(String)

    /// One line for `Error: …`, naming the path and the fix where there is one.
    public var description: String {
        switch self {
        case .noSource:
            return "no passphrase: use --passphrase-file or TRUSTFORUM_PASSPHRASE, or run in a terminal"
        case let .file(path, reason):
            return "passphrase file \(path): \(reason)"
        case .emptyEnvironment:
            return "TRUSTFORUM_PASSPHRASE is set but empty"
        case let .terminal(reason):
            return "cannot read the passphrase from the terminal: \(reason)"
        case .mismatch:
            return "the two passphrases differ"
        case let .policy(reason):
            return reason
        }
    }
}
