extension Walk {
    /// Layers the command line over the environment over the defaults for
    /// every option on the path, then deals the positional values out to the
    /// leaf's arguments. Fails on the first required option or argument left out.
    func resolve(environment: [String: String]) throws(ParseFailure) -> ParsedArguments {
        var entries: [String: ParsedArguments.Entry] = [:]
        for option in path.flatMap(\.options) {
            entries[option.name] = try entry(for: option, environment: environment)
        }
        var remaining = positionals[...]
        var dealt: [String: [String]] = [:]
        for argument in path[path.count - 1].arguments {
            switch argument.arity {
            case .required, .optional:
                dealt[argument.name] = remaining.popFirst().map { [$0] } ?? []
            case .variadic:
                dealt[argument.name] = Array(remaining)
                remaining = []
            }
            if argument.isRequired && dealt[argument.name, default: []].isEmpty {
                throw .missingArgument(label: argument.synopsis, environmentVariable: nil)
            }
        }
        return ParsedArguments(commandPath: path.map(\.name), entries: entries, positionals: dealt)
    }

    private func entry(for option: Option, environment: [String: String]) throws(ParseFailure)
        -> ParsedArguments.Entry
    {
        let given = given[option.name]
        if option.kind == .flag {
            return .init(option: option, values: [], flag: given?.flag ?? option.defaultFlag,
                         source: given == nil ? .default : .commandLine)
        }
        if let given {
            return .init(option: option, values: given.values, flag: false, source: .commandLine)
        }
        if let variable = option.environmentVariable, let value = environment[variable], !value.isEmpty {
            return .init(option: option, values: [value], flag: false, source: .environment)
        }
        if let value = option.defaultValue {
            return .init(option: option, values: [value], flag: false, source: .default)
        }
        if option.isRequired {
            throw .missingArgument(
                label: option.label(spelling: option.longSpelling), environmentVariable: option.environmentVariable)
        }
        return .init(option: option, values: [], flag: false, source: .absent)
    }
}
