/// A command of the command-line tool: a leaf that runs, or a group of subcommands.
///
/// Describe the whole tool as one tree of values and hand it to ``ArgsRunner``:
///
/// ```swift
/// let verify = Command(
///     name: "verify", abstract: "Verify the audit log's hash chain.",
///     options: [
///         .value("data", short: "d", valueName: "dir", help: "The data directory.",
///                env: "TRUSTFORUM_DATA", required: true),
///         .value("checkpoint", valueName: "file", help: "A signed checkpoint to check against."),
///     ],
///     exitCodes: [(3, "The chain is broken.")]
/// ) { parsed, io in
///     let data = parsed.value("data")!          // required: always present here
///     guard data.hasPrefix("/") else { throw UsageError("--data must be an absolute path") }
///     io.print("verified \(data)")
///     return 0
/// }
/// let root = Command(
///     name: "trustforum", abstract: "A closed forum for confidential security questions.",
///     subcommands: [Command(name: "audit", abstract: "Check the audit log.", subcommands: [verify])])
///
/// @main enum Main {
///     static func main() { exit(ArgsRunner.run(root, version: "1.0.0")) }
/// }
/// ```
///
/// A command either has subcommands or positional ``arguments``, never both.
/// A group without a `run` closure, invoked bare, prints its help to standard
/// output and exits 0, as swift-argument-parser does. The root answers to
/// `help <subcommand>...` and `--version`; every command answers to `-h` and
/// `--help`. ``definitionProblems`` lists mistakes in a tree; ``ArgsRunner``
/// refuses to run a tree that has any.
public struct Command: Sendable {
    /// What a leaf does: read the parsed values, write through the IO, return
    /// the exit code. Throw ``UsageError`` for a usage mistake the parser cannot
    /// see (exit 64); any other error is printed as `Error: <description>` (exit 1).
    public typealias Run = @Sendable (ParsedArguments, inout CommandIO) throws -> Int32

    /// The name typed on the command line: lowercase words joined by `-`.
    public let name: String
    /// One sentence: the first line of help and the row in the parent's `SUBCOMMANDS:`.
    public let abstract: String
    /// Longer help after the overview; each line is wrapped on its own, so
    /// write one paragraph a line and separate paragraphs with an empty line.
    public let discussion: String?
    /// Positional arguments, leaves only.
    public let arguments: [Argument]
    /// Options given after this command's name.
    public let options: [Option]
    /// Subcommands, in the order help lists them.
    public let subcommands: [Command]
    /// Command-specific exit codes for the `EXIT CODES:` section of help.
    public let exitCodes: [(Int32, String)]
    /// What the command does; `nil` for a group that only holds subcommands.
    public let run: Run?

    /// Declares a command; see the type's documentation for an example.
    public init(
        name: String, abstract: String, discussion: String? = nil,
        arguments: [Argument] = [], options: [Option] = [],
        subcommands: [Command] = [], exitCodes: [(Int32, String)] = [],
        run: Run? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.exitCodes = exitCodes
        self.run = run
    }
}

extension Command {
    /// The subcommand called `name`, if any.
    func subcommand(named name: String) -> Command? {
        subcommands.first { $0.name == name }
    }

    /// The option answering to the long name `name` (without dashes), and
    /// whether that name is the `no-` inversion.
    func option(long name: String) -> (option: Option, inverted: Bool)? {
        for option in options {
            if option.name == name { return (option, false) }
            if option.hasInversion && "no-" + option.name == name { return (option, true) }
        }
        return nil
    }

    /// The option answering to `-c`.
    func option(short: Character) -> Option? {
        options.first { $0.short == short }
    }

    /// How many positional values the command accepts; `nil` when unbounded.
    var positionalCapacity: Int? {
        if arguments.contains(where: { if case .variadic = $0.arity { true } else { false } }) {
            return nil
        }
        return arguments.count
    }
}
