/// What a command line asks for, decided before anything runs.
enum ParseOutcome {
    /// Run the last command of `path` with these values.
    case run(path: [Command], ParsedArguments)
    /// Print the help of the last command of `path` to standard output.
    case help(path: [Command])
    /// Print the version to standard output.
    case version
    /// A usage error, reported with the usage of the last command of `path`.
    case failure(path: [Command], ParseFailure)
}

/// Turns the arguments of one invocation into a ``ParseOutcome``.
///
/// One pass from left to right: names descend into subcommands, options are
/// looked up in the current command only, the first mistake stops the pass.
/// `-h` or `--help` anywhere before `--` turns any outcome, errors included,
/// into the help of the deepest command reached; that check is exact because
/// a value never begins with `-` unless attached with `=`.
struct Parser {
    let root: Command
    let environment: [String: String]

    func parse(_ tokens: [String]) -> ParseOutcome {
        let wantsHelp = tokens.prefix { $0 != "--" }.contains { $0 == "-h" || $0 == "--help" }
        var walk = Walk(path: [root])
        do {
            try walk.consume(tokens)
        } catch {
            return wantsHelp ? .help(path: walk.path) : .failure(path: walk.path, error)
        }
        if wantsHelp || walk.helpMode { return .help(path: walk.path) }
        if walk.versionRequested { return .version }
        let command = walk.path[walk.path.count - 1]
        if !command.subcommands.isEmpty && command.run == nil { return .help(path: walk.path) }
        do {
            return .run(path: walk.path, try walk.resolve(environment: environment))
        } catch {
            return .failure(path: walk.path, error)
        }
    }
}
