/// Renders help, usage lines and usage errors in swift-argument-parser's layout.
enum HelpFormatter {
    /// The meanings of the exit codes every command shares.
    static let standardExitCodes: [(Int32, String)] = [
        (ExitCode.success, "Success."),
        (ExitCode.failure, "Failure."),
        (ExitCode.usage, "Usage error: a wrong or missing argument or option."),
    ]

    /// The help of the last command of `path`: `OVERVIEW:`, the discussion,
    /// `USAGE:`, `ARGUMENTS:`, `OPTIONS:`, `ENVIRONMENT:`, `EXIT CODES:` and
    /// `SUBCOMMANDS:`, the empty sections left out.
    static func help(for path: [Command]) -> String {
        let command = path[path.count - 1]
        var blocks = [TextLayout.wrap("OVERVIEW: " + command.abstract).joined(separator: "\n")]
        if let discussion = command.discussion {
            blocks.append(TextLayout.wrap(discussion).joined(separator: "\n"))
        }
        blocks.append(usage(for: path, prefix: "USAGE: "))
        if !command.arguments.isEmpty {
            blocks.append(section("ARGUMENTS:", command.arguments.map { ($0.label, $0.help) }))
        }
        var options = command.options.map { (label(of: $0), text(of: $0)) }
        if path.count == 1 { options.append(("--version", "Show the version.")) }
        options.append(("-h, --help", "Show help information."))
        blocks.append(section("OPTIONS:", options))
        let variables = command.options.compactMap { option in
            option.environmentVariable.map { ($0, "Used when \(option.longSpelling) is not given.") }
        }
        if !variables.isEmpty { blocks.append(section("ENVIRONMENT:", variables)) }
        if !command.exitCodes.isEmpty { blocks.append(section("EXIT CODES:", exitCodes(of: command))) }
        if !command.subcommands.isEmpty {
            let names = ([path[0].name, "help"] + path.dropFirst().map(\.name)).joined(separator: " ")
            blocks.append(
                section("SUBCOMMANDS:", command.subcommands.map { ($0.name, $0.abstract) })
                    + "\n\n  See '\(names) <subcommand>' for detailed help.")
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// `Error: …`, the usage line and the pointer to `--help`, for standard error.
    static func usageError(_ message: String, path: [Command]) -> String {
        "Error: \(message)\n" + usage(for: path, prefix: "Usage: ")
            + "\n  See '\(path.map(\.name).joined(separator: " ")) --help' for more information.\n"
    }

    /// `USAGE: trustforum audit verify --data <dir> [--checkpoint <file>]`, each
    /// command's options after its name, wrapped under the first subcommand.
    static func usage(for path: [Command], prefix: String) -> String {
        var units = [prefix + path[0].name]
        for (depth, command) in path.enumerated() {
            if depth > 0 { units.append(command.name) }
            units += command.options.map(synopsis(of:))
        }
        let command = path[path.count - 1]
        if !command.subcommands.isEmpty {
            units.append(command.run == nil ? "<subcommand>" : "[<subcommand>]")
        }
        units += command.arguments.map(\.synopsis)
        return TextLayout.flow(units, indent: min(units[0].count + 1, 40))
    }

    private static func section(_ title: String, _ rows: [(String, String)]) -> String {
        ([title] + rows.map { TextLayout.row($0.0, $0.1) }).joined(separator: "\n")
    }

    /// `[--to <member> ...]`, `--data <dir>`, `[--force]`, `[--x|--no-x]`.
    private static func synopsis(of option: Option) -> String {
        switch option.kind {
        case .flag:
            "[" + ([option.longSpelling] + [option.invertedSpelling].compactMap { $0 }).joined(separator: "|") + "]"
        case .value:
            (option.label(spelling: option.longSpelling) + (option.isRepeatable ? " ..." : ""))
                .bracketed(unless: option.isRequired)
        }
    }

    /// `-d, --data <dir>` or `--auto-migrate/--no-auto-migrate`.
    private static func label(of option: Option) -> String {
        let short = option.short.map { "-\($0), " } ?? ""
        let long = ([option.longSpelling] + [option.invertedSpelling].compactMap { $0 }).joined(separator: "/")
        return short + option.label(spelling: long)
    }

    /// The help sentence, then `(env: …)` and `(default: …)`, each kept on one
    /// line; a secret's default is never shown.
    private static func text(of option: Option) -> String {
        var text = option.help
        if let variable = option.environmentVariable { text += " " + TextLayout.unbroken("(env: \(variable))") }
        if option.kind == .flag && option.hasInversion {
            let spelling = option.defaultFlag ? option.longSpelling : option.invertedSpelling ?? ""
            text += " " + TextLayout.unbroken("(default: \(spelling))")
        } else if let value = option.defaultValue, !option.isSecret {
            text += " " + TextLayout.unbroken("(default: \(value))")
        }
        return text
    }

    /// The declared codes and the standard ones, the declared meaning winning, by code.
    private static func exitCodes(of command: Command) -> [(String, String)] {
        var meanings: [Int32: String] = [:]
        for (code, meaning) in standardExitCodes + command.exitCodes { meanings[code] = meaning }
        return meanings.keys.sorted().map { (String($0), meanings[$0]!) }
    }
}

extension String {
    fileprivate func bracketed(unless required: Bool) -> String {
        required ? self : "[\(self)]"
    }
}
