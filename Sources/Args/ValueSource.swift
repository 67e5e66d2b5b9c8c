/// Where an option's value came from, in order of precedence.
///
/// A caller that reads a configuration file layers it between the environment
/// and the default: use the file's value when ``ParsedArguments/source(_:)``
/// is `.default` or `.absent`.
public enum ValueSource: Sendable, Equatable {
    /// Given on the command line.
    case commandLine
    /// Read from the option's environment variable.
    case environment
    /// The declared default (for flags, the flag's default).
    case `default`
    /// Not given, no environment variable set, no default.
    case absent
}
