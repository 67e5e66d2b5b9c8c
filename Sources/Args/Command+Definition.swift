extension Command {
    /// Mistakes in this command tree, one sentence each; empty when the tree is sound.
    ///
    /// ``ArgsRunner`` stops the process on any, so check it in a test:
    /// `#expect(root.definitionProblems == [])`. It checks that names are
    /// lowercase words joined by `-` and unique along every path (options,
    /// their `no-` inversions, short names, arguments, and the reserved
    /// `help`, `-h` and, at the root, `version` and the `help` subcommand);
    /// that a command has subcommands or arguments but not both, and a leaf a
    /// `run` closure; that arguments go required, optional, variadic; that a
    /// required option has no default, a flag defaulting to `true` has an
    /// inversion, and environment variables are upper-case names.
    public var definitionProblems: [String] {
        var problems: [String] = []
        check(path: [], takenNames: ["help", "version"], takenShorts: ["h"], problems: &problems)
        return problems
    }

    private func check(path: [String], takenNames: Set<String>, takenShorts: Set<Character>,
                       problems: inout [String]) {
        let path = path + [name]
        let here = "'\(path.joined(separator: " "))'"
        var names = takenNames, shorts = takenShorts
        func claim(_ name: String, _ what: String) {
            if !Self.isValidName(name) { problems.append("\(here): \(what) name '\(name)' is not lowercase words joined by '-'") }
            if !names.insert(name).inserted { problems.append("\(here): \(what) '\(name)' is declared twice or reserved") }
        }
        if !Self.isValidName(name) { problems.append("\(here): command name is not lowercase words joined by '-'") }
        if !subcommands.isEmpty && !arguments.isEmpty { problems.append("\(here): has both subcommands and arguments") }
        if subcommands.isEmpty && run == nil { problems.append("\(here): has neither subcommands nor a run closure") }
        for option in options {
            option.longNames.forEach { claim($0, "option") }
            if let short = option.short, !(short.isASCII && (short.isLetter || short.isNumber)) || !shorts.insert(short).inserted {
                problems.append("\(here): short name '-\(short)' is not a letter, is declared twice or is reserved")
            }
            problems += option.problems.map { "\(here): option '--\(option.name)' \($0)" }
        }
        var arityRank = 0
        for argument in arguments {
            claim(argument.name, "argument")
            let rank = switch argument.arity { case .required: 0; case .optional: 1; case .variadic: 2 }
            if rank < arityRank || (rank == 2 && arityRank == 2) {
                problems.append("\(here): argument '\(argument.name)' is out of order (required, optional, then one variadic)")
            }
            arityRank = max(arityRank, rank)
        }
        var subcommandNames: Set<String> = path.count == 1 ? ["help"] : []
        for subcommand in subcommands {
            if !subcommandNames.insert(subcommand.name).inserted {
                problems.append("\(here): subcommand '\(subcommand.name)' is declared twice or reserved")
            }
            // Only the root's `--version` is reserved; a subcommand may use the name.
            let inherited = path.count == 1 ? names.subtracting(takenNames).union(["help"]) : names
            subcommand.check(path: path, takenNames: inherited, takenShorts: shorts, problems: &problems)
        }
    }

    private static func isValidName(_ name: String) -> Bool {
        let words = name.split(separator: "-", omittingEmptySubsequences: false)
        return !name.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        }
    }
}

extension Option {
    /// This option's own inconsistencies, as sentence endings.
    var problems: [String] {
        var problems: [String] = []
        if isRequired && defaultValue != nil { problems.append("is required and has a default") }
        if kind == .flag && defaultFlag && !hasInversion { problems.append("defaults to true without an inversion") }
        if let variable = environmentVariable,
           variable.isEmpty || variable.first!.isNumber
            || !variable.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
            problems.append("reads environment variable '\(variable)', not an upper-case name")
        }
        if kind == .value && (valueName.isEmpty || valueName.contains(" ")) { problems.append("has an empty or spaced value name") }
        return problems
    }
}
