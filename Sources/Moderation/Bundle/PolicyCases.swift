/// The test cases beside the rules (Policies/moderation/cases.txt and
/// cases-obfuscated.txt): one case a line, `<expected>: <text>`, `#` comments
/// and blank lines ignored, where `<expected>` is
///
/// - `commercial`: any action but allow; `legitimate`: allow;
/// - `allow`, `flag`, `hold`, `block`: exactly that action;
/// - `missed`: allow, a known miss (a fix that catches it fails the case, so
///   that it moves up to `commercial`).
///
///     let failures = try PolicyCases.run(cases, engine: policy.engine)
public enum PolicyCases {
    /// One case of one file.
    public struct Case: Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let expected: String
        public let text: String
        /// `file:line: expected: text`.
        public var description: String { "\(file):\(line): \(expected): \(text)" }
    }

    /// A case whose verdict differs from what the file expects.
    public struct Failure: Sendable, CustomStringConvertible {
        public let testCase: Case
        public let verdict: Verdict
        /// `file:line: expected EXPECTED, got VERDICT: text`.
        public var description: String {
            "\(testCase.file):\(testCase.line): expected \(testCase.expected), got \(verdict): \(testCase.text)"
        }
    }

    /// The labels a case may have.
    public static let labels: Set<String> = ["commercial", "legitimate", "allow", "flag", "hold", "block", "missed"]

    /// The cases of a file. Throws every malformed line as `file:line: message`.
    public static func parse(_ source: RuleSource) throws(RuleFileError) -> [Case] {
        var cases: [Case] = []
        var problems: [RuleFileError.Problem] = []
        guard let text = String(validating: source.bytes, as: UTF8.self) else {
            throw RuleFileError(problems: [.init(file: source.name, line: 1, message: "the file is not valid UTF-8")])
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Self.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"), labels.contains(String(line[..<colon])) else {
                problems.append(.init(file: source.name, line: index + 1,
                                      message: "expected `<label>: <text>` with a label of \(labels.sorted().joined(separator: ", "))"))
                continue
            }
            cases.append(Case(file: source.name, line: index + 1, expected: String(line[..<colon]),
                              text: Self.trimmed(line[line.index(after: colon)...])))
        }
        if !problems.isEmpty { throw RuleFileError(problems: problems) }
        return cases
    }

    /// Whether `verdict` is what `expected` asks for.
    public static func passes(_ verdict: Verdict, expected: String) -> Bool {
        switch expected {
        case "commercial": verdict.action != .allow
        case "legitimate", "missed": verdict.action == .allow
        default: verdict.action.description == expected
        }
    }

    /// Runs every case of `sources` with `engine`; returns the case count and the failures.
    public static func run(_ sources: [RuleSource], engine: RuleEngine) throws(RuleFileError) -> (count: Int, failures: [Failure]) {
        var all: [Case] = []
        var problems: [RuleFileError.Problem] = []
        for source in sources {
            do throws(RuleFileError) { all += try parse(source) } catch { problems += error.problems }
        }
        if !problems.isEmpty { throw RuleFileError(problems: problems) }
        var failures: [Failure] = []
        for item in all {
            let verdict = engine.evaluate(Array(item.text.utf8))
            if !passes(verdict, expected: item.expected) { failures.append(Failure(testCase: item, verdict: verdict)) }
        }
        return (all.count, failures)
    }

    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
