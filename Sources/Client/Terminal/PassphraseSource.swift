/// Where a passphrase comes from, in the order `resolve` tries them:
/// `--passphrase-file FILE`, then `TRUSTFORUM_PASSPHRASE`, then the
/// terminal (`/dev/tty`, echo off).
///
///     let source = PassphraseSource.resolve(file: options.passphraseFile, environment: env)
///     let passphrase = try source.read(for: .unlock, environment: env)
public enum PassphraseSource: Sendable, Equatable {
    /// The first line of a private file, without its line break.
    case file(path: String)
    /// The value of an environment variable.
    case environment(variable: String)
    /// A prompt on a terminal device, with echo off.
    case terminal(device: String)

    /// The environment variable that holds a passphrase.
    public static let environmentVariable = "TRUSTFORUM_PASSPHRASE"
    /// The process's controlling terminal.
    public static let controllingTerminal = "/dev/tty"

    /// The first source present: `file`, then `environment[TRUSTFORUM_PASSPHRASE]`
    /// (set, even empty, counts as present: an empty value is then an
    /// error rather than a silent fallback to the terminal), then `terminal`.
    /// Whether the terminal exists is found out when reading.
    public static func resolve(file: String?, environment: [String: String],
                               terminal: String = controllingTerminal) -> PassphraseSource {
        if let file { return .file(path: file) }
        if environment[environmentVariable] != nil { return .environment(variable: environmentVariable) }
        return .terminal(device: terminal)
    }
}

/// What the passphrase is for: unlocking asks once; creating asks twice on
/// a terminal and applies `PassphrasePolicy`'s minimum length.
public enum PassphrasePurpose: Sendable, Equatable {
    /// Opening an existing keystore.
    case unlock
    /// A new keystore or a new passphrase.
    case create
}
