/// The rules of one or more `.rules` files (format `trustforum-rules/v1`,
/// described in Policies/moderation/README.md), validated: every id unique,
/// every pattern valid for its matcher, every regex within the supported
/// subset. Build a `RuleEngine` from it to evaluate texts.
///
///     let rules = try RuleSet.parse(source, file: "commercial.rules")
///     let engine = try RuleEngine(rules, normalise: normaliser)
///     let verdict = engine.evaluate(Array(post.utf8))
public struct RuleSet: Sendable {
    /// The rules in file order.
    public let rules: [Rule]

    init(rules: [Rule]) {
        self.rules = rules
    }

    /// Parses a rule file. Throws every problem found, each as
    /// `file:line: message`.
    public static func parse(_ source: String, file: String) throws(RuleFileError) -> RuleSet {
        try parse(utf8: Array(source.utf8), file: file)
    }

    /// Parses a rule file given as bytes (which need not be valid UTF-8: bad
    /// bytes are reported, never trapped on). Total: never crashes.
    public static func parse(utf8 source: some Collection<UInt8>, file: String) throws(RuleFileError) -> RuleSet {
        var parser = RuleFileParser(file: file)
        parser.parse(Array(source))
        if !parser.problems.isEmpty { throw RuleFileError(problems: parser.problems) }
        return RuleSet(rules: parser.rules)
    }

    /// The rules of several sets as one; refuses an id defined in more than
    /// one of them.
    public init(combining sets: [RuleSet]) throws(RuleFileError) {
        var seen: [String: SourceLocation] = [:]
        var problems: [RuleFileError.Problem] = []
        var all: [Rule] = []
        for rule in sets.flatMap(\.rules) {
            if let first = seen[rule.id] {
                problems.append(.init(file: rule.location.file, line: rule.location.line,
                                      message: "duplicate rule id '\(rule.id)' (first defined at \(first))"))
                continue
            }
            seen[rule.id] = rule.location
            all.append(rule)
        }
        if !problems.isEmpty { throw RuleFileError(problems: problems) }
        self.rules = all
    }
}
