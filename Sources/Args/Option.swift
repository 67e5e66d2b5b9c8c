/// A named option of a ``Command``: `--name VALUE` (a value option) or `--name` (a flag).
///
/// Options belong to the command that declares them and are given after that
/// command's name and before the name of any of its subcommands, like git's
/// `git -C DIR status`. Their values are visible to the leaf command's `run`
/// closure through ``ParsedArguments``.
///
/// ```swift
/// let options: [Option] = [
///     .value("data", short: "d", valueName: "dir", help: "The data directory.",
///            env: "TRUSTFORUM_DATA", required: true),
///     .value("to", valueName: "member", help: "A recipient.", repeatable: true),
///     .value("passphrase", help: "The key passphrase.", env: "TRUSTFORUM_PASSPHRASE", secret: true),
///     .flag("force", short: "f", help: "Overwrite an existing file."),
///     .flag("auto-migrate", help: "Apply pending migrations.", inversion: true, default: true),
/// ]
/// ```
///
/// Spellings accepted on the command line: `--data DIR`, `--data=DIR`, `-d DIR`.
/// A value that begins with `-` must use the `=` form (`--offset=-5`), so that a
/// forgotten value never swallows the next option. Short options cannot be
/// combined (`-fv`) nor carry their value attached (`-dDIR`).
public struct Option: Sendable {
    /// Whether the option takes a value or is a flag.
    public enum Kind: Sendable, Equatable {
        /// `--name VALUE`.
        case value
        /// `--name`, and `--no-name` when declared with an inversion.
        case flag
    }

    /// The long name, without dashes: `"data"` for `--data`.
    public let name: String
    /// The one-letter short name, without the dash: `"d"` for `-d`.
    public let short: Character?
    /// One sentence for the help text.
    public let help: String
    /// Value option or flag.
    public let kind: Kind
    /// The placeholder shown in help, lowercased: `dir` shows as `--data <dir>`.
    public let valueName: String
    /// An environment variable read when the option is absent from the command line.
    public let environmentVariable: String?
    /// The value used when neither the command line nor the environment gives one.
    public let defaultValue: String?
    /// A value option that must be given (on the command line or through its environment variable).
    public let isRequired: Bool
    /// A value option that may be given more than once; values are kept in order.
    public let isRepeatable: Bool
    /// A value that is never printed: not in errors, not as a default in help.
    public let isSecret: Bool
    /// A flag that also accepts `--no-NAME`.
    public let hasInversion: Bool
    /// The value of a flag that is not given.
    public let defaultFlag: Bool

    /// An option that takes a value: `--name VALUE` or `--name=VALUE`.
    ///
    /// - Parameters:
    ///   - name: the long name without dashes, lowercase words joined by `-`.
    ///   - short: a one-letter alias, `-d`.
    ///   - valueName: the placeholder in help, `--data <dir>`; the option's name when `nil`.
    ///   - help: one sentence for the help text.
    ///   - env: an environment variable used when the option is absent; an empty
    ///     variable counts as unset.
    ///   - default: the value used when neither the command line nor `env` gives one.
    ///   - required: the parse fails unless the command line or `env` gives a value.
    ///   - repeatable: may be given several times; read with ``ParsedArguments/values(_:)``.
    ///     Otherwise giving it twice is a usage error.
    ///   - secret: its value never appears in errors or help. Prefer `env` for
    ///     secrets: a command line is visible to other users in `ps`.
    public static func value(
        _ name: String, short: Character? = nil, valueName: String? = nil, help: String,
        env: String? = nil, default: String? = nil, required: Bool = false,
        repeatable: Bool = false, secret: Bool = false
    ) -> Option {
        Option(
            name: name, short: short, help: help, kind: .value,
            valueName: (valueName ?? name).lowercased(), environmentVariable: env,
            defaultValue: `default`, isRequired: required, isRepeatable: repeatable,
            isSecret: secret, hasInversion: false, defaultFlag: false)
    }

    /// A flag: `--name` sets it; with `inversion: true`, `--no-name` clears it.
    ///
    /// A flag takes no value (`--force=yes` is a usage error) and may be given
    /// once (`--x --no-x` is a usage error too).
    ///
    /// - Parameters:
    ///   - default: the value when the flag is not given; `true` needs `inversion`.
    public static func flag(
        _ name: String, short: Character? = nil, help: String,
        inversion: Bool = false, default: Bool = false
    ) -> Option {
        Option(
            name: name, short: short, help: help, kind: .flag, valueName: "",
            environmentVariable: nil, defaultValue: nil, isRequired: false,
            isRepeatable: false, isSecret: false, hasInversion: inversion, defaultFlag: `default`)
    }
}

extension Option {
    /// `--data`.
    var longSpelling: String { "--" + name }

    /// `--no-auto-migrate`, for flags with an inversion.
    var invertedSpelling: String? { hasInversion ? "--no-" + name : nil }

    /// Every long name this option answers to, without dashes.
    var longNames: [String] { hasInversion ? [name, "no-" + name] : [name] }

    /// `--data <dir>`: the spelling followed by the value placeholder, for messages.
    func label(spelling: String) -> String {
        kind == .value ? "\(spelling) <\(valueName)>" : spelling
    }
}
