/// One rule file (or test case file) by name: a file of a policy directory
/// or one compiled into the binary. Problems name it as `name:line`.
public struct RuleSource: Sendable {
    /// The file name as shown in messages (`commercial.rules`).
    public let name: String
    /// The file's bytes (need not be valid UTF-8: bad bytes are reported).
    public let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

extension RuleSet {
    /// The rules of every source as one set, checked as the engine will use
    /// them (patterns that normalise to nothing, automaton limits). Throws
    /// every problem of every file, each `file:line: message`; a set is taken
    /// whole or not at all.
    public static func load(_ sources: [RuleSource], normaliser: TextNormaliser = TextNormaliser()) throws(RuleFileError) -> RuleSet {
        var problems: [RuleFileError.Problem] = []
        var sets: [RuleSet] = []
        for source in sources {
            do throws(RuleFileError) {
                sets.append(try RuleSet.parse(utf8: source.bytes, file: source.name))
            } catch {
                problems += error.problems
            }
        }
        if !problems.isEmpty { throw RuleFileError(problems: problems) }
        let combined = try RuleSet(combining: sets)
        _ = try RuleEngine(combined, normaliser: normaliser)
        return combined
    }
}
