/// A rule file (or rule set) that was refused, with every problem found:
/// one `file:line: message` each, in file order. A file is taken whole or not
/// at all; no rule is ever silently dropped.
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem at one line.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The file name as given to the parser.
        public let file: String
        /// 1-based line number.
        public let line: Int
        /// What is wrong, for the rule's author (regex problems name the
        /// column: "column 12: …").
        public let message: String

        /// `file:line: message`.
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Every problem, in file order.
    public let problems: [Problem]

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
