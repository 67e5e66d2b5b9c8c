/// Parses a command line against a ``Command`` tree and runs the chosen command.
///
/// ```swift
/// // In the executable:
/// exit(ArgsRunner.run(root, version: "1.0.0"))
///
/// // In a test:
/// var io = CommandIO.capturing(environment: [:])
/// let code = ArgsRunner.run(root, version: "1.0.0", arguments: ["help", "audit"], io: &io)
/// ```
///
/// | command line                          | writes                              | exit |
/// | ------------------------------------- | ----------------------------------- | ---- |
/// | `-h`, `--help` anywhere before `--`   | help of the command named, stdout   | 0    |
/// | `help audit verify` (root only)       | the same help text, stdout          | 0    |
/// | a group without `run`, bare           | its help, stdout                    | 0    |
/// | `--version` among the root's options  | the version and a newline, stdout   | 0    |
/// | a parse error or thrown `UsageError`  | `Error: …`, usage, `See '…'`, stderr | 64   |
/// | another error thrown by `run`         | `Error: <description>`, stderr      | 1    |
/// | otherwise                             | what `run` writes                   | what `run` returns |
public enum ArgsRunner {
    /// Runs the process's own command line (without the program name) with
    /// its real standard streams and environment; returns the exit code.
    public static func run(_ root: Command, version: String) -> Int32 {
        var io = CommandIO.process()
        return run(root, version: version, arguments: Array(CommandLine.arguments.dropFirst()), io: &io)
    }

    /// Runs `arguments` (without the program name) against `root`; returns the exit code.
    ///
    /// Stops the process if the tree has ``Command/definitionProblems``: that
    /// is a programmer error, like a duplicate dictionary key.
    public static func run(_ root: Command, version: String, arguments: [String], io: inout CommandIO) -> Int32 {
        let problems = root.definitionProblems
        precondition(problems.isEmpty, "Invalid command tree:\n" + problems.joined(separator: "\n"))
        switch Parser(root: root, environment: io.environment).parse(arguments) {
        case .help(let path):
            io.output.write(HelpFormatter.help(for: path))
            return ExitCode.success
        case .version:
            io.print(version)
            return ExitCode.success
        case .failure(let path, let failure):
            io.errorOutput.write(HelpFormatter.usageError(failure.message, path: path))
            return ExitCode.usage
        case .run(let path, let parsed):
            guard let run = path[path.count - 1].run else { preconditionFailure("parser chose a command without run") }
            do {
                return try run(parsed, &io)
            } catch let error as UsageError {
                io.errorOutput.write(HelpFormatter.usageError(error.message, path: path))
                return ExitCode.usage
            } catch {
                io.printError("Error: \(error)")
                return ExitCode.failure
            }
        }
    }
}
