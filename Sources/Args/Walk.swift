/// The state of one left-to-right pass over the arguments.
struct Walk {
    /// What the command line gave for one option.
    struct Given {
        var values: [String] = []
        var flag = false
    }

    /// The commands named so far, root first.
    var path: [Command]
    /// Options given, by long name (unique along a path).
    var given: [String: Given] = [:]
    /// Positional values of the current command, in order.
    var positionals: [String] = []
    /// After `help` at the root: the remaining names only select a command.
    var helpMode = false
    /// After `--`: every argument is positional.
    var afterTerminator = false
    /// `--version` at the root.
    var versionRequested = false

    private var current: Command { path[path.count - 1] }

    /// Reads every argument, or stops at `--version` or at the first mistake.
    mutating func consume(_ tokens: [String]) throws(ParseFailure) {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if afterTerminator || token == "-" || !token.hasPrefix("-") {
                try takePositional(token)
            } else if token == "--" {
                afterTerminator = true
            } else if token == "-h" || token == "--help" {
                continue  // Parser.parse already knows.
            } else if token == "--version" && path.count == 1 && !helpMode {
                versionRequested = true
                return
            } else {
                let next = index < tokens.count ? tokens[index] : nil
                if try takeOption(token, next: next) { index += 1 }
            }
        }
    }

    /// A subcommand name, the `help` pseudo-command, or a positional value.
    private mutating func takePositional(_ token: String) throws(ParseFailure) {
        let names = current.subcommands.map(\.name)
        if helpMode || (!current.subcommands.isEmpty && !afterTerminator) {
            if !helpMode && path.count == 1 && token == "help" {
                helpMode = true
            } else if let subcommand = current.subcommand(named: token) {
                path.append(subcommand)
            } else {
                let candidates = path.count == 1 && !helpMode ? names + ["help"] : names
                throw .unknownSubcommand(token, suggestion: Suggestion.closest(to: token, among: candidates))
            }
            return
        }
        if let capacity = current.positionalCapacity, positionals.count >= capacity {
            throw .unexpectedArgument(token)
        }
        positionals.append(token)
    }

    /// Records an option; returns whether it consumed `next` as its value.
    private mutating func takeOption(_ token: String, next: String?) throws(ParseFailure) -> Bool {
        if helpMode { throw .unknownOption(Self.nameOnly(token), suggestion: nil) }
        let (option, spelling, inverted, attached) = try lookUp(token)
        switch option.kind {
        case .flag:
            if attached != nil { throw .flagWithValue(spelling) }
            if let earlier = given[option.name] {
                let (set, cleared) = (option.longSpelling, option.invertedSpelling ?? "")
                if earlier.flag == !inverted { throw .repeated(inverted ? cleared : set) }
                throw inverted ? .conflictingFlags(set, cleared) : .conflictingFlags(cleared, set)
            }
            given[option.name] = Given(flag: !inverted)
            return false
        case .value:
            if given[option.name] != nil && !option.isRepeatable { throw .repeated(option.longSpelling) }
            if let attached {
                given[option.name, default: Given()].values.append(attached)
                return false
            }
            guard let next, next == "-" || !next.hasPrefix("-") else {
                throw .missingValue(label: option.label(spelling: spelling))
            }
            given[option.name, default: Given()].values.append(next)
            return true
        }
    }

    /// The current command's option for `--name`, `--name=value`, `--no-name` or `-c`.
    private func lookUp(_ token: String) throws(ParseFailure)
        -> (option: Option, spelling: String, inverted: Bool, attached: String?)
    {
        if token.hasPrefix("--") {
            let body = token.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let attached = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            let spelling = "--" + name
            if let (option, inverted) = current.option(long: name) {
                return (option, spelling, inverted, attached)
            }
            if name == "help" || (name == "version" && path.count == 1) { throw .flagWithValue(spelling) }
            try refuseParentOption(spelling) { $0.option(long: name) != nil }
            var candidates = current.options.flatMap(\.longNames) + ["help"]
            if path.count == 1 { candidates.append("version") }
            throw .unknownOption(spelling, suggestion: Suggestion.closest(to: name, among: candidates).map { "--" + $0 })
        }
        let letters = Array(token.dropFirst())
        let short = letters[0]
        if letters.count > 1 {
            if path.contains(where: { $0.option(short: short)?.kind == .value }) {
                throw .attachedShortValue(short)
            }
            throw .unknownOption(Self.nameOnly(token), suggestion: nil)
        }
        if let option = current.option(short: short) {
            return (option, token, false, nil)
        }
        try refuseParentOption(token) { $0.option(short: short) != nil }
        throw .unknownOption(token, suggestion: nil)
    }

    /// Throws when a command above the current one declares the option.
    private func refuseParentOption(_ spelling: String, declares: (Command) -> Bool) throws(ParseFailure) {
        for depth in path.indices.dropLast() where declares(path[depth]) {
            let owner = path[...depth].map(\.name).joined(separator: " ")
            throw .optionOfParent(spelling, owner: owner, before: path[depth + 1].name)
        }
    }

    /// The token up to any `=`: an attached value is never echoed.
    private static func nameOnly(_ token: String) -> String {
        String(token.prefix { $0 != "=" })
    }
}
