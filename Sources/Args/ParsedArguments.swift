/// The values of one successful parse, handed to a leaf's `run` closure.
///
/// Holds the options of every command on the path (a group's options are
/// given before its subcommand's name) and the leaf's positional arguments.
///
/// ```swift
/// let data = parsed.value("data")            // String?
/// let recipients = parsed.values("to")       // [String], in command-line order
/// if parsed.flag("force") { … }
/// let member = parsed.argument("member")     // String?
/// if parsed.source("data") == .default { /* a config file may override */ }
/// ```
///
/// Asking for a name the path does not declare, or asking a flag for a value
/// (and the reverse), is a programmer error and stops the process, like an
/// out-of-range index: a misspelt name must not quietly read as "absent".
public struct ParsedArguments: Sendable {
    /// One option's outcome.
    struct Entry: Sendable {
        var option: Option
        var values: [String]
        var flag: Bool
        var source: ValueSource
    }

    /// The names typed to reach the command: `["trustforum", "audit", "verify"]`.
    public let commandPath: [String]
    /// Options by long name, for every command on the path.
    let entries: [String: Entry]
    /// Positional values by argument name, for the leaf.
    let positionals: [String: [String]]

    init(commandPath: [String], entries: [String: Entry], positionals: [String: [String]]) {
        self.commandPath = commandPath
        self.entries = entries
        self.positionals = positionals
    }

    /// The value of a value option: the last one given for a repeatable option,
    /// `nil` when ``source(_:)`` is `.absent`.
    public func value(_ name: String) -> String? {
        entry(name, kind: .value).values.last
    }

    /// All values of a value option, in command-line order; the environment or
    /// default value alone when the command line gives none.
    public func values(_ name: String) -> [String] {
        entry(name, kind: .value).values
    }

    /// Whether a flag is set: `--name` → true, `--no-name` → false, else its default.
    public func flag(_ name: String) -> Bool {
        entry(name, kind: .flag).flag
    }

    /// Where an option's value came from, or for a positional argument
    /// `.commandLine` or `.absent`.
    public func source(_ name: String) -> ValueSource {
        if let values = positionals[name] { return values.isEmpty ? .absent : .commandLine }
        guard let entry = entries[name] else { undeclared(name) }
        return entry.source
    }

    /// The value of a positional argument, `nil` when an optional one was left out.
    public func argument(_ name: String) -> String? {
        arguments(name).first
    }

    /// The values of a positional argument (all of a variadic one), in order.
    public func arguments(_ name: String) -> [String] {
        guard let values = positionals[name] else { undeclared(name) }
        return values
    }

    private func entry(_ name: String, kind: Option.Kind) -> Entry {
        guard let entry = entries[name] else { undeclared(name) }
        precondition(
            entry.option.kind == kind,
            "'\(name)' on '\(commandPath.joined(separator: " "))' is a \(entry.option.kind == .flag ? "flag" : "value option")")
        return entry
    }

    private func undeclared(_ name: String) -> Never {
        preconditionFailure("'\(commandPath.joined(separator: " "))' declares no option or argument '\(name)'")
    }
}
